// The generic edit views through the test client and over real sockets, on a real
// PostgreSQL database: FormView, CreateView, UpdateView and DeleteView (GET confirms,
// POST deletes), success URLs by path and by name, formValid/formInvalid hooks.
import { resetSettings } from '../../src/conf/settings';
import { CharField, EmailField, form, type BaseForm } from '../../src/forms';
import { HttpResponse, type BaseResponse } from '../../src/http';
import { Client, startLiveServer, type LiveServer } from '../../src/test-client';
import { resetEngine } from '../../src/template/engine';
import { path as route, setUrlconf } from '../../src/urls';
import { CreateView, DeleteView, FormView, UpdateView } from '../../src/views';
import { makeSuiteTempDir, writeFiles } from '../support/temp-project';
import { Shelf } from './models';
import { useLibraryDatabase } from './support';

const root = makeSuiteTempDir('hyper-edit-views-');
writeFiles(root, {
  'templates/contact.html': '<form method="post">{{ form }}</form>',
  'templates/library/shelf_form.html': '{% if object %}editing {{ object.name }}{% endif %}<form method="post">{{ form.asP() }}</form>',
  'templates/library/shelf_confirm_delete.html': 'Delete {{ shelf.name }}?<form method="post"></form>',
});
useLibraryDatabase('postgres', { ALLOWED_HOSTS: ['testserver', '127.0.0.1'], BASE_DIR: root, TEMPLATES: [{ DIRS: ['templates'] }] });

class ContactForm extends form({ name: CharField({ maxLength: 20 }), email: EmailField() }) {}
const sent: Array<Record<string, unknown>> = [];

class Contact extends FormView {
  override templateName = 'contact.html';
  override formClass = ContactForm;
  override successUrl = '/thanks/';
  override async formValid(f: BaseForm): Promise<BaseResponse> {
    sent.push({ ...f.cleanedDataOrEmpty() });
    return super.formValid(f);
  }
}
class ShelfCreate extends CreateView {
  override model = Shelf;
  override fields = ['name'];
  override successUrl = 'shelf-edit';
}
class ShelfUpdate extends UpdateView {
  override model = Shelf;
  override fields = ['name'];
  override successUrl = '/shelves/{id}/done/';
}
class ShelfDelete extends DeleteView {
  override model = Shelf;
  override successUrl = '/shelves/';
}

beforeAll(() => {
  resetEngine();
  setUrlconf([
    route('contact/', Contact.asView()),
    route('shelves/new/', ShelfCreate.asView()),
    route('shelves/<int:pk>/', ShelfUpdate.asView(), { name: 'shelf-edit' }),
    route('shelves/<int:pk>/delete/', ShelfDelete.asView()),
    route('thanks/', () => new HttpResponse('thanks')),
  ]);
});
afterAll(() => {
  setUrlconf(null);
  resetSettings();
});

const client = () => new Client({ log: () => undefined });

describe('through the test client', () => {
  it('FormView shows the form, shows errors on a bad POST, redirects on a good one', async () => {
    const c = client();
    const page = await c.get('/contact/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<input type="text" name="name" maxlength="20" required id="id_name">');
    const bad = await c.post('/contact/', { name: 'Ann', email: 'nope' });
    expect(bad.status).toBe(200);
    expect(bad.text).toContain('<ul class="errorlist" id="id_email_error"><li>Enter a valid email address.</li></ul>');
    expect(bad.text).toContain('value="Ann"');
    const good = await c.post('/contact/', { name: 'Ann', email: 'ann@example.com' });
    expect([good.status, good.url]).toEqual([302, '/thanks/']);
    expect(sent.at(-1)).toEqual({ name: 'Ann', email: 'ann@example.com' });
  });

  it('FormView binds a JSON body too', async () => {
    const res = await client().post('/contact/', JSON.stringify({ name: 'Bo', email: 'bo@example.com' }), { contentType: 'application/json' });
    expect([res.status, res.url]).toEqual([302, '/thanks/']);
  });

  it('CreateView saves a row and redirects to a URL named with its key; a duplicate is a form error', async () => {
    const c = client();
    expect((await c.get('/shelves/new/')).text).toContain('<label for="id_name">Name:</label>');
    const created = await c.post('/shelves/new/', { name: 'Poetry' });
    const shelf = await Shelf.objects.get({ name: 'Poetry' });
    expect([created.status, created.url]).toEqual([302, `/shelves/${String(shelf.pk)}/`]);
    const again = await c.post('/shelves/new/', { name: 'Poetry' });
    expect(again.status).toBe(200);
    expect(again.text).toContain('Shelf with this Name already exists.');
    expect(await Shelf.objects.count()).toBe(1);
  });

  it('UpdateView edits the row of the URL, 404 for a missing one', async () => {
    const shelf = await Shelf.objects.create({ name: 'Old' });
    const c = client();
    const page = await c.get(`/shelves/${String(shelf.pk)}/`);
    expect(page.text).toContain('editing Old');
    expect(page.text).toContain('value="Old"');
    const res = await c.post(`/shelves/${String(shelf.pk)}/`, { name: 'New' });
    expect([res.status, res.url]).toEqual([302, `/shelves/${String(shelf.pk)}/done/`]);
    expect((await Shelf.objects.get({ pk: shelf.pk })).name).toBe('New');
    expect((await c.get('/shelves/999/')).status).toBe(404);
  });

  it('DeleteView asks on GET and deletes on POST', async () => {
    const shelf = await Shelf.objects.create({ name: 'Gone' });
    const c = client();
    const ask = await c.get(`/shelves/${String(shelf.pk)}/delete/`);
    expect(ask.text).toContain('Delete Gone?');
    expect(await Shelf.objects.count()).toBe(1);
    const res = await c.post(`/shelves/${String(shelf.pk)}/delete/`, {});
    expect([res.status, res.url]).toEqual([302, '/shelves/']);
    expect(await Shelf.objects.count()).toBe(0);
  });
});

describe.each(['native', 'node'] as const)('over real sockets (%s adapter)', (adapter) => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer({ adapter, log: () => undefined });
  });
  afterAll(() => server.close());

  const send = (target: string, form?: Record<string, string>) =>
    fetch(`${server.url}${target}`, form ? { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' } : { redirect: 'manual' });

  it('creates, rejects, updates and deletes', async () => {
    const created = await send('/shelves/new/', { name: 'Sockets' });
    expect(created.status).toBe(302);
    const shelf = await Shelf.objects.get({ name: 'Sockets' });
    expect(created.headers.get('location')).toBe(`/shelves/${String(shelf.pk)}/`);
    const invalid = await send(`/shelves/${String(shelf.pk)}/`, { name: '' });
    expect(invalid.status).toBe(200);
    expect(await invalid.text()).toContain('aria-invalid="true"');
    expect((await send(`/shelves/${String(shelf.pk)}/delete/`, {})).status).toBe(302);
    expect(await Shelf.objects.count()).toBe(0);
  });
});
