// messages.success(request, 'Saved.') and friends (Django's django.contrib.messages.api).
import { ImproperlyConfigured } from '../../core/errors';
import type { Request } from '../../http/request';
import { DEBUG, ERROR, INFO, SUCCESS, WARNING } from './constants';
import type { Message } from './message';
import type { BaseStorage } from './storage/base';

export interface AddMessageOptions {
  /** More CSS classes for the message, before the level's tag. */
  extraTags?: string;
  /** Without the messages middleware, do nothing instead of throwing. */
  failSilently?: boolean;
}

/** The request's message storage, or null without the middleware. */
function storageOf(request: Request): BaseStorage | null {
  const storage = (request as { messages?: unknown }).messages;
  return storage && typeof (storage as BaseStorage).add === 'function' ? (storage as BaseStorage) : null;
}

/** Adds a message of any level (a number; the constants name the usual ones). */
export function addMessage(request: Request, level: number, message: string, options: AddMessageOptions = {}): void {
  const storage = storageOf(request);
  if (storage) return storage.add(level, message, options.extraTags ?? '');
  if (options.failSilently) return;
  throw new ImproperlyConfigured("You cannot add messages without installing 'hyperdjango.messages.middleware': add it to MIDDLEWARE, after the sessions middleware (and 'hyperdjango.messages' to INSTALLED_APPS).", { code: 'HYPER_MESSAGES_NOT_INSTALLED' });
}

/** The request's messages (iterating them marks them used), or [] without the middleware. */
export function getMessages(request: Request): Iterable<Message> {
  return storageOf(request) ?? [];
}

/** The lowest level recorded for this request. */
export function getLevel(request: Request): number {
  return storageOf(request)?.level ?? INFO;
}

/** Sets the lowest level recorded for this request (null: back to MESSAGE_LEVEL); false without the middleware. */
export function setLevel(request: Request, level: number | null): boolean {
  const storage = storageOf(request);
  if (!storage) return false;
  storage.level = level;
  return true;
}

export const debug = (request: Request, message: string, options?: AddMessageOptions): void => addMessage(request, DEBUG, message, options);
export const info = (request: Request, message: string, options?: AddMessageOptions): void => addMessage(request, INFO, message, options);
export const success = (request: Request, message: string, options?: AddMessageOptions): void => addMessage(request, SUCCESS, message, options);
export const warning = (request: Request, message: string, options?: AddMessageOptions): void => addMessage(request, WARNING, message, options);
export const error = (request: Request, message: string, options?: AddMessageOptions): void => addMessage(request, ERROR, message, options);
