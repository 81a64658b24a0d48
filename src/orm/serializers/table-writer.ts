// One model's fixture rows into its table, a batch at a time: the batch travels as
// one JSON parameter that PostgreSQL spreads into rows with jsonb_populate_recordset
// (each value read by its column type's own input, as a bound text parameter would
// be), so a statement of thousands of rows is one small parse on the server, on a
// PostgreSQL server and on the embedded database alike (jsonb is parsed once;
// json_populate_recordset parses each record again, a third slower). An object already
// there is replaced (INSERT ... ON CONFLICT (pk) DO UPDATE), as Django's loaddata does.
import { atomic, connections, DatabaseError, serializeParameter } from '../../db';
import type { AnyField } from '../fields/field';
import type { ManyToManyField } from '../fields/related';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { compiler, sql } from '../query/compile-context';
import { throughKeys } from '../query/path';
import { DeserializationError } from './errors';
import { columnPayload } from './field-values';

/** A row waiting to be written: its values as column payloads, primary key first. */
export interface PendingRow {
  /** Where it came from, for errors: 'fixtures/a.json, object 3 (blog.post pk 5)'. */
  where: () => string;
  /** The primary key's payload; null until the database generates it. */
  pk: unknown;
  values: unknown[];
  members: Array<[ManyToManyField, unknown[]]>;
  /** Whether the write made the row (false: it replaced one); set for rows that ask, by `track`. */
  track?: boolean;
  created?: boolean;
}

const quote = (name: string) => sql`${sql.id(name)}`.compile(compiler).sql;

/** Rows of one model written by jsonb_populate_recordset, primary key first. */
export class TableWriter {
  /** Columns written, primary key first. */
  readonly fields: AnyField[];
  /** Each field's value as the JSON payload carries it. */
  readonly payloads: Array<(value: unknown) => unknown>;
  private readonly table: string;
  private readonly columns: string[];
  private readonly upsert: string;
  private readonly insertGenerated: string;

  constructor(
    readonly model: ModelClass,
    private readonly db: string,
  ) {
    const meta = optionsOf(model);
    this.fields = [meta.pk, ...meta.concreteFields.filter((field) => !field.primaryKey)];
    this.payloads = this.fields.map((field) => columnPayload(field));
    this.table = quote(meta.dbTable);
    this.columns = this.fields.map((field) => quote(field.column));
    const list = this.columns.join(', ');
    const rest = this.columns.slice(1).join(', ');
    const updates = this.columns.slice(1).map((column) => `${column} = EXCLUDED.${column}`);
    const source = `FROM jsonb_populate_recordset(NULL::${this.table}, $1)`;
    this.upsert = `INSERT INTO ${this.table} (${list}) SELECT ${list} ${source} ON CONFLICT (${this.columns[0]}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
    this.insertGenerated = `INSERT INTO ${this.table} (${rest}) SELECT ${rest} ${source} RETURNING ${this.columns[0]}`;
  }

  /**
   * Writes the rows: those with a key replace any row with that key, the others get
   * generated keys; then `inserted` runs (postSave, which Django sends before the
   * many-to-many sets are saved), then their many-to-many sets.
   */
  async write(rows: PendingRow[], inserted?: (rows: PendingRow[]) => Promise<void>): Promise<void> {
    const keyed = rows.filter((row) => row.pk !== null);
    const generated = rows.filter((row) => row.pk === null);
    if (keyed.length) await this.guarded(keyed, (some) => this.insert(some, true));
    if (generated.length) await this.guarded(generated, (some) => this.insert(some, false));
    if (inserted) await inserted(rows);
    const manyToMany = new Set(rows.flatMap((row) => row.members.map(([field]) => field)));
    for (const field of manyToMany) {
      const sources = rows.filter((row) => row.members.some(([member]) => member === field));
      await this.guarded(sources, (some) => this.setMembers(field, some));
    }
  }

  private async insert(rows: PendingRow[], keyed: boolean): Promise<void> {
    const connection = connections.get(this.db);
    const names = this.fields.map((field) => field.column);
    const from = keyed ? 0 : 1;
    const records = rows.map((row) => {
      const record: Record<string, unknown> = {};
      for (let c = from; c < names.length; c++) record[names[c]] = row.values[c];
      return record;
    });
    const tracked = rows.filter((row) => row.track);
    // Whether each row is new, for postSave's `created`: asked before the rows replace them.
    const existing = keyed && tracked.length ? await this.existingKeys(tracked.map((row) => row.pk)) : undefined;
    const result = await connection.execute({ sql: keyed ? this.upsert : this.insertGenerated, parameters: [JSON.stringify(records)] });
    if (!keyed) rows.forEach((row, index) => (row.pk = result.rows[index][names[0]]));
    for (const row of tracked) row.created = !existing?.has(String(serializeParameter(row.pk)));
  }

  private async existingKeys(pks: unknown[]): Promise<Set<string>> {
    const result = await connections.get(this.db).execute({
      sql: `SELECT ${this.columns[0]}::text AS pk FROM ${this.table} WHERE ${this.columns[0]}::text = ANY($1::text[])`,
      parameters: [pks.map((pk) => serializeParameter(pk))],
    });
    return new Set(result.rows.map((row) => row.pk as string));
  }

  /** Replaces the sources' many-to-many sets by the fixture's lists. */
  private async setMembers(field: ManyToManyField, rows: PendingRow[]): Promise<void> {
    const [source, target] = throughKeys(field);
    const through = optionsOf(field.through!);
    const connection = connections.get(this.db);
    const table = quote(through.dbTable);
    const [from, to] = [quote(source.column), quote(target.column)];
    await connection.execute({ sql: `DELETE FROM ${table} WHERE ${from} = ANY($1)`, parameters: [rows.map((row) => row.pk)] });
    const pairs: Array<Record<string, unknown>> = [];
    for (const row of rows) {
      for (const member of row.members.find(([candidate]) => candidate === field)![1]) pairs.push({ [source.column]: row.pk, [target.column]: member });
    }
    if (!pairs.length) return;
    await connection.execute({
      sql: `INSERT INTO ${table} (${from}, ${to}) SELECT ${from}, ${to} FROM jsonb_populate_recordset(NULL::${table}, $1) ON CONFLICT DO NOTHING`,
      parameters: [JSON.stringify(pairs)],
    });
  }

  /**
   * Runs `write` on the rows in a savepoint. When the database refuses them, the first
   * row it refuses is found by halves (the first half written, then the second tried
   * after it: a dozen statements for a batch of thousands) and named; the
   * transaction fails as a whole anyway.
   */
  private async guarded(rows: PendingRow[], write: (rows: PendingRow[]) => Promise<void>): Promise<void> {
    try {
      await atomic(() => write(rows), { using: this.db });
      return;
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      if (rows.length === 1) throw await this.located(rows[0], error);
    }
    const half = Math.ceil(rows.length / 2);
    await this.guarded(rows.slice(0, half), write);
    await this.guarded(rows.slice(half), write);
  }

  /** The database's refusal of one row as a one-line error naming the row and, when it can be found, the field. */
  private async located(row: PendingRow, error: DatabaseError): Promise<DeserializationError> {
    const column = error.column ?? (error.sqlState?.startsWith('22') ? await this.refusedColumn(row) : undefined);
    const field = this.fields.find((candidate) => candidate.column === column);
    const where = column ? `, field '${field?.name ?? column}'` : '';
    const detail = error.detail ? ` (${error.detail})` : '';
    return new DeserializationError(`${row.where()}${where}: ${error.message}${detail}`, { code: 'HYPER_DESERIALIZATION_ROW_REFUSED', cause: error });
  }

  /**
   * The column whose value its type refuses (too long, out of range, not of the type:
   * SQLSTATE class 22, which PostgreSQL reports without the column): each value is
   * read into the row type alone until one fails.
   */
  private async refusedColumn(row: PendingRow): Promise<string | undefined> {
    const connection = connections.get(this.db);
    for (let c = 0; c < this.fields.length; c++) {
      if (row.values[c] === null) continue;
      const column = this.fields[c].column;
      try {
        await atomic(() => connection.execute({ sql: `SELECT jsonb_populate_record(NULL::${this.table}, $1) IS NULL`, parameters: [JSON.stringify({ [column]: row.values[c] })] }), { using: this.db });
      } catch (error) {
        if (error instanceof DatabaseError) return column;
        throw error;
      }
    }
    return undefined;
  }
}
