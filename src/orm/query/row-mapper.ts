// Rows -> model instances (with their selectRelated relations attached), or values()
// dicts and lists, following the plan the compiler made for the SELECT.
import { FROM_DB } from '../model/model';
import { stateOf } from '../model/prepare';
import type { ModelNode, SelectPlan } from './compiler';
import { Field } from '../fields/field';

type Row = Record<string, unknown>;

function convert(field: { fromDb(value: unknown): unknown } | null, value: unknown): unknown {
  return field === null || value === null ? value : field.fromDb(value);
}

export function mapRows(plan: SelectPlan, rows: readonly Row[], db: string): unknown[] {
  switch (plan.mode) {
    case 'models':
      return rows.map((row) => instanceFromRow(plan, row, db));
    case 'values':
    case 'named':
      return rows.map((row) => {
        const out: Record<string, unknown> = {};
        for (const extra of plan.extras) out[extra.name] = convert(extra.field, row[extra.alias]);
        return out;
      });
    case 'valuesList':
      return rows.map((row) => plan.extras.map((extra) => convert(extra.field, row[extra.alias])));
    case 'flat': {
      const only = plan.extras[0];
      return rows.map((row) => convert(only.field, row[only.alias]));
    }
  }
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- compared against a field's own fromDb, never called
const identity = Field.prototype.fromDb;

/** Converters for a node's fields, worked out once per cached plan: null where fromDb changes nothing. */
function convertersOf(node: ModelNode): Array<((value: unknown) => unknown) | null> {
  node.converters ??= node.fields.map((field) => (field.fromDb === identity ? null : (value: unknown) => field.fromDb(value)));
  return node.converters;
}

function instanceFromRow(plan: SelectPlan, row: Row, db: string): unknown {
  const instances: unknown[] = new Array(plan.nodes.length);
  for (let n = 0; n < plan.nodes.length; n++) {
    const node = plan.nodes[n];
    const pkAlias = node.aliases[node.fields.findIndex((field) => field.primaryKey)];
    if (n > 0 && (instances[node.parent] === null || row[pkAlias] === null)) {
      instances[n] = null;
    } else {
      const instance = new node.model(FROM_DB as unknown as Record<string, unknown>) as unknown as Record<string, unknown>;
      const fields = node.fields;
      const aliases = node.aliases;
      const converters = convertersOf(node);
      for (let i = 0; i < fields.length; i++) {
        const value = row[aliases[i]];
        const convert = converters[i];
        instance[fields[i].attname] = value === null || convert === null ? value : convert(value);
      }
      stateOf(instance).db = db;
      instances[n] = instance;
    }
    if (n > 0 && instances[node.parent] !== null) stateOf(instances[node.parent] as object).related.set(node.relation!, instances[n]);
  }
  const base = instances[0] as Record<string, unknown>;
  for (const extra of plan.extras) base[extra.name] = convert(extra.field, row[extra.alias]);
  return base;
}
