// A model's metadata (Django's Model._meta): its fields, primary key, table, ordering,
// and the relations that point at it from other models.
import { FieldError } from '../errors';
import type { AnyField } from '../fields/field';
import { BigAutoField } from '../fields/numeric';
import { ForeignKey, ManyToManyField, RelatedField } from '../fields/related';
import type { ConstraintDefinition, IndexDefinition, ModelClass, ModelMeta } from './types';

/** A relation seen from its target: User's side of Post.author. */
export interface ReverseRelation {
  /** The field that points here (Post.author). */
  field: ForeignKey | ManyToManyField;
  /** The model that holds it (Post). */
  model: ModelClass;
  /** The accessor on instances of this model (user.postSet / user.posts). */
  accessorName: string;
  /** The name in lookups (User.objects.filter({ posts__title })). */
  queryName: string;
  /** A single object (one-to-one) rather than a set. */
  single: boolean;
  manyToMany: boolean;
  /** relatedName '+': no accessor and no lookups, but deletes still cascade through it. */
  hidden: boolean;
}

const snakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export class Options {
  readonly objectName: string;
  readonly modelName: string;
  /** 'blog.Post' */
  readonly label: string;
  readonly dbTable: string;
  readonly ordering: readonly string[];
  readonly indexes: readonly IndexDefinition[];
  readonly constraints: readonly ConstraintDefinition[];
  readonly uniqueTogether: readonly string[][];
  readonly abstract: boolean;
  readonly verboseName: string;
  readonly verboseNamePlural: string;
  readonly getLatestBy: readonly string[];
  /** Every field, in declaration order, the primary key first when it was added for you. */
  readonly fields: readonly AnyField[];
  /** Fields with a column in this table (not many-to-many). */
  readonly concreteFields: readonly AnyField[];
  readonly manyToManyFields: readonly ManyToManyField[];
  readonly pk: AnyField;
  private readonly byName = new Map<string, AnyField>();
  readonly reverseRelations: ReverseRelation[] = [];

  constructor(
    readonly model: ModelClass,
    readonly appLabel: string,
    declared: ReadonlyArray<readonly [string, AnyField]>,
    meta: ModelMeta,
  ) {
    this.objectName = meta.modelName ?? model.name;
    this.modelName = this.objectName.toLowerCase();
    this.label = `${appLabel}.${this.objectName}`;
    this.abstract = meta.abstract ?? false;
    this.dbTable = meta.dbTable ?? `${appLabel}_${this.modelName}`;
    this.ordering = meta.ordering ?? [];
    this.indexes = meta.indexes ?? [];
    this.constraints = meta.constraints ?? [];
    this.uniqueTogether = meta.uniqueTogether ?? [];
    this.verboseName = meta.verboseName ?? snakeCase(this.objectName).replace(/_/g, ' ');
    this.verboseNamePlural = meta.verboseNamePlural ?? `${this.verboseName}s`;
    this.getLatestBy = meta.getLatestBy === undefined ? [] : Array.isArray(meta.getLatestBy) ? meta.getLatestBy : [meta.getLatestBy];

    const fields = declared.map(([name, field]) => {
      const own = field.clone();
      own.contribute(model, name);
      return own;
    });
    const primaryKeys = fields.filter((field) => field.primaryKey);
    if (primaryKeys.length > 1) {
      throw new FieldError(`${this.objectName} declares more than one primary key: ${primaryKeys.map((f) => f.name).join(', ')}.`);
    }
    if (primaryKeys.length === 0) {
      if (fields.some((field) => field.name === 'id')) {
        throw new FieldError(`${this.objectName}.id is not a primary key: the name 'id' is the automatic primary key's. Rename it, or add primaryKey: true.`);
      }
      const id = new BigAutoField({ primaryKey: true });
      id.contribute(model, 'id');
      fields.unshift(id);
    }
    this.fields = fields;
    this.pk = fields.find((field) => field.primaryKey)!;
    this.concreteFields = fields.filter((field) => field.concrete);
    this.manyToManyFields = fields.filter((field): field is ManyToManyField => field instanceof ManyToManyField);
    for (const field of fields) {
      this.byName.set(field.name, field);
      if (field.attname !== field.name) this.byName.set(field.attname, field);
    }
  }


  get relationFields(): Array<ForeignKey | ManyToManyField> {
    return this.fields.filter((field): field is ForeignKey | ManyToManyField => field instanceof RelatedField || field instanceof ManyToManyField);
  }

  /** A field by name or attname ('author' or 'authorId'); 'pk' is the primary key. */
  findField(name: string): AnyField | undefined {
    return name === 'pk' ? this.pk : this.byName.get(name);
  }

  getField(name: string): AnyField {
    const field = this.findField(name);
    if (!field) throw new FieldError(`${this.objectName} has no field named '${name}'. Choices are: ${this.fieldNames().join(', ')}.`, { code: 'HYPER_ORM_UNKNOWN_FIELD' });
    return field;
  }

  findReverse(name: string): ReverseRelation | undefined {
    return this.reverseRelations.find((relation) => !relation.hidden && (relation.queryName === name || relation.accessorName === name));
  }

  /** Every name a lookup may start with: fields and reverse relations. */
  fieldNames(): string[] {
    const reverse = this.reverseRelations.filter((relation) => !relation.hidden).map((relation) => relation.queryName);
    return [...this.fields.map((field) => field.name), ...reverse].sort();
  }
}
