// System check messages, as in Django: a level, a message, an optional hint, the
// object concerned and a stable id such as 'security.W018'.

export const DEBUG = 10;
export const INFO = 20;
export const WARNING = 30;
export const ERROR = 40;
export const CRITICAL = 50;

export const LEVEL_NAMES: Record<number, string> = {
  [DEBUG]: 'DEBUG',
  [INFO]: 'INFO',
  [WARNING]: 'WARNING',
  [ERROR]: 'ERROR',
  [CRITICAL]: 'CRITICAL',
};

export function levelFromName(name: string): number | undefined {
  const entry = Object.entries(LEVEL_NAMES).find(([, levelName]) => levelName === name.toUpperCase());
  return entry ? Number(entry[0]) : undefined;
}

export interface CheckMessageOptions {
  hint?: string;
  /** What the message is about: a setting's file, an app, a model. */
  obj?: unknown;
  id?: string;
}

export class CheckMessage {
  readonly hint: string | undefined;
  readonly obj: unknown;
  readonly id: string | undefined;

  constructor(readonly level: number, readonly msg: string, options: CheckMessageOptions = {}) {
    this.hint = options.hint;
    this.obj = options.obj;
    this.id = options.id;
  }

  get levelName(): string {
    return LEVEL_NAMES[this.level] ?? String(this.level);
  }

  isSerious(level = ERROR): boolean {
    return this.level >= level;
  }

  isSilenced(silenced: readonly string[]): boolean {
    return this.id !== undefined && silenced.includes(this.id);
  }

  /** How the object reads: '?' for none, an app's label, a string as is. */
  get objectName(): string {
    const obj = this.obj as { label?: unknown; name?: unknown } | undefined | null;
    if (obj === undefined || obj === null) return '?';
    if (typeof obj === 'string') return obj;
    if (typeof obj.label === 'string') return obj.label;
    if (typeof obj.name === 'string') return obj.name;
    return String(obj);
  }

  toString(): string {
    const id = this.id ? `(${this.id}) ` : '';
    const hint = this.hint ? `\n\tHINT: ${this.hint}` : '';
    return `${this.objectName}: ${id}${this.msg}${hint}`;
  }

  toJSON(): Record<string, string | null> {
    return { level: this.levelName, id: this.id ?? null, obj: this.objectName, msg: this.msg, hint: this.hint ?? null };
  }
}

export class Debug extends CheckMessage {
  constructor(msg: string, options?: CheckMessageOptions) {
    super(DEBUG, msg, options);
  }
}
export class Info extends CheckMessage {
  constructor(msg: string, options?: CheckMessageOptions) {
    super(INFO, msg, options);
  }
}
export class Warning extends CheckMessage {
  constructor(msg: string, options?: CheckMessageOptions) {
    super(WARNING, msg, options);
  }
}
/** Django's `Error`; named so that it does not shadow the global Error where imported. */
export class CheckError extends CheckMessage {
  constructor(msg: string, options?: CheckMessageOptions) {
    super(ERROR, msg, options);
  }
}
export class Critical extends CheckMessage {
  constructor(msg: string, options?: CheckMessageOptions) {
    super(CRITICAL, msg, options);
  }
}
