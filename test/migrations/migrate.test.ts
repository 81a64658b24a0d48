// migrate, showmigrations and sqlmigrate on both backends, over migration files of a
// temporary app: forwards, backwards to zero, a failure midway, concurrent runs.
import * as path from 'node:path';
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/db';
import { callCommand } from '../../src/management/call-command';
import { MigrationExecutor, MIGRATE_LOCK } from '../../src/orm/migrations/executor';
import { projectMigrations } from '../../src/orm/migrations/project-migrations';
import { resetModelRegistry } from '../../src/orm';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/test-databases';
import { makeTempDir, removeDir, srcModule, writeFiles } from '../support/temp-project';

const header = `const { Migration, operations: o, fields: f } = require(${srcModule('orm/migrations')});\n`;

const MIGRATIONS: Record<string, string> = {
  'shop/migrations/0001_initial.ts': `${header}
module.exports.default = new Migration({ initial: true, operations: [
  o.CreateModel({ name: 'Tag', fields: [['id', f.BigAutoField({ primaryKey: true })], ['name', f.CharField({ maxLength: 30, unique: true })]] }),
  o.CreateModel({ name: 'Item', fields: [
    ['id', f.BigAutoField({ primaryKey: true })],
    ['title', f.CharField({ maxLength: 100 })],
    ['body', f.TextField({ default: '' })],
    ['tags', f.ManyToManyField('shop.Tag', { blank: true })],
  ] }),
] });`,
  'shop/migrations/0002_changes.ts': `${header}
module.exports.default = new Migration({ dependencies: [['shop', '0001_initial']], operations: [
  o.AddField({ modelName: 'Item', name: 'price', field: f.IntegerField({ default: 5 }) }),
  o.AlterField({ modelName: 'Item', name: 'title', field: f.CharField({ maxLength: 200, null: true }) }),
  o.RenameField({ modelName: 'Item', oldName: 'body', newName: 'text' }),
  o.AddField({ modelName: 'Item', name: 'owner', field: f.ForeignKey('shop.Tag', { onDelete: 'CASCADE', null: true }) }),
  o.AddIndex({ modelName: 'Item', index: { fields: ['price'], name: 'item_price_idx' } }),
  o.AddConstraint({ modelName: 'Item', constraint: { kind: 'check', name: 'price_positive', check: 'price >= 0' } }),
] });`,
  'shop/migrations/0003_data.ts': `${header}
module.exports.default = new Migration({ dependencies: [['shop', '0002_changes']], operations: [
  o.RunCode({
    code: async ({ apps }) => { const Tag = apps.getModel('shop.Tag'); await Tag.objects.create({ name: 'seeded' }); },
    reverse: async ({ apps }) => { await apps.getModel('shop.Tag').objects.filter({ name: 'seeded' }).delete(); },
  }),
  o.RunSQL({ sql: "INSERT INTO shop_item (title, text, price) VALUES ('raw', '', 1)", reverseSql: "DELETE FROM shop_item WHERE title = 'raw'" }),
] });`,
};

const BROKEN = `${header}
module.exports.default = new Migration({ dependencies: [['shop', '0003_data']], operations: [
  o.AddField({ modelName: 'Item', name: 'extra', field: f.IntegerField({ null: true }) }),
  o.RunSQL({ sql: 'SELECT * FROM no_such_table' }),
] });`;

describe.each(BACKENDS)('migrate on %s', (kind) => {
  let db: TestDatabase;
  let root: string;

  async function setup(files: Record<string, string>) {
    removeDir(root);
    writeFiles(root, { 'shop/models.ts': 'export {};', ...files });
    resetSettings();
    apps.reset();
    resetModelRegistry();
    // The app has migrations and no models.ts models on purpose: its models are not what these tests are about.
    configure({ SECRET_KEY: 'x'.repeat(60), INSTALLED_APPS: ['shop'], DATABASES: { default: db.url }, SILENCED_SYSTEM_CHECKS: ['migrations.W001'] }, { projectRoot: root });
    for (const key of Object.keys(require.cache)) if (key.startsWith(root)) delete require.cache[key];
    await apps.populate(['shop'], root);
  }

  async function tables(): Promise<string[]> {
    const rows = await connections.get().execute<{ t: string }>({ sql: "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", parameters: [] });
    return rows.rows.map((row) => row.t);
  }

  async function columns(table: string): Promise<string[]> {
    const rows = await connections.get().execute<{ c: string; n: string; t: string }>({
      sql: 'SELECT column_name AS c, is_nullable AS n, data_type AS t FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
      parameters: [table],
    });
    return rows.rows.map((row) => `${row.c}:${row.t}:${row.n}`);
  }

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    root = makeTempDir('hyper-migrate-');
  });
  afterAll(async () => {
    await connections.reset();
    await db.drop();
    removeDir(root);
  });

  it('applies forwards, reports, and unapplies to zero leaving no table behind', async () => {
    await setup(MIGRATIONS);
    const plan = await callCommand('migrate', { plan: true });
    expect(plan.stdout).toContain('shop.0001_initial\n    Create model Tag\n    Create model Item\n');
    await expect(callCommand('migrate', { check: true })).rejects.toThrow('3 migrations are not applied: shop.0001_initial, shop.0002_changes, shop.0003_data.');
    expect((await callCommand('check', { database: ['default'] })).stderr).toContain("(migrations.W002) You have 3 unapplied migration(s) on database 'default' (apps: shop).");
    expect((await callCommand('check', {})).stderr).not.toContain('migrations.W002');
    const run = await callCommand('migrate', {});
    expect(run.stdout).toMatch(/Operations to perform:\n {2}Apply all migrations: shop\nRunning migrations:\n {2}Applying shop\.0001_initial\.\.\. OK \(\d+\.\d{3}s\)\n {2}Applying shop\.0002_changes\.\.\. OK/);
    expect(await tables()).toEqual(['hyper_migrations', 'shop_item', 'shop_item_tags', 'shop_tag']);
    expect(await columns('shop_item')).toEqual(['id:bigint:NO', 'title:character varying:YES', 'text:text:NO', 'price:integer:NO', 'owner_id:bigint:YES']);
    const data = await connections.get().execute<{ n: string }>({ sql: "SELECT (SELECT count(*) FROM shop_tag WHERE name = 'seeded') + (SELECT count(*) FROM shop_item WHERE title = 'raw') AS n", parameters: [] });
    expect(Number(data.rows[0].n)).toBe(2);
    await expect(connections.get().execute({ sql: "INSERT INTO shop_item (title, text, price) VALUES ('x', '', -1)", parameters: [] })).rejects.toMatchObject({ constraint: 'price_positive' });
    expect((await callCommand('migrate', {})).stdout).toContain('No migrations to apply.');
    await callCommand('migrate', { check: true });
    const clean = await callCommand('check', { database: ['default'] });
    expect(clean.stderr).toBe('');
    expect(clean.stdout).toBe('System check identified no issues (1 silenced).\n');
    expect((await callCommand('showmigrations', {})).stdout).toBe('shop\n [X] 0001_initial\n [X] 0002_changes\n [X] 0003_data\n');
    expect((await callCommand('migrate', { checkDrift: true })).stdout).toBe('The database schema matches the applied migrations.\n');
    const drift = ['ALTER TABLE shop_item ALTER COLUMN price DROP NOT NULL', 'ALTER TABLE shop_item ADD COLUMN stray integer', 'CREATE TABLE handmade (id int)', 'ALTER TABLE shop_tag ALTER COLUMN name TYPE varchar(40)'];
    for (const statement of drift) await connections.get().execute({ sql: statement, parameters: [] });
    await expect(callCommand('migrate', { checkDrift: true })).rejects.toThrow(
      'The database schema differs from the applied migrations in 4 places:\n' +
        '  Column shop_tag.name is character varying(40) in the database, character varying(30) in the migrations.\n' +
        '  Column shop_item.price is nullable in the database, NOT NULL in the migrations.\n' +
        '  Column shop_item.stray is in the database but in no migration.\n' +
        '  Table handmade is in the database but in no migration.',
    );
    for (const statement of ['ALTER TABLE shop_item ALTER COLUMN price SET NOT NULL', 'ALTER TABLE shop_item DROP COLUMN stray', 'DROP TABLE handmade', 'ALTER TABLE shop_tag ALTER COLUMN name TYPE varchar(30)']) await connections.get().execute({ sql: statement, parameters: [] });

    const back = await callCommand('migrate', { app: 'shop', migration: '0001' });
    expect(back.stdout).toContain('  Unapplying shop.0003_data... OK');
    expect(back.stdout).toContain('  Unapplying shop.0002_changes... OK');
    expect(await columns('shop_item')).toEqual(['id:bigint:NO', 'title:character varying:NO', 'body:text:NO']);
    expect((await callCommand('showmigrations', { plan: true })).stdout).toBe('[X]  shop.0001_initial\n[ ]  shop.0002_changes\n[ ]  shop.0003_data\n');
    await callCommand('migrate', { app: 'shop', migration: 'zero' });
    expect(await tables()).toEqual(['hyper_migrations']);
  });

  it('leaves the database at the previous migration when one fails midway', async () => {
    await setup({ ...MIGRATIONS, 'shop/migrations/0004_broken.ts': BROKEN });
    await expect(callCommand('migrate', {})).rejects.toThrow(/no_such_table/);
    const { applied } = await projectMigrations();
    expect([...applied].sort()).toEqual(['shop.0001_initial', 'shop.0002_changes', 'shop.0003_data']);
    expect(await columns('shop_item')).not.toContain('extra:integer:YES');
    await setup(MIGRATIONS);
    await callCommand('migrate', { app: 'shop', migration: 'zero' });
  });

  it('applies each migration once when two migrate runs start together', async () => {
    await setup(MIGRATIONS);
    const runs = await Promise.all([0, 1].map(async () => {
      const { executor, applied } = await projectMigrations();
      const outcomes: string[] = [];
      await executor.run(executor.plan(executor.allLeaves(), applied), { progress: ({ step, phase }) => phase !== 'start' && outcomes.push(`${step.migration.name}:${phase}`) });
      return outcomes;
    }));
    const done = runs.flat().filter((outcome) => outcome.endsWith(':done')).sort();
    expect(done).toEqual(['0001_initial:done', '0002_changes:done', '0003_data:done']);
    const seeded = await connections.get().execute<{ n: string }>({ sql: "SELECT count(*) AS n FROM shop_tag WHERE name = 'seeded'", parameters: [] });
    expect(Number(seeded.rows[0].n)).toBe(1);
    expect(MIGRATE_LOCK).toBeGreaterThan(0);
    await callCommand('migrate', { app: 'shop', migration: 'zero' });
  });

  it('fakes, fakes initial migrations whose tables exist, and prints SQL', async () => {
    await setup(MIGRATIONS);
    await callCommand('migrate', { app: 'shop', migration: '0001' });
    await callCommand('migrate', { app: 'shop', migration: 'zero', fake: true });
    expect(await tables()).toContain('shop_item');
    const faked = await callCommand('migrate', { app: 'shop', migration: '0001', fakeInitial: true });
    expect(faked.stdout).toContain('Applying shop.0001_initial... FAKED');
    const sql = await callCommand('sqlmigrate', { app: 'shop', migration: '0002' });
    expect(sql.stdout.split('\n')[0]).toBe('BEGIN;');
    expect(sql.stdout).toContain('ALTER TABLE "shop_item" ADD COLUMN "price" integer NOT NULL DEFAULT 5;');
    expect(sql.stdout).toContain('ALTER TABLE "shop_item" ALTER COLUMN "price" DROP DEFAULT;');
    expect(sql.stdout).toContain('ALTER TABLE "shop_item" RENAME COLUMN "body" TO "text";');
    expect(sql.stdout).toContain('CREATE INDEX "item_price_idx" ON "shop_item" ("price");');
    const backwards = await callCommand('sqlmigrate', { app: 'shop', migration: '0002', backwards: true });
    expect(backwards.stdout).toContain('ALTER TABLE "shop_item" DROP COLUMN "price" CASCADE;');
    await callCommand('migrate', { app: 'shop', migration: 'zero' });
  });

  it('alters uniqueTogether both ways, as named constraints', async () => {
    await setup({
      // Names of their own: jest's module registry keeps a file it has loaded under its path.
      'shop/migrations/0001_items.ts': `${header}
module.exports.default = new Migration({ initial: true, operations: [
  o.CreateModel({ name: 'Item', fields: [['id', f.BigAutoField({ primaryKey: true })], ['title', f.CharField({ maxLength: 30 })], ['price', f.IntegerField()]],
    options: { uniqueTogether: [['title', 'price']] } }),
] });`,
      'shop/migrations/0002_unique.ts': `${header}
module.exports.default = new Migration({ dependencies: [['shop', '0001_items']], operations: [
  o.AlterUniqueTogether({ name: 'item', uniqueTogether: [['price'], ['title', 'id']] }),
] });`,
    });
    const uniques = async () =>
      (await connections.get().execute<{ n: string }>({ sql: "SELECT conname AS n FROM pg_constraint WHERE conrelid = 'shop_item'::regclass AND contype = 'u' ORDER BY 1", parameters: [] })).rows.map((row) => row.n);
    await callCommand('migrate', { app: 'shop', migration: '0001' });
    expect(await uniques()).toEqual(['shop_item_title_price_uniq']);
    await callCommand('migrate', {});
    expect(await uniques()).toEqual(['shop_item_price_uniq', 'shop_item_title_id_uniq']);
    await connections.get().execute({ sql: "INSERT INTO shop_item (title, price) VALUES ('a', 1)", parameters: [] });
    await expect(connections.get().execute({ sql: "INSERT INTO shop_item (title, price) VALUES ('b', 1)", parameters: [] })).rejects.toMatchObject({ constraint: 'shop_item_price_uniq' });
    const sql = await callCommand('sqlmigrate', { app: 'shop', migration: '0002' });
    expect(sql.stdout).toContain('ALTER TABLE "shop_item" DROP CONSTRAINT IF EXISTS "shop_item_title_price_uniq";');
    expect(sql.stdout).toContain('ALTER TABLE "shop_item" ADD CONSTRAINT "shop_item_price_uniq" UNIQUE ("price");');
    await callCommand('migrate', { app: 'shop', migration: '0001' });
    expect(await uniques()).toEqual(['shop_item_title_price_uniq']);
    await callCommand('migrate', { app: 'shop', migration: 'zero' });
  });

  it('names what is wrong in arguments', async () => {
    await setup(MIGRATIONS);
    await expect(callCommand('migrate', { app: 'shpo' })).rejects.toThrow("No installed app with label 'shpo'. Did you mean 'shop'?");
    await expect(callCommand('migrate', { app: 'shop', migration: '0009' })).rejects.toThrow("Cannot find a migration matching '0009' from app 'shop'.");
    await expect(callCommand('migrate', { app: 'shop', migration: '000' })).rejects.toThrow("More than one migration matches '000' in app 'shop'");
    expect(new MigrationExecutor((await projectMigrations()).graph).allLeaves()).toEqual([['shop', '0003_data']]);
    expect(path.isAbsolute(root)).toBe(true);
  });
});

