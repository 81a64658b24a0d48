// The response assertions and RequestFactory of hyperdjango/test, as a user's tests
// call them: each passes on what Django's passes on, and fails with node's
// AssertionError and a message that says what differed.
import { AssertionError } from 'node:assert';
import { resetSettings } from '../../src/conf/settings';
import { HttpResponse, HttpResponsePermanentRedirect, JsonResponse, type Request } from '../../src/http';
import { redirect, render } from '../../src/shortcuts';
import { Client, RequestFactory, assertContains, assertNotContains, assertRedirects, assertTemplateNotUsed, assertTemplateUsed } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';
import { setupWeb } from '../http/support';

const urls = [
  path('page/', (request: Request) => render(request, 'page.html', { name: request.query.get('name') ?? 'world' }), { name: 'page' }),
  path('plain/', () => new HttpResponse('one two two')),
  path('go/', () => redirect('page')),
  path('moved/', () => new HttpResponsePermanentRedirect('/page/')),
  path('nowhere/', () => redirect('/missing/')),
];

let client: Client;
beforeAll(() => {
  setupWeb({ DEBUG: false }, { 'page.html': '<h1>Hello {{ name }}</h1>', '404.html': 'gone' });
  setUrlconf(urls);
  client = new Client();
});
afterAll(() => {
  setUrlconf(null);
  resetSettings();
});

async function failure(fn: () => unknown): Promise<AssertionError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AssertionError);
    return error as AssertionError;
  }
  throw new Error('the assertion passed');
}

test('assertContains and assertNotContains: text, count and status', async () => {
  const page = await client.get('/plain/');
  assertContains(page, 'two');
  assertContains(page, 'two', { count: 2 });
  assertNotContains(page, 'three');
  expect((await failure(() => assertContains(page, 'two', { count: 1 }))).message).toBe('Found 2 instances of "two" in the response, expected 1.');
  expect((await failure(() => assertContains(page, 'three'))).message).toMatch(/^Couldn't find "three" in the response:\none two two/);
  expect((await failure(() => assertNotContains(page, 'one'))).message).toBe('Found "one" in the response.');
  const missing = await client.get('/nope/');
  expect((await failure(() => assertContains(missing, 'gone'))).message).toBe("assertContains: the response's status is 404, expected 200.");
  assertContains(missing, 'gone', { status: 404 });
});

test('assertRedirects: the target, the status, and the target answering', async () => {
  await assertRedirects(await client.get('/go/'), '/page/', { client });
  await assertRedirects(await client.get('/moved/'), '/page/', { status: 301, client });
  await assertRedirects(await client.get('/go/', { follow: true }), '/page/');
  expect((await failure(async () => assertRedirects(await client.get('/go/'), '/elsewhere/'))).message).toBe('The response redirected to "/page/", expected "/elsewhere/".');
  expect((await failure(async () => assertRedirects(await client.get('/moved/'), '/page/'))).message).toBe("The response didn't redirect as expected: its status is 301, expected 302.");
  expect((await failure(async () => assertRedirects(await client.get('/nowhere/'), '/missing/', { client }))).message).toBe("The redirect target /missing/: the response's status is 404, expected 200.");
  await assertRedirects(await client.get('/nowhere/'), '/missing/', { fetchRedirectResponse: false });
  expect((await failure(async () => assertRedirects(await client.get('/plain/'), '/page/'))).message).toBe("The response didn't redirect as expected: its status is 200, expected 302.");
});

test('assertTemplateUsed and assertTemplateNotUsed', async () => {
  const page = await client.get('/page/', { query: { name: 'Ann' } });
  assertContains(page, '<h1>Hello Ann</h1>');
  assertTemplateUsed(page, 'page.html');
  assertTemplateNotUsed(page, 'other.html');
  expect((await failure(() => assertTemplateUsed(page, 'other.html'))).message).toBe('The response was rendered from "page.html", not "other.html".');
  expect((await failure(() => assertTemplateNotUsed(page, 'page.html'))).message).toBe('The response was rendered from "page.html".');
  expect((await failure(async () => assertTemplateUsed(await client.get('/plain/'), 'page.html'))).message).toBe('No template was used to render the response; expected "page.html".');
});

test('RequestFactory: requests handed to a view directly, without middleware or routing', async () => {
  const factory = new RequestFactory({ headers: { 'x-team': 'blue' } });
  const view = async (request: Request) =>
    new JsonResponse({ method: request.method, path: request.path, q: request.query.get('q'), team: request.headers.get('x-team'), body: request.method === 'POST' ? await request.json() : null, host: request.getHost() });
  const got = await view(factory.get('/search/', { query: { q: 'node' } }));
  expect(JSON.parse(String(got.content))).toEqual({ method: 'GET', path: '/search/', q: 'node', team: 'blue', body: null, host: 'testserver' });
  const posted = await view(factory.post('/items/', { name: 'x' }, { contentType: 'application/json' }));
  expect(JSON.parse(String(posted.content))).toMatchObject({ method: 'POST', path: '/items/', body: { name: 'x' } });
  const request = factory.get('/');
  expect(request.user).toBeUndefined(); // no middleware ran: attach user or session yourself
});
