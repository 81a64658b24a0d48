import { caches, DatabaseCache } from '../src/cache';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';

type Options = { tables: string[]; database: string; dryRun?: boolean };

export default class Command extends BaseCommand<Options> {
  help = 'Creates the UNLOGGED tables of the database caches in CACHES (hyperdjango.cache.DatabaseCache).';
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .argument('[tables...]', 'only these tables (default: every database cache on --database)')
      .option('--database <alias>', 'the database to create them in (caches whose OPTIONS.DATABASE is that alias)', 'default')
      .option('--dry-run', 'print the SQL instead of running it');
  }

  async handle(options: CommandOptions<Options>): Promise<void> {
    const wanted = new Set(options.tables ?? []);
    const targets = caches.aliases
      .map((alias) => caches.get(alias))
      .filter((cache): cache is DatabaseCache => cache instanceof DatabaseCache && cache.database === options.database)
      .filter((cache) => !wanted.size || wanted.has(cache.table.replace(/"/g, '')));
    const seen = new Set<string>();
    for (const cache of targets) {
      if (seen.has(cache.table)) continue;
      seen.add(cache.table);
      if (options.dryRun) {
        this.stdout.write(cache.createTableSql().map((sql) => `${sql};`).join('\n'), this.style.sqlKeyword);
        continue;
      }
      await cache.createTable();
      if (options.verbosity >= 1) this.stdout.write(`Cache table ${cache.table.replace(/"/g, '')} is ready (cache '${cache.alias}', database '${options.database}').`, this.style.success);
    }
    if (!targets.length && options.verbosity >= 1) this.stdout.write(`No database cache in CACHES uses database '${options.database}'${wanted.size ? ` with the table${wanted.size > 1 ? 's' : ''} ${[...wanted].join(', ')}` : ''}: nothing to create.`);
  }
}
