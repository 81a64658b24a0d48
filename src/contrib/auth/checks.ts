// System checks of the user model (Django's auth.E00x/C00x ids), imported with the app.
import { Critical, CheckError, Warning, type CheckMessage } from '../../checks/messages';
import { register, Tags, type CheckContext } from '../../checks/registry';
import { getModel } from '../../orm/model/registry';
import { optionsOf } from '../../orm/model/prepare';
import type { ModelClass } from '../../orm/model/types';
import { apps } from '../../apps/registry';
import { modelsForPermissions } from './create-permissions';

interface UserStatics {
  USERNAME_FIELD?: unknown;
  REQUIRED_FIELDS?: unknown;
}

const DEFAULT_BACKENDS = ['hyperdjango.auth.ModelBackend'];

export function checkUserModel(context: CheckContext): CheckMessage[] {
  const label = String(context.settings.values.AUTH_USER_MODEL ?? 'auth.User');
  const appLabel = label.split('.')[0];
  if (context.appConfigs && !context.appConfigs.some((config) => config.label === appLabel)) return [];
  let User: ModelClass;
  try {
    User = getModel(label);
  } catch {
    const hint = apps.hasApp(appLabel) ? `Export the model ${label.split('.')[1]} from ${appLabel}/models.ts.` : `Add the app '${appLabel}' to INSTALLED_APPS.`;
    return [new CheckError(`AUTH_USER_MODEL refers to model '${label}' that has not been installed.`, { id: 'auth.E013', obj: 'AUTH_USER_MODEL', hint })];
  }
  const statics = User as unknown as UserStatics;
  const messages: CheckMessage[] = [];
  const obj = label;
  if (!Array.isArray(statics.REQUIRED_FIELDS)) {
    messages.push(new CheckError("'REQUIRED_FIELDS' must be a list.", { id: 'auth.E001', obj }));
  } else if (statics.REQUIRED_FIELDS.includes(statics.USERNAME_FIELD)) {
    messages.push(
      new CheckError("The field named as the 'USERNAME_FIELD' for a custom user model must not be included in 'REQUIRED_FIELDS'.", {
        id: 'auth.E002',
        obj,
        hint: `The 'USERNAME_FIELD' is currently set to '${String(statics.USERNAME_FIELD)}', you should remove '${String(statics.USERNAME_FIELD)}' from the 'REQUIRED_FIELDS'.`,
      }),
    );
  }
  const field = optionsOf(User).findField(String(statics.USERNAME_FIELD));
  if (!field) {
    messages.push(new CheckError(`'${User.name}.USERNAME_FIELD' names '${String(statics.USERNAME_FIELD)}', which is not a field.`, { id: 'auth.E003', obj }));
  } else if (!field.unique) {
    const backends = context.settings.values.AUTHENTICATION_BACKENDS as unknown[];
    const isDefault = backends.length === 1 && DEFAULT_BACKENDS.includes(backends[0] as string);
    const text = `'${User.name}.${field.name}' must be unique because it is named as the 'USERNAME_FIELD'.`;
    messages.push(isDefault ? new CheckError(text, { id: 'auth.E003', obj }) : new Warning(`'${User.name}.${field.name}' is named as the 'USERNAME_FIELD', but it is not unique.`, { id: 'auth.W004', obj, hint: 'Ensure that your authentication backend(s) can handle non-unique usernames.' }));
  }
  for (const [name, id] of [['isAnonymous', 'auth.C009'], ['isAuthenticated', 'auth.C010']] as const) {
    if (typeof (User.prototype as unknown as Record<string, unknown>)[name] === 'function') {
      messages.push(new Critical(`${User.name}.${name} must be an attribute or property rather than a method. Ignoring this is a security issue as anonymous users will be treated as authenticated!`, { id, obj }));
    }
  }
  return messages;
}

/** Built-in permission codenames ('view_<model>') must fit Permission.codename (100). */
export function checkModelNameLengths(context: CheckContext): CheckMessage[] {
  const messages: CheckMessage[] = [];
  for (const config of context.appConfigs ?? apps.getAppConfigs()) {
    for (const model of modelsForPermissions(config.label)) {
      const meta = optionsOf(model);
      const longest = `change_${meta.modelName}`;
      if (longest.length > 100) {
        messages.push(new CheckError(`The name of model '${meta.label}' must be at most ${100 - 'change_'.length} characters for its builtin permission codenames to be at most 100 characters.`, { id: 'auth.E011', obj: meta.label }));
      }
    }
  }
  return messages;
}

register(checkUserModel, Tags.models);
register(checkModelNameLengths, Tags.models);
