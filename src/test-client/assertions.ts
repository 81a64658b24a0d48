// Django's response assertions, for any test style: they throw node's AssertionError,
// which node:test and jest both report with the values compared.
import { AssertionError } from 'node:assert';
import type { TestResponse } from './client';

function fail(message: string, actual?: unknown, expected?: unknown, operator?: string): never {
  throw new AssertionError({ message, actual, expected, operator });
}

function checkStatus(response: TestResponse, status: number, what: string): void {
  if (response.status !== status) fail(`${what}: the response's status is ${response.status}, expected ${status}.`, response.status, status, 'status');
}

function occurrences(text: string, needle: string): number {
  if (!needle) return 0;
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** The response has `status` (200) and its text holds `text` (exactly `count` times when given). */
export function assertContains(response: TestResponse, text: string, options: { count?: number; status?: number } = {}): void {
  checkStatus(response, options.status ?? 200, 'assertContains');
  const found = occurrences(response.text, text);
  if (options.count !== undefined) {
    if (found !== options.count) fail(`Found ${found} instances of ${JSON.stringify(text)} in the response, expected ${options.count}.`, found, options.count, 'assertContains');
  } else if (found === 0) {
    fail(`Couldn't find ${JSON.stringify(text)} in the response:\n${preview(response.text)}`, response.text, text, 'assertContains');
  }
}

/** The response has `status` (200) and its text does not hold `text`. */
export function assertNotContains(response: TestResponse, text: string, options: { status?: number } = {}): void {
  checkStatus(response, options.status ?? 200, 'assertNotContains');
  if (occurrences(response.text, text)) fail(`Found ${JSON.stringify(text)} in the response.`, response.text, text, 'assertNotContains');
}

/**
 * The response redirects (status 302 unless told) to `expectedUrl`; the client then
 * fetches the target, which must answer `targetStatus` (200) unless
 * `fetchRedirectResponse: false`.
 */
export async function assertRedirects(
  response: TestResponse,
  expectedUrl: string,
  options: { status?: number; targetStatus?: number; fetchRedirectResponse?: boolean; client?: { get(path: string): Promise<TestResponse> } } = {},
): Promise<void> {
  const status = options.status ?? 302;
  const chain = response.redirectChain;
  const [url, first] = chain.length ? [chain[chain.length - 1][0], chain[0][1]] : [response.url, response.status];
  if (first !== status) fail(`The response didn't redirect as expected: its status is ${first}, expected ${status}.`, first, status, 'assertRedirects');
  if (url === undefined) fail('The response has no Location header.', undefined, expectedUrl, 'assertRedirects');
  const normal = (value: string) => new URL(value, 'http://testserver').toString();
  if (normal(url) !== normal(expectedUrl)) fail(`The response redirected to ${JSON.stringify(url)}, expected ${JSON.stringify(expectedUrl)}.`, url, expectedUrl, 'assertRedirects');
  if (options.fetchRedirectResponse === false || chain.length) {
    if (chain.length) checkStatus(response, options.targetStatus ?? 200, `The redirect target ${url}`);
    return;
  }
  if (!options.client) return;
  const target = new URL(url, 'http://testserver');
  const followed = await options.client.get(target.pathname + target.search);
  checkStatus(followed, options.targetStatus ?? 200, `The redirect target ${url}`);
}

/** The response was rendered from the template `name`. */
export function assertTemplateUsed(response: TestResponse, name: string): void {
  if (response.templateName !== name) {
    fail(
      response.templateName ? `The response was rendered from ${JSON.stringify(response.templateName)}, not ${JSON.stringify(name)}.` : `No template was used to render the response; expected ${JSON.stringify(name)}.`,
      response.templateName,
      name,
      'assertTemplateUsed',
    );
  }
}

/** The response was not rendered from the template `name`. */
export function assertTemplateNotUsed(response: TestResponse, name: string): void {
  if (response.templateName === name) fail(`The response was rendered from ${JSON.stringify(name)}.`, response.templateName, name, 'assertTemplateNotUsed');
}

function preview(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
