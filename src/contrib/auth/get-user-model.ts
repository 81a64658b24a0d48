// getUserModel(): the model AUTH_USER_MODEL names. Code that may run with a custom
// user model refers to users through it (or ForeignKey(() => getUserModel())).
import { settings } from '../../conf/settings';
import { ImproperlyConfigured } from '../../core/errors';
import { getModel } from '../../orm/model/registry';
import type { AbstractBaseUser } from './base-user';

export type UserModel = typeof AbstractBaseUser & (new (values?: Record<string, unknown>) => AbstractBaseUser & Record<string, unknown>);

export function getUserModel(): UserModel {
  const label = settings.AUTH_USER_MODEL;
  try {
    return getModel(label) as unknown as UserModel;
  } catch (error) {
    throw new ImproperlyConfigured(`AUTH_USER_MODEL refers to model '${label}' that has not been installed: ${(error as Error).message}`, { code: 'HYPER_AUTH_USER_MODEL_NOT_INSTALLED', cause: error });
  }
}
