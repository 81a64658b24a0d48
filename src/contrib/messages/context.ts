// The `messages` template variable (and DEFAULT_MESSAGE_LEVELS), for every render
// with a request once the app is installed. Reading the storage is lazy: a page that
// never prints `messages` reads no cookie and no session.
import type { Request } from '../../http/request';
import { DEFAULT_LEVELS } from './constants';

export function messagesContext(request: Request | undefined): Record<string, unknown> {
  const storage = request && typeof request === 'object' ? (request as { messages?: unknown }).messages : undefined;
  return { messages: storage ?? [], DEFAULT_MESSAGE_LEVELS: DEFAULT_LEVELS };
}
