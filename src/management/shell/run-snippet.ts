// `hyper shell -c "code"`: the code runs once, as the body of an async function whose
// parameters are the shell's imports, so `await` works at its top level. The code sits
// in a block of its own, so that its declarations shadow the imports
// (`const { User } = require('hyperdjango/auth')`), as a Python import rebinds a name.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { CommandError } from '../errors';
import { stripTypes } from './typescript-input';

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

export async function runSnippet(source: string, values: Record<string, unknown>, projectRoot: string): Promise<void> {
  const transformed = stripTypes(source);
  if ('incomplete' in transformed) throw new CommandError('shell -c: the code ends in the middle of a statement; check its brackets and quotes.', { code: 'HYPER_SHELL_INCOMPLETE' });
  if ('error' in transformed) throw new CommandError(`shell -c: ${transformed.error}.`, { code: 'HYPER_SHELL_SYNTAX' });
  // require() resolves from the project, as it would in a module at its root.
  const scope = { require: createRequire(path.join(projectRoot, 'index.js')), ...values };
  let body: (...values: unknown[]) => Promise<unknown>;
  try {
    body = new AsyncFunction(...Object.keys(scope), `{\n${transformed.code}\n}`);
  } catch (error) {
    throw new CommandError(`shell -c: ${(error as Error).message}.`, { code: 'HYPER_SHELL_SYNTAX', cause: error });
  }
  await body(...Object.values(scope));
}
