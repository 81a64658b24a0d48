// Permission and Group. With no contenttypes app, a permission names its model by app
// label and model name; its string form is '<appLabel>.<codename>' ('blog.add_post'),
// as Django's user.has_perm() takes it.
import { CharField, ManyToManyField, model, type ManyRelatedManager } from '../../orm';
import { Manager } from '../../orm/query/manager';

export class Permission extends model(
  {
    name: CharField({ maxLength: 255, verboseName: 'name' }),
    appLabel: CharField({ maxLength: 100, verboseName: 'app label' }),
    model: CharField({ maxLength: 100, verboseName: 'model' }),
    codename: CharField({ maxLength: 100, verboseName: 'codename' }),
  },
  { appLabel: 'auth', uniqueTogether: [['appLabel', 'codename']], ordering: ['appLabel', 'model', 'codename'], verboseName: 'permission' },
) {
  declare static objects: Manager<Permission>;

  /** As fixtures refer to it with --natural-foreign (Django's order: codename, app label, model). */
  naturalKey(): [string, string, string] {
    return [this.codename, this.appLabel, this.model];
  }

  static getByNaturalKey(codename: string, appLabel: string, modelName: string): Promise<Permission> {
    return Permission.objects.get({ codename, appLabel, model: modelName });
  }

  /** 'blog.add_post' */
  get perm(): string {
    return `${this.appLabel}.${this.codename}`;
  }

  toString(): string {
    return `${this.appLabel} | ${this.model} | ${this.name}`;
  }
}

export class Group extends model(
  {
    name: CharField({ maxLength: 150, unique: true, verboseName: 'name' }),
    permissions: ManyToManyField(() => Permission, { blank: true, verboseName: 'permissions' }),
  },
  { appLabel: 'auth', verboseName: 'group' },
) {
  declare static objects: Manager<Group>;
  declare permissions: ManyRelatedManager<Permission>;

  naturalKey(): [string] {
    return [this.name];
  }

  static getByNaturalKey(name: string): Promise<Group> {
    return Group.objects.get({ name });
  }

  toString(): string {
    return this.name;
  }
}
