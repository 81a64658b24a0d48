// getConnection(): the backend EMAIL_BACKEND names (or the one asked for), made with
// the options given. Under DEBUG with no EMAIL_BACKEND, mail goes to the console.
import { ImproperlyConfigured } from '../core/errors';
import { closestMatch } from '../core/suggest';
import { settings } from '../conf/settings';
import type { BaseEmailBackend } from './backends/base';
import { ConsoleEmailBackend, type ConsoleBackendOptions } from './backends/console';
import { DummyEmailBackend } from './backends/dummy';
import { FileEmailBackend, type FileBackendOptions } from './backends/file';
import { LocmemEmailBackend } from './backends/locmem';
import { SmtpEmailBackend, type SmtpBackendOptions } from './backends/smtp';

export type ConnectionOptions = SmtpBackendOptions & ConsoleBackendOptions & FileBackendOptions;
type BackendClass = new (options: ConnectionOptions) => BaseEmailBackend;

const BACKENDS: Record<string, BackendClass> = {
  smtp: SmtpEmailBackend,
  console: ConsoleEmailBackend,
  file: FileEmailBackend,
  locmem: LocmemEmailBackend,
  dummy: DummyEmailBackend,
};

/** A backend: `backend` (a name or a class) or EMAIL_BACKEND, made with `options`. */
export function getConnection(backend?: string | BackendClass | null, options: ConnectionOptions = {}): BaseEmailBackend {
  const entry = backend ?? (settings.EMAIL_BACKEND as string | BackendClass | null) ?? (settings.DEBUG ? 'console' : 'smtp');
  if (typeof entry === 'function') return new entry(options);
  const name = entry.replace(/^hyperdjango\.mail\.backends\./, '');
  const found = BACKENDS[name];
  if (!found) {
    const hint = closestMatch(name, Object.keys(BACKENDS));
    throw new ImproperlyConfigured(`Unknown mail backend '${entry}'${hint ? ` (did you mean '${hint}'?)` : ''}: EMAIL_BACKEND is one of ${Object.keys(BACKENDS).join(', ')}, or a backend class.`, { code: 'HYPER_MAIL_UNKNOWN_BACKEND' });
  }
  return new found(options);
}
