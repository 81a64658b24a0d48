// Checks of the settings themselves: a missing SECRET_KEY, names that look like
// typos of known settings, and names that are not settings at all.
import { settingDeclarations } from '../../conf/declarations';
import { ENV_PREFIX } from '../../conf/resolve-settings';
import { displayPath } from '../../core/display-path';
import { closestMatch } from '../../core/suggest';
import { CheckError, Warning, type CheckMessage } from '../messages';
import { register, Tags, type CheckContext } from '../registry';

/** HYPER_* variables that configure the CLI or commands rather than a setting. */
const NOT_SETTINGS = /^HYPER_(SETTINGS_MODULE|SUPERUSER_|COLORS$|NO_)/;

export function checkSecretKeyPresent({ settings }: CheckContext): CheckMessage[] {
  if (settings.values.SECRET_KEY) return [];
  return [
    new CheckError('The SECRET_KEY setting must not be empty.', {
      id: 'settings.E001',
      hint: 'Set SECRET_KEY in the settings module (startproject writes a random one), or HYPER_SECRET_KEY in the environment.',
    }),
  ];
}

export function checkSettingNames({ settings }: CheckContext): CheckMessage[] {
  const known = settingDeclarations().map((declaration) => declaration.name);
  const where = settings.file ? displayPath(settings.file) : undefined;
  const messages: CheckMessage[] = [];
  for (const [name, source] of settings.sources) {
    if (source.tier !== 'settings' || known.includes(name)) continue;
    const match = closestMatch(name, known);
    if (match) {
      messages.push(
        new Warning(`Unknown setting '${name}'.`, { id: 'settings.W001', obj: where, hint: `Did you mean '${match}'?` }),
      );
    }
  }
  for (const name of settings.ignoredNames) {
    const upper = name.toUpperCase();
    const match = known.includes(upper) ? upper : closestMatch(upper, known);
    messages.push(
      new Warning(`'${name}' is not upper case, so it is not a setting and is ignored.`, {
        id: 'settings.W002',
        obj: where,
        hint: match ? `Did you mean '${match}'?` : 'Setting names are upper case.',
      }),
    );
  }
  return messages;
}

export function checkEnvironmentNames(context: CheckContext, env: NodeJS.ProcessEnv = process.env): CheckMessage[] {
  const known = settingDeclarations().map((declaration) => declaration.name);
  const messages: CheckMessage[] = [];
  for (const variable of Object.keys(env)) {
    if (!variable.startsWith(ENV_PREFIX) || NOT_SETTINGS.test(variable)) continue;
    const name = variable.slice(ENV_PREFIX.length);
    if (known.includes(name)) continue;
    const match = closestMatch(name, known);
    if (match) {
      messages.push(
        new Warning(`The environment variable ${variable} names no setting.`, {
          id: 'settings.W003',
          hint: `Did you mean ${ENV_PREFIX}${match}?`,
        }),
      );
    }
  }
  return messages;
}

register(checkSecretKeyPresent, Tags.settings, Tags.security);
register(checkSettingNames, Tags.settings);
register((context) => checkEnvironmentNames(context), Tags.settings);
