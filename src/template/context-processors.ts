// Context processors: functions of the request whose results every template
// rendered with that request sees (Django's TEMPLATES OPTIONS context_processors).
// Configured by name or as functions in OPTIONS.contextProcessors; framework layers
// (CSRF, auth, messages) add theirs with registerContextProcessor().
import { ImproperlyConfigured } from '../core/errors';
import { loadExport } from '../core/module-export';
import { closestMatch } from '../core/suggest';
import type { Request } from '../http/request';
import type * as Csrf from '../middleware/csrf';
import { Markup } from './markup';

/** A function of the request being rendered for: what it returns joins the template's context. */
export type ContextProcessor = (request: Request) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** The built-in processors, under Django's names with the hyperdjango prefix. */
export const BUILTIN_PROCESSORS: Record<string, ContextProcessor> = {
  /** `request` (also added by renderToString whenever a request is given). */
  'hyperdjango.template.context_processors.request': (request) => ({ request }),
  /** `user`, as the auth middleware sets it on the request. */
  'hyperdjango.template.context_processors.auth': (request: unknown) => (isObject(request) && 'user' in request ? { user: request.user } : {}),
  /**
   * `messages`, the messages middleware's storage of the request (empty without it;
   * iterating marks them shown), and `DEFAULT_MESSAGE_LEVELS`. The app
   * hyperdjango.messages adds the same to every render; this name is for TEMPLATES
   * that list their processors.
   */
  'hyperdjango.template.context_processors.messages': (request: unknown) => ({
    messages: (isObject(request) && 'messages' in request ? request.messages : undefined) ?? [],
    DEFAULT_MESSAGE_LEVELS: { DEBUG: 10, INFO: 20, SUCCESS: 25, WARNING: 30, ERROR: 40 },
  }),
  /** `csrf_token` and `csrf_input` (the hidden form field); applied to every render with a request, as in Django. */
  'hyperdjango.template.context_processors.csrf': csrfProcessor,
  /** `csp_nonce`, the CSP middleware's nonce for `<script nonce="{{ csp_nonce }}">`; applied to every render with a request. */
  'hyperdjango.template.context_processors.csp': cspProcessor,
};

// The built-in processors read the request defensively: renderToString is also given stand-ins.
const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * Safe HTML made only when the template prints it: a page without a form does not
 * set the CSRF cookie (nor Vary: Cookie), so it stays cacheable.
 */
function lazyMarkup(make: () => string): Markup {
  const markup = new Markup('');
  let value: string | undefined;
  Object.defineProperty(markup, 'html', { get: () => (value ??= make()), enumerable: true });
  return markup;
}

function csrfProcessor(request: unknown): Record<string, unknown> {
  if (!isObject(request) || !('headers' in request)) return {};
  let token: string | undefined;
  // The CSRF module is required on first use: rendering without a token never loads it.
  const lazyToken = () => (token ??= (require('../middleware/csrf') as typeof Csrf).getToken(request as Request));
  return {
    csrf_token: lazyMarkup(lazyToken),
    csrf_input: lazyMarkup(() => `<input type="hidden" name="csrfmiddlewaretoken" value="${lazyToken()}">`),
  };
}

/** Lazy like the CSRF token: only a page that prints the nonce puts it in the policy. */
function cspProcessor(request: unknown): Record<string, unknown> {
  if (!isObject(request) || !('cspEnabled' in request)) return {};
  return { csp_nonce: lazyMarkup(() => String((request as { cspNonce?: unknown }).cspNonce)) };
}

const registered: ContextProcessor[] = [csrfProcessor, cspProcessor];

/** Adds a processor that applies to every render with a request, after the configured ones. */
export function registerContextProcessor(processor: ContextProcessor): void {
  if (!registered.includes(processor)) registered.push(processor);
}

export function registeredContextProcessors(): readonly ContextProcessor[] {
  return registered;
}

/**
 * Resolves one configured entry: a function, a built-in name, or a project module
 * and export, 'blog/context-processors#site' (or 'blog/context-processors.site').
 */
export function resolveContextProcessor(entry: unknown, baseDir: string): ContextProcessor {
  if (typeof entry === 'function') return entry as ContextProcessor;
  if (typeof entry !== 'string') throw new ImproperlyConfigured(`TEMPLATES OPTIONS.contextProcessors: expected a function or a module name, got ${typeof entry}.`);
  if (BUILTIN_PROCESSORS[entry]) return BUILTIN_PROCESSORS[entry];
  if (entry.startsWith('hyperdjango.')) {
    const match = closestMatch(entry, Object.keys(BUILTIN_PROCESSORS));
    throw new ImproperlyConfigured(`Unknown context processor '${entry}'.${match ? ` Did you mean '${match}'?` : ''}`);
  }
  return loadExport(entry, baseDir, { setting: 'TEMPLATES OPTIONS.contextProcessors', dottedExport: true, requireExport: true }) as ContextProcessor;
}

/** Runs processors in order; later ones override earlier ones' names. */
export async function runContextProcessors(processors: readonly ContextProcessor[], request: unknown): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const processor of processors) {
    // The framework renders with the Request it answers; a test may hand renderToString a stand-in.
    const values = await processor(request as Request);
    if (values === null || typeof values !== 'object') {
      throw new ImproperlyConfigured(`Context processor ${processor.name || '(anonymous)'} must return an object, got ${values === null ? 'null' : typeof values}.`);
    }
    Object.assign(out, values);
  }
  return out;
}
