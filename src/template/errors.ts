// The template layer's error catalogue. Every error names the template and line so
// that a user can jump straight to the mistake.
import { HyperError, type HyperErrorOptions } from '../core/errors';
import { closestMatch } from '../core/suggest';

/** Where in a template something went wrong. */
export interface TemplateLocation {
  name: string;
  line: number;
  column?: number;
}

/**
 * Where a render failed, attached as `templateFrame` to whatever error escapes the
 * innermost template (the DEBUG page shows it above the JS stack): the template,
 * its file, the line, the tag(s) on that line, and the source for context.
 */
export interface TemplateFrame {
  name: string;
  filename?: string;
  line: number;
  /** The `{{ }}` / `{% %}` tag(s) on the line, or the line itself. */
  expression: string;
  source?: string;
}

/** What a compiled template knows about itself, for its TemplateFrame. */
export interface TemplateOrigin {
  name: string;
  filename?: string;
  source?: string;
}

/** The tags starting on `line` of `source` (1-based), joined; else that line, trimmed. */
export function expressionAt(source: string, line: number): string {
  const text = source.split('\n')[line - 1] ?? '';
  const tags = text.match(/\{\{.*?\}\}|\{%.*?%\}/g);
  return tags ? tags.join(' ') : text.trim();
}

/** Base class: carries the template location once it is known. */
export class TemplateError extends HyperError {
  templateName: string | undefined;
  line: number | undefined;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  /** Adds "name:line: " in front of the message, once, when the location becomes known. */
  locate(name: string, line: number): this {
    if (this.templateName === undefined) {
      this.templateName = name;
      this.line = line;
      this.message = `${name}:${line}: ${this.message}`;
    }
    return this;
  }
}

/** The template source is not valid: raised at compile time, with the offending snippet. */
export class TemplateSyntaxError extends TemplateError {
  readonly column: number;
  /** The source line the error is on, for error pages. */
  readonly snippet: string;
  /** The bare description, without the location prefix. */
  readonly description: string;

  constructor(description: string, name: string, line: number, column: number, snippet: string) {
    super('HYPER_TEMPLATE_SYNTAX', `${name}:${line}:${column}: ${description}`);
    this.description = description;
    this.templateName = name;
    this.line = line;
    this.column = column;
    this.snippet = snippet;
  }
}

/** No loader could find the template (or none of a list of names). */
export class TemplateDoesNotExist extends TemplateError {
  readonly tried: readonly string[];

  constructor(names: readonly string[], tried: readonly string[] = []) {
    const what = names.length === 1 ? `template '${names[0]}'` : `none of the templates ${names.map((n) => `'${n}'`).join(', ')}`;
    const where = tried.length ? ` (looked in: ${tried.join(', ')})` : '';
    super('HYPER_TEMPLATE_DOES_NOT_EXIST', `${what} not found${where}`);
    this.tried = tried;
  }
}

/** A value was undefined where StrictUndefined forbids it. */
export class UndefinedError extends TemplateError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_TEMPLATE_UNDEFINED', message, options);
  }
}

/** Anything else that goes wrong while rendering: recursion, bad arguments, a blocked attribute. */
export class TemplateRuntimeError extends TemplateError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_TEMPLATE_RUNTIME', message, options);
  }
}

/** " (did you mean 'title'?)" or "". */
export function suggestion(name: string, candidates: Iterable<string>): string {
  const match = closestMatch(name, candidates);
  return match === undefined ? '' : ` (did you mean '${match}'?)`;
}
