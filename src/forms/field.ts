// The base of every form field: required, initial, label, helpText, disabled,
// validators and the widget; clean() is Django's to_python(), validate() and
// run_validators() in turn, collecting every message.
import { ValidationError } from './errors';
import type { Attrs } from './widgets/attrs';
import { TextInput, type Widget } from './widgets/widget';

/** Throws a ValidationError for a value it refuses (the ORM's validators are the same kind). */
export type Validator<T> = (value: T) => void;

export interface FieldOptions<T = unknown> {
  /** A value must be given (default true). */
  required?: boolean;
  /** The value an unbound form shows, or a function giving it. */
  initial?: unknown;
  label?: string;
  helpText?: string;
  /** Shown but not editable: the submitted value is ignored and `initial` kept. */
  disabled?: boolean;
  validators?: ReadonlyArray<Validator<T>>;
  widget?: Widget;
  /** Replaces messages by their code: { required: 'Please give a title.' }. */
  errorMessages?: Readonly<Record<string, string>>;
  labelSuffix?: string;
}

/** The values Django treats as "nothing submitted". */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0;
}

/**
 * A ValidationError made without a stack trace: a value that does not clean is the
 * form's ordinary outcome, not a bug to trace, and capturing the stack was most of the
 * time a form with errors took to validate.
 */
export function validationError(errors: string | Record<string, string[]>): ValidationError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new ValidationError(errors);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/*
 * Failing without throwing. A value that does not clean is a form's ordinary
 * outcome, and a throw per invalid field was a large part of validating a form with
 * errors. While cleanOutcome() runs a built-in field kind's own toPython(),
 * validate() and validators (all synchronous), fail() records the message here and
 * returns; outside it (a direct toPython() call, a project's subclass) fail() throws
 * the ValidationError as before. The record is read before cleanOutcome() returns,
 * so no other code ever sees it.
 */
let softDepth = 0;
let recorded: string[] | null = null;

/** Whether a fail() has been recorded in the running soft check (code after a super.validate() stops on it). */
export function failing(): boolean {
  return recorded !== null;
}

function takeRecorded(): string[] | null {
  const messages = recorded;
  recorded = null;
  return messages;
}

/** The toPython()/validate() methods known to call fail() for every refusal (the built-in field kinds'). */
const SOFT_METHODS = new WeakSet<object>();

/** Marks field classes whose own toPython() and validate() refuse only through fail() and stop at it. */
export function failsSoftly(...classes: Array<abstract new (...args: never[]) => object>): void {
  for (const kind of classes) {
    const proto = kind.prototype as { toPython?: object; validate?: object };
    if (Object.prototype.hasOwnProperty.call(proto, 'toPython')) SOFT_METHODS.add(proto.toPython!);
    if (Object.prototype.hasOwnProperty.call(proto, 'validate')) SOFT_METHODS.add(proto.validate!);
  }
}

/** `%(name)s` placeholders of a message filled from params. */
export function formatMessage(message: string, params: Record<string, unknown> = {}): string {
  if (!message.includes('%(')) return message;
  // [text, placeholder, key, text, ...]: split once per message, filled per use.
  let parts = messageParts.get(message);
  if (!parts) {
    parts = message.split(/(%\((\w+)\)[sd])/);
    if (messageParts.size < 1000) messageParts.set(message, parts);
  }
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 3) out += (parts[i + 1] in params ? String(params[parts[i + 1]]) : parts[i]) + parts[i + 2];
  return out;
}

const messageParts = new Map<string, string[]>();

export abstract class FormField<T = unknown, O extends FieldOptions<T> = FieldOptions<T>, E = null> {
  /** For type inference only: the cleaned value's type. */
  declare readonly valueType: T;
  /** For type inference only: what an empty, optional field cleans to. */
  declare readonly emptyType: E;
  readonly options: O;
  widget: Widget;
  /** The field's name in its form; set when the form class is declared. */
  name = '';
  protected readonly defaultErrors: Record<string, string> = { required: 'This field is required.' };

  constructor(options: O) {
    this.options = options;
    this.widget = options.widget ? options.widget.clone() : this.defaultWidget();
    this.widget.isRequired = this.required;
    Object.assign(this.widget.attrs, this.widgetAttrs(this.widget), options.widget?.attrs);
  }

  /** A copy for one form instance (a form may change its fields' choices, widgets, required). */
  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this);
    copy.widget = this.widget.clone();
    return copy;
  }

  protected defaultWidget(): Widget {
    return new TextInput();
  }

  get required(): boolean {
    return this.options.required !== false;
  }
  get disabled(): boolean {
    return this.options.disabled === true;
  }
  get label(): string | undefined {
    return this.options.label;
  }
  get helpText(): string {
    return this.options.helpText ?? '';
  }

  /** The initial value, calling it when it is a function. */
  initialValue(): unknown {
    const initial = this.options.initial;
    return typeof initial === 'function' ? (initial as () => unknown)() : initial;
  }

  /** An error of this field by code, with its (possibly replaced) message. */
  error(code: string, params?: Record<string, unknown>): ValidationError {
    const message = this.options.errorMessages?.[code] ?? this.defaultErrors[code] ?? code;
    return validationError(formatMessage(message, params));
  }

  /**
   * Refuses the value with the message of `code`: throws its ValidationError, or,
   * inside the form's own run of a built-in field kind, records it and returns
   * (typed never: `return this.fail('invalid')` ends the method either way).
   */
  fail(code: string, params?: Record<string, unknown>): never {
    if (softDepth === 0) throw this.error(code, params);
    const message = formatMessage(this.options.errorMessages?.[code] ?? this.defaultErrors[code] ?? code, params);
    (recorded ??= []).push(message);
    return undefined as never;
  }

  /** Submitted data to the field's type; throws for data it cannot convert. */
  toPython(value: unknown): T | E {
    return (isEmptyValue(value) ? null : value) as T | E;
  }

  /** The checks on the converted value: required, then the field kind's own. */
  validate(value: T | E): void {
    if (this.required && isEmptyValue(value)) return this.fail('required');
  }

  /** The field kind's validators (length, range, format); empty values skip them all. */
  protected validators(): Validator<T>[] {
    return [];
  }

  private checkList: Validator<T>[] | undefined;
  /** How many of checkList are the field kind's own (the rest are the declared ones). */
  private ownCheckCount = 0;

  /** The kind's validators and the declared ones, built once per field (options do not change). */
  private checks(): Validator<T>[] {
    if (!this.checkList) {
      const own = this.validators();
      this.ownCheckCount = own.length;
      this.checkList = [...own, ...(this.options.validators ?? [])];
    }
    return this.checkList;
  }

  /** Each failing validator's messages, or null when all pass (empty values skip them). */
  protected validatorMessages(value: T | E): string[] | null {
    if (isEmptyValue(value)) return null;
    let messages: string[] | null = null;
    const checks = this.checks();
    const own = this.ownCheckCount;
    for (let i = 0; i < checks.length; i++) {
      // A project's validator runs as it was written: a field it cleans inside throws as usual.
      const depth = softDepth;
      if (i >= own) softDepth = 0;
      try {
        checks[i](value as T);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        (messages ??= []).push(...messagesOf(error));
        continue;
      } finally {
        softDepth = depth;
      }
      // A built-in validator that failed softly returned with its message recorded.
      const soft = takeRecorded();
      if (soft) (messages ??= []).push(...soft);
    }
    return messages;
  }

  runValidators(value: T | E): void {
    const messages = this.validatorMessages(value);
    if (messages) throw validationError({ __all__: messages });
  }

  /**
   * clean() as the form runs it: the messages of a value that does not clean are
   * returned rather than thrown, so that a failing field costs one throw (its own
   * check's) and not three. A field kind with its own clean() (or runValidators())
   * is run through it.
   */
  cleanOutcome(value: unknown, initial?: unknown): CleanOutcome<T | E> | Promise<CleanOutcome<T | E>> {
    if (this.clean !== FormField.prototype.clean || this.runValidators !== FormField.prototype.runValidators) {
      let cleaned: T | E | Promise<T | E>;
      try {
        cleaned = this.clean(value, initial);
      } catch (error) {
        return failed(error);
      }
      return cleaned instanceof Promise ? cleaned.then((v) => ({ value: v }), failed) : { value: cleaned };
    }
    const methods = this as unknown as { toPython: object; validate: object };
    const soft = SOFT_METHODS.has(methods.toPython) && SOFT_METHODS.has(methods.validate);
    let converted: T | E;
    let messages: string[] | null;
    if (soft) softDepth++;
    try {
      converted = this.toPython(value);
      messages = takeRecorded();
      if (!messages) {
        this.validate(converted);
        messages = takeRecorded();
      }
      messages ??= this.validatorMessages(converted);
    } catch (error) {
      recorded = null;
      return failed(error);
    } finally {
      if (soft) softDepth--;
    }
    return messages ? { messages } : { value: converted };
  }

  /** The cleaned value, or a ValidationError with every message. A model choice field returns a promise. */
  clean(value: unknown, _initial?: unknown): T | E | Promise<T | E> {
    const converted = this.toPython(value);
    this.validate(converted);
    this.runValidators(converted);
    return converted;
  }

  /** What the form binds: the submitted value, or the initial one when disabled. */
  boundData(data: unknown, initial: unknown): unknown {
    return this.disabled ? initial : data;
  }

  /** A value as the widget should print it. */
  prepareValue(value: unknown): unknown {
    return value;
  }

  /** Attributes this field adds to its widget (maxlength, min, step). */
  widgetAttrs(_widget: Widget): Attrs {
    return {};
  }

  /** Whether the submitted data differs from the initial value. */
  hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    let converted: unknown;
    try {
      converted = this.toPython(data);
    } catch {
      return true;
    }
    const before = initial === null || initial === undefined ? '' : initial;
    const after = converted === null || converted === undefined ? '' : converted;
    return String(this.prepareValue(before)) !== String(this.prepareValue(after));
  }
}

/** A field's cleaned value, or the messages of why it did not clean. */
export type CleanOutcome<V> = { value: V; messages?: undefined } | { messages: string[]; value?: undefined };

/** A ValidationError as an outcome; anything else is not the value's fault and goes on up. */
function failed(error: unknown): { messages: string[] } {
  if (!(error instanceof ValidationError)) throw error;
  return { messages: messagesOf(error) };
}

/** Every message of a ValidationError, whatever field it was filed under. */
export function messagesOf(error: ValidationError): string[] {
  return Object.values(error.errors).flat();
}

/** Whether options O set `key` to false (a factory called without options sets nothing). */
export type DeclaresFalse<O, K extends string> = 0 extends 1 & O ? false : O extends { readonly [P in K]: false } ? true : false;

/** The type of a field's cleaned value: an optional field may be empty. */
export type CleanedValue<F> = F extends FormField<infer T, infer O, infer E> ? (DeclaresFalse<O, 'required'> extends true ? T | E : T) : never;

failsSoftly(FormField);
