// The four-tier merge: settings module > HYPER_* environment > .env > defaults, with
// every value checked against its declaration. The first bad value stops the load
// with a message naming the setting, where it came from, what was expected and what
// was found.
import * as fs from 'node:fs';
import { ImproperlyConfigured } from '../core/errors';
import { displayPath } from '../core/display-path';
import { defaultValue, settingDeclarations, type SettingDeclaration } from './declarations';
import { LoadedSettings, type SettingSource } from './loaded-settings';
import { describeValue } from './setting-types';
import './global-settings';
import './db-settings';
import './http-settings';
import './static-settings';
import './session-settings';
import './auth-settings';
import './files-settings';
import './mail-settings';
import './cache-settings';
import './ratelimit-settings';

export const ENV_PREFIX = 'HYPER_';
const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;

export interface SettingsInput {
  userValues: Record<string, unknown>;
  file: string | null;
  projectRoot: string;
  env: Readonly<Record<string, string | undefined>>;
  dotenv: ReadonlyMap<string, string>;
  /** The variables the settings module read through env.*. */
  envReads?: ReadonlySet<string>;
}

export function resolveSettings(input: SettingsInput): LoadedSettings {
  const values: Record<string, unknown> = {};
  const sources = new Map<string, SettingSource>();
  const moduleName = input.file ? displayPath(input.file) : 'configure()';

  for (const declaration of settingDeclarations()) {
    const { name } = declaration;
    const variable = ENV_PREFIX + name;
    if (Object.prototype.hasOwnProperty.call(input.userValues, name)) {
      const value = input.userValues[name];
      if (!declaration.type.is(value)) {
        throw new ImproperlyConfigured(
          `${moduleName}${lineOf(input.file, name)}: ${name} must be ${declaration.type.expected}, got ${describeValue(value)}.`,
          { code: 'HYPER_SETTINGS_WRONG_TYPE' },
        );
      }
      values[name] = value;
      sources.set(name, { tier: 'settings', detail: moduleName });
    } else if (input.env[variable] !== undefined) {
      values[name] = fromString(declaration, input.env[variable], `${variable} in the environment`);
      sources.set(name, { tier: 'environment', detail: variable });
    } else if (input.dotenv.has(variable)) {
      values[name] = fromString(declaration, input.dotenv.get(variable)!, `${variable} in .env`);
      sources.set(name, { tier: 'dotenv', detail: `.env: ${variable}` });
    } else {
      values[name] = defaultValue(declaration, input.projectRoot);
      sources.set(name, { tier: 'default', detail: 'default' });
    }
  }

  // Settings the framework does not declare are the project's own (as in Django):
  // kept when upper case, ignored otherwise.
  const ignoredNames: string[] = [];
  for (const [name, value] of Object.entries(input.userValues)) {
    if (sources.has(name)) continue;
    if (SETTING_NAME.test(name)) {
      values[name] = value;
      sources.set(name, { tier: 'settings', detail: moduleName });
    } else {
      ignoredNames.push(name);
    }
  }
  return new LoadedSettings(Object.freeze(values), sources, input.file, input.projectRoot, ignoredNames, input.envReads ?? new Set());
}

function fromString(declaration: SettingDeclaration, raw: string, where: string): unknown {
  let value: unknown;
  try {
    value = declaration.type.parse(raw);
  } catch (error) {
    throw new ImproperlyConfigured(`Setting ${declaration.name} from ${where}: ${(error as Error).message}.`, { code: 'HYPER_SETTINGS_BAD_ENV_VALUE', cause: error });
  }
  if (!declaration.type.is(value)) {
    throw new ImproperlyConfigured(
      `Setting ${declaration.name} from ${where} must be ${declaration.type.expected}, got ${describeValue(value)}.`,
      { code: 'HYPER_SETTINGS_BAD_ENV_VALUE' },
    );
  }
  return value;
}

/** ":7" when the setting's name can be found in the settings file, else "". */
export function lineOf(file: string | null, name: string): string {
  if (!file) return '';
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  // Comments may mention a setting ("// DEBUG: never on in production") before it is set.
  text = text
    .split('\n')
    .map((line) => (/^\s*(\/\/|\/\*|\*)/.test(line) ? '' : line.replace(/\s\/\/.*$/, '')))
    .join('\n');
  const match = new RegExp(`(^|[^A-Za-z0-9_$'"])['"]?${name}['"]?\\s*[:=]`, 'm').exec(text);
  if (!match) return '';
  return `:${text.slice(0, match.index + match[1].length).split('\n').length}`;
}
