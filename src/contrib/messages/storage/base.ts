// What every message storage does (Django's BaseStorage): messages added in this
// request are queued; those stored by an earlier one are read on first use;
// iterating marks them used, and update() at the response stores what is left: the
// queue alone when the messages were read, everything when only added. Nothing is
// read or written for a request that neither adds nor reads messages.
import { settings } from '../../../conf/settings';
import type { Request } from '../../../http/request';
import type { BaseResponse } from '../../../http/response';
import { Message } from '../message';

export abstract class BaseStorage implements Iterable<Message> {
  /** True once the messages were iterated: the stored ones are then gone after this response. */
  used = false;
  /** True once a message was added in this request. */
  addedNew = false;
  private queued: Message[] = [];
  private loadedMessages: Message[] | undefined;
  private levelValue: number | undefined;

  constructor(readonly request: Request) {}

  /** The messages stored by earlier requests, read on first use. */
  protected get loaded(): Message[] {
    return (this.loadedMessages ??= this.load());
  }

  /**
   * False when the store said more messages wait elsewhere (a cookie that was full):
   * FallbackStorage then reads the next store too. Set by load().
   */
  allRetrieved = true;

  /** Reads the stored messages (called once, on first use; FallbackStorage calls its stores' directly). */
  abstract load(): Message[];
  /**
   * Stores `messages`, or clears the store when there are none; answers those it could
   * not keep (a cookie too small), dropping the newest unless `removeOldest`.
   */
  abstract store(messages: Message[], response: BaseResponse, removeOldest?: boolean): Message[];

  get length(): number {
    return this.loaded.length + this.queued.length;
  }

  [Symbol.iterator](): Iterator<Message> {
    this.used = true;
    if (this.queued.length) {
      this.loaded.push(...this.queued);
      this.queued = [];
    }
    return this.loaded[Symbol.iterator]();
  }

  /** Whether a message with this level and text is waiting. */
  includes(message: Message): boolean {
    return [...this.loaded, ...this.queued].some((m) => m.equals(message));
  }

  /** The lowest level recorded: MESSAGE_LEVEL unless set for this request. */
  get level(): number {
    return this.levelValue ?? Number(settings.MESSAGE_LEVEL ?? 20);
  }

  set level(value: number | null) {
    this.levelValue = value === null ? undefined : value;
  }

  /** Queues a message; one below the level, or empty, is ignored (as Django). */
  add(level: number, message: string, extraTags = ''): void {
    if (!message) return;
    if (level < this.level) return;
    this.addedNew = true;
    this.queued.push(new Message(level, String(message), extraTags));
  }

  /** At the response: stores what must survive this request. */
  update(response: BaseResponse): Message[] {
    if (this.used) return this.store(this.queued, response);
    if (this.addedNew) return this.store([...this.loaded, ...this.queued], response);
    return [];
  }
}
