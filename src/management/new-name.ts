// Validating the NAME of startproject and startapp, as Django does: an identifier
// that does not shadow a module the project could import.
import { builtinModules } from 'node:module';
import { CommandError } from './errors';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['hyperdjango', 'node_modules', 'dist', 'test', 'tests', 'static', 'templates', 'staticfiles']);

export function validateNewName(name: string, kind: 'project' | 'app', cwd: string): void {
  if (!IDENTIFIER.test(name)) {
    throw new CommandError(
      `'${name}' is not a valid ${kind} name: use letters, digits and underscores, starting with a letter or underscore (e.g. ${kind === 'app' ? 'blog' : 'mysite'}).`,
    );
  }
  if (RESERVED.has(name) || builtinModules.includes(name) || resolvable(name, cwd)) {
    throw new CommandError(
      `'${name}' conflicts with the name of an existing module or folder convention and cannot be used as ${kind === 'app' ? 'an' : 'a'} ${kind} name. Please try another name.`,
    );
  }
}

function resolvable(name: string, cwd: string): boolean {
  try {
    require.resolve(name, { paths: [cwd] });
    return true;
  } catch {
    return false;
  }
}
