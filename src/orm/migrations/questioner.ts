// The questions makemigrations cannot answer alone: was a field or model renamed, and
// what one-off value fills a new NOT NULL column in existing rows. Flags answer them
// first (--rename, --default), so CI can run without a terminal; then the user is
// asked, or, under --noinput, the command stops with exit code 3 naming the question.
import * as vm from 'node:vm';
import prompts from 'prompts';
import { CommandError, NeedsInputError } from '../../core/command-errors';
import type { FieldSpec } from './field-specs';

export interface Questioner {
  askRenameField(app: string, model: string, oldName: string, newName: string, spec: FieldSpec): Promise<boolean>;
  askRenameModel(app: string, oldName: string, newName: string): Promise<boolean>;
  /** A one-off default for a new NOT NULL field of an existing model. */
  askDefault(app: string, model: string, field: string, spec: FieldSpec): Promise<unknown>;
}

/** Answers given on the command line: renames by 'app.model.field' or 'app.model', defaults by 'app.model.field'. */
export interface Answers {
  renames: Map<string, string>;
  defaults: Map<string, unknown>;
}

const answerKey = (app: string, model: string, field?: string) => `${app}.${model}`.toLowerCase() + (field === undefined ? '' : `.${field}`);

/** Parses `--rename blog.Post.title=headline`, `--rename blog.Post=Article`, `--default blog.Post.slug="''"`. */
export function parseAnswers(renames: readonly string[] = [], defaults: readonly string[] = []): Answers {
  const answers: Answers = { renames: new Map(), defaults: new Map() };
  const split = (flag: string, text: string, fieldOnly: boolean): [string, string] => {
    const at = text.indexOf('=');
    const target = at === -1 ? '' : text.slice(0, at);
    const parts = target.split('.');
    if (at === -1 || parts.some((part) => !part) || parts.length > 3 || parts.length < (fieldOnly ? 3 : 2)) {
      const shape = fieldOnly ? 'app.Model.field=value' : 'app.Model.field=newName or app.Model=NewName';
      throw new CommandError(`${flag} '${text}' is not of the form ${shape}.`, { exitCode: 2 });
    }
    const [app, model, field] = parts;
    return [answerKey(app, model, field), text.slice(at + 1)];
  };
  for (const text of renames) {
    const [key, value] = split('--rename', text, false);
    answers.renames.set(key, value);
  }
  for (const text of defaults) {
    const [key, value] = split('--default', text, true);
    answers.defaults.set(key, parseLiteral(value, `--default ${text}`));
  }
  return answers;
}

/** A JS or JSON literal ('' or 0 or "x" or [1] or new Date(...)) to a value a migration file can hold. */
export function parseLiteral(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: evaluate it as a JS expression, in an empty context and briefly.
  }
  let value: unknown;
  try {
    value = vm.runInNewContext(`(${text})`, {}, { timeout: 100 });
  } catch (error) {
    throw new CommandError(`${where}: '${text}' is not a JS literal (${(error as Error).message}). Quote strings: "''" or "'draft'".`, { exitCode: 2 });
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    throw new CommandError(`${where}: '${text}' is not a value a migration can hold (use a string, number, boolean, null, array or object).`, { exitCode: 2 });
  }
  return value;
}

export function renameFieldQuestion(model: string, oldName: string, newName: string, spec: FieldSpec): string {
  const article = /^[AEIOU]/.test(spec.type) ? 'an' : 'a';
  return `Did you rename ${model.toLowerCase()}.${oldName} to ${model.toLowerCase()}.${newName} (${article} ${spec.type})? [y/N]`;
}

export function renameModelQuestion(app: string, oldName: string, newName: string): string {
  return `Did you rename the ${app}.${oldName} model to ${newName}? [y/N]`;
}

function defaultProblem(model: string, field: string): string {
  return `The new field ${model.toLowerCase()}.${field} is NOT NULL and has no default, so existing rows need a value`;
}

/** A one-off default that fits the field's type, to suggest: '' for text, [] for JSON, 0 for numbers ... */
export function exampleDefault(spec: FieldSpec): string {
  if (spec.type === 'JSONField' || spec.type === 'ArrayField') return '[]';
  if (spec.type === 'BooleanField') return 'false';
  if (/Integer|Float|Decimal|Duration|ForeignKey|OneToOne/.test(spec.type)) return '0';
  if (/^Date/.test(spec.type)) return 'new Date()';
  if (spec.type === 'TimeField') return "'00:00'";
  if (spec.type === 'UUIDField') return "'00000000-0000-0000-0000-000000000000'";
  return "''";
}

/** The example as a shell word: `"''"`, `'[]'`, `0`. */
function shellWord(literal: string): string {
  if (/^[A-Za-z0-9_.-]+$/.test(literal)) return literal;
  return literal.includes("'") ? `"${literal}"` : `'${literal}'`;
}

export function defaultQuestion(model: string, field: string, spec?: FieldSpec): string {
  const example = spec ? exampleDefault(spec) : "''";
  const more: Record<string, string> = { "''": " or 'draft'", '[]': spec?.type === 'JSONField' ? ' or {}' : ' or [1, 2]' };
  return `${defaultProblem(model, field)}. Enter a one-off default (a JS literal, e.g. ${example}${more[example] ?? ''}):`;
}

/** How to answer when nothing can be asked: stdin is not a terminal, or --noinput. */
const OR_ASK = 'or run it in a terminal without --noinput to be asked.';

/** A yes/no question as the error of a run that cannot ask it. */
function unanswered(question: string, flag: string, yes: string): string {
  return `${question.replace(/ \[y\/N\]$/, '')} Answer with ${flag}=${yes} (or ${flag}= for no), ${OR_ASK}`;
}

/** What a terminal prompt needs: a yes/no and a line of text. Tests inject their own. */
export interface Prompter {
  confirm(message: string): Promise<boolean>;
  text(message: string, validate: (text: string) => true | string): Promise<string>;
}

export function terminalPrompter(stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream): Prompter {
  const cancelled = () => {
    throw new CommandError('Cancelled: no migration was written.');
  };
  const io = { stdin: stdin as NodeJS.ReadStream, stdout: stdout as NodeJS.WriteStream };
  return {
    async confirm(message) {
      const { answer } = await prompts({ type: 'confirm', name: 'answer', message: message.replace(/ \[y\/N\]$/, ''), initial: false, ...io }, { onCancel: cancelled });
      return Boolean(answer);
    },
    async text(message, validate) {
      const { answer } = await prompts({ type: 'text', name: 'answer', message, validate, ...io }, { onCancel: cancelled });
      return String(answer);
    },
  };
}

/**
 * Flags first; then the prompter, or (with none: --noinput) a NeedsInputError that
 * names the question and the flag that answers it.
 */
export class MigrationQuestioner implements Questioner {
  constructor(
    private readonly answers: Answers = { renames: new Map(), defaults: new Map() },
    private readonly prompter?: Prompter,
  ) {}

  async askRenameField(app: string, model: string, oldName: string, newName: string, spec: FieldSpec): Promise<boolean> {
    const answer = this.answers.renames.get(answerKey(app, model, oldName));
    if (answer !== undefined) return answer === newName;
    const question = renameFieldQuestion(model, oldName, newName, spec);
    if (!this.prompter) {
      throw new NeedsInputError(unanswered(question, `--rename ${app}.${model}.${oldName}`, newName));
    }
    return this.prompter.confirm(question);
  }

  async askRenameModel(app: string, oldName: string, newName: string): Promise<boolean> {
    const answer = this.answers.renames.get(answerKey(app, oldName));
    if (answer !== undefined) return answer.toLowerCase() === newName.toLowerCase();
    const question = renameModelQuestion(app, oldName, newName);
    if (!this.prompter) {
      throw new NeedsInputError(unanswered(question, `--rename ${app}.${oldName}`, newName));
    }
    return this.prompter.confirm(question);
  }

  async askDefault(app: string, model: string, field: string, spec: FieldSpec): Promise<unknown> {
    const key = answerKey(app, model, field);
    if (this.answers.defaults.has(key)) return this.answers.defaults.get(key);
    if (!this.prompter) {
      throw new NeedsInputError(`${defaultProblem(model, field)}: give it with --default ${app}.${model}.${field}=${shellWord(exampleDefault(spec))} (any JS literal), give the field a default or null: true, ${OR_ASK}`);
    }
    const question = defaultQuestion(model, field, spec);
    const validate = (text: string): true | string => {
      try {
        parseLiteral(text, 'default');
        return true;
      } catch (error) {
        return (error as Error).message;
      }
    };
    return parseLiteral(await this.prompter.text(question, validate), 'default');
  }
}

/** Asks nothing and answers no: for telling only whether there are changes. */
export const SILENT_QUESTIONER: Questioner = {
  askRenameField: async () => false,
  askRenameModel: async () => false,
  askDefault: async () => null,
};
