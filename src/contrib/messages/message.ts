// One message: its level, text and extra tags. `tags` joins the extra tags and the
// level's tag (MESSAGE_TAGS over the defaults), as Django's Message.tags.
import { settings } from '../../conf/settings';
import { DEFAULT_TAGS } from './constants';

/** The level tags: the defaults with MESSAGE_TAGS over them. */
export function levelTags(): Record<number, string> {
  const custom = settings.MESSAGE_TAGS ?? {};
  const out: Record<number, string> = { ...DEFAULT_TAGS };
  for (const [level, tag] of Object.entries(custom)) out[Number(level)] = tag;
  return out;
}

export class Message {
  constructor(
    readonly level: number,
    readonly message: string,
    readonly extraTags: string = '',
  ) {}

  /** The level's tag ('success'), '' for a level without one. */
  get levelTag(): string {
    return levelTags()[this.level] ?? '';
  }

  /** The extra tags, then the level's tag: the CSS classes of the message. */
  get tags(): string {
    return [this.extraTags, this.levelTag].filter(Boolean).join(' ');
  }

  /** Django's template names. */
  get level_tag(): string {
    return this.levelTag;
  }
  get extra_tags(): string {
    return this.extraTags;
  }

  toString(): string {
    return this.message;
  }

  equals(other: unknown): boolean {
    return other instanceof Message && other.level === this.level && other.message === this.message;
  }
}

/** How messages travel in the session or a cookie: [level, text] or [level, text, extraTags]. */
export type EncodedMessage = [number, string] | [number, string, string];

export function encodeMessages(messages: readonly Message[]): EncodedMessage[] {
  return messages.map((m) => (m.extraTags ? [m.level, m.message, m.extraTags] : [m.level, m.message]));
}

/** Decodes stored messages; anything malformed is dropped (the data came back from a client or an older release). */
export function decodeMessages(data: unknown): Message[] {
  if (!Array.isArray(data)) return [];
  const out: Message[] = [];
  for (const item of data) {
    if (!Array.isArray(item) || !Number.isInteger(item[0]) || typeof item[1] !== 'string') continue;
    out.push(new Message(item[0] as number, item[1], typeof item[2] === 'string' ? item[2] : ''));
  }
  return out;
}
