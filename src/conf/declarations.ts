// The catalogue of settings the framework knows: each declared once, with its type,
// default and a one-line doc. Loading validates against it; checks use it to spot
// typos; docs/settings.md lists it.
import { InvalidArgument } from '../core/errors';
import type { SettingType } from './setting-types';

export interface SettingDeclaration<T = unknown> {
  readonly name: string;
  readonly type: SettingType<T>;
  readonly default: T;
  /** For defaults that depend on where the project is (BASE_DIR). */
  readonly defaultFor?: (projectRoot: string) => T;
  readonly doc: string;
  /**
   * false for a setting whose name looks secret but whose value is not (PASSWORD_HASHERS
   * lists class names): diffsettings shows it rather than masking it.
   */
  readonly secret?: boolean;
}

const declarations = new Map<string, SettingDeclaration>();

/** Declares a setting. Declaring one name twice is a programming error. */
export function declareSetting<T>(declaration: SettingDeclaration<T>): void {
  if (!/^[A-Z][A-Z0-9_]*$/.test(declaration.name)) {
    throw new InvalidArgument('HYPER_SETTINGS_BAD_NAME', `Setting names are upper case: '${declaration.name}' cannot be declared; name it like 'PAGE_SIZE'.`);
  }
  if (declarations.has(declaration.name)) throw new InvalidArgument('HYPER_SETTINGS_DECLARED_TWICE', `Setting ${declaration.name} is declared twice: declare it once, in the module of the app that owns it.`);
  declarations.set(declaration.name, declaration as SettingDeclaration);
}

export function settingDeclaration(name: string): SettingDeclaration | undefined {
  return declarations.get(name);
}

export function settingDeclarations(): SettingDeclaration[] {
  return [...declarations.values()];
}

export function defaultValue(declaration: SettingDeclaration, projectRoot: string): unknown {
  const value = declaration.defaultFor ? declaration.defaultFor(projectRoot) : declaration.default;
  // Defaults are shared objects: hand out copies so one project cannot change another's.
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}
