// DDL for migration operations, on historical models: each method emits statements,
// which run on the connection (migrate) or are collected (sqlmigrate).
import type { Connection } from '../../db';
import type { AnyField } from '../fields/field';
import { ForeignKey, ManyToManyField } from '../fields/related';
import type { IndexDefinition, ConstraintDefinition, ModelClass } from '../model/types';
import { optionsOf } from '../model/prepare';
import { compiler, sql, type Sql } from '../query/compile-context';
import { columnDefinition, constraintName, createTableStatements, foreignKeyReference, indexForColumn, indexStatement, constraintStatement, uniqueTogetherConstraint, uniqueTogetherName } from '../schema/create-tables';

export class SchemaEditor {
  readonly collected: string[] = [];

  /** With no connection, statements are only collected (sqlmigrate). */
  constructor(readonly connection: Connection | null) {}

  async execute(statement: string | Sql): Promise<void> {
    const text = typeof statement === 'string' ? statement : statement.compile(compiler).sql;
    this.collected.push(text);
    if (this.connection) await this.connection.execute({ sql: text, parameters: [] });
  }

  private table(model: ModelClass): Sql {
    return sql.id(optionsOf(model).dbTable);
  }

  async createModel(model: ModelClass): Promise<void> {
    for (const statement of createTableStatements(model)) await this.execute(statement);
    for (const field of optionsOf(model).manyToManyFields) await this.createModel(field.through!);
  }

  async deleteModel(model: ModelClass): Promise<void> {
    for (const field of optionsOf(model).manyToManyFields) await this.deleteModel(field.through!);
    await this.execute(sql`DROP TABLE ${this.table(model)} CASCADE`);
  }

  async renameTable(from: string, to: string): Promise<void> {
    if (from !== to) await this.execute(sql`ALTER TABLE ${sql.id(from)} RENAME TO ${sql.id(to)}`);
  }

  /** A new column; existing rows get the field's default (then the column keeps no database default, as in Django). */
  async addField(model: ModelClass, field: AnyField): Promise<void> {
    if (field instanceof ManyToManyField) return this.createModel(field.through!);
    const table = this.table(model);
    const fill = !field.nullable && field.hasDefault() ? field.toDb(field.getDefault()) : undefined;
    if (fill === undefined) {
      await this.execute(sql`ALTER TABLE ${table} ADD COLUMN ${columnDefinition(field)}`);
    } else {
      await this.execute(sql`ALTER TABLE ${table} ADD COLUMN ${columnDefinition(field)} DEFAULT ${sql.lit(literalValue(fill))}`);
      await this.execute(sql`ALTER TABLE ${table} ALTER COLUMN ${sql.id(field.column)} DROP DEFAULT`);
    }
    if ((field.options.dbIndex || field instanceof ForeignKey) && !field.unique) await this.execute(indexForColumn(optionsOf(model).dbTable, field.column));
  }

  async removeField(model: ModelClass, field: AnyField): Promise<void> {
    if (field instanceof ManyToManyField) return this.deleteModel(field.through!);
    await this.execute(sql`ALTER TABLE ${this.table(model)} DROP COLUMN ${sql.id(field.column)} CASCADE`);
  }

  async renameField(model: ModelClass, from: AnyField, to: AnyField): Promise<void> {
    if (from.column !== to.column) await this.execute(sql`ALTER TABLE ${this.table(model)} RENAME COLUMN ${sql.id(from.column)} TO ${sql.id(to.column)}`);
  }

  /** Type, NULL, unique, index and foreign key changes of one column. */
  async alterField(model: ModelClass, from: AnyField, to: AnyField): Promise<void> {
    const tableName = optionsOf(model).dbTable;
    const table = sql.id(tableName);
    if (from instanceof ManyToManyField || to instanceof ManyToManyField) return;
    await this.renameField(model, from, to);
    const column = sql.id(to.column);
    if (from instanceof ForeignKey && (!(to instanceof ForeignKey) || from.options.dbConstraint !== false)) {
      if (!(to instanceof ForeignKey) || optionsOf(from.target).dbTable !== optionsOf(to.target).dbTable || from.dbType !== to.dbType) {
        await this.execute(sql`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${sql.id(constraintName(tableName, from.column, 'fk'))}`);
      }
    }
    if (from.dbType !== to.dbType) await this.execute(sql`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${sql.raw(to.dbType)} USING ${column}::${sql.raw(to.dbType)}`);
    if (from.nullable !== to.nullable) await this.execute(sql`ALTER TABLE ${table} ALTER COLUMN ${column} ${sql.raw(to.nullable ? 'DROP NOT NULL' : 'SET NOT NULL')}`);
    if (from.unique && !to.unique) await this.execute(sql`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${sql.id(constraintName(tableName, from.column, 'uniq'))}`);
    if (!from.unique && to.unique) await this.execute(sql`ALTER TABLE ${table} ADD CONSTRAINT ${sql.id(constraintName(tableName, to.column, 'uniq'))} UNIQUE (${column})`);
    const indexed = (field: AnyField) => (field.options.dbIndex === true || field instanceof ForeignKey) && !field.unique;
    if (indexed(from) && !indexed(to)) await this.execute(sql`DROP INDEX IF EXISTS ${sql.id(constraintName(tableName, from.column, 'idx'))}`);
    if (!indexed(from) && indexed(to)) await this.execute(indexForColumn(tableName, to.column));
    if (to instanceof ForeignKey && to.options.dbConstraint !== false) {
      const hadSame = from instanceof ForeignKey && optionsOf(from.target).dbTable === optionsOf(to.target).dbTable && from.dbType === to.dbType && from.options.dbConstraint !== false;
      if (!hadSame) await this.execute(sql`ALTER TABLE ${table} ADD ${foreignKeyReference(to)}`);
    }
  }

  async addIndex(model: ModelClass, index: IndexDefinition): Promise<void> {
    await this.execute(indexStatement(model, index));
  }

  async removeIndex(model: ModelClass, index: IndexDefinition): Promise<void> {
    await this.execute(sql`DROP INDEX IF EXISTS ${sql.id(index.name ?? '')}`);
    void model;
  }

  async renameIndex(from: string, to: string): Promise<void> {
    await this.execute(sql`ALTER INDEX ${sql.id(from)} RENAME TO ${sql.id(to)}`);
  }

  /** Drops the uniqueTogether sets `from` has and `to` lacks, then adds those `to` alone has. */
  async alterUniqueTogether(from: ModelClass, to: ModelClass): Promise<void> {
    const key = (names: readonly string[]) => JSON.stringify(names);
    const before = new Map(optionsOf(from).uniqueTogether.map((names) => [key(names), names]));
    const after = new Map(optionsOf(to).uniqueTogether.map((names) => [key(names), names]));
    for (const [name, names] of before) {
      if (after.has(name)) continue;
      await this.execute(sql`ALTER TABLE ${this.table(from)} DROP CONSTRAINT IF EXISTS ${sql.id(uniqueTogetherName(from, names))}`);
    }
    for (const [name, names] of after) {
      if (!before.has(name)) await this.execute(sql`ALTER TABLE ${this.table(to)} ADD ${uniqueTogetherConstraint(to, names)}`);
    }
  }

  async addConstraint(model: ModelClass, constraint: ConstraintDefinition): Promise<void> {
    await this.execute(constraintStatement(model, constraint));
  }

  async removeConstraint(model: ModelClass, constraint: ConstraintDefinition): Promise<void> {
    const table = this.table(model);
    if (constraint.kind === 'unique' && constraint.condition) await this.execute(sql`DROP INDEX IF EXISTS ${sql.id(constraint.name)}`);
    else await this.execute(sql`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${sql.id(constraint.name)}`);
  }
}

function literalValue(value: unknown): string | number | boolean {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
