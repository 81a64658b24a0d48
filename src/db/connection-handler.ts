// The configured databases by alias, each connected on first use.
import { onShutdown } from '../core/shutdown';
import { ImproperlyConfigured } from '../core/errors';
import { didYouMean } from '../core/suggest';
import { settings } from '../conf/settings';
import { parseDatabaseConfig, type DatabaseConfig } from './config';
import type { BaseConnection, Connection } from './connection';

export const DEFAULT_DB_ALIAS = 'default';

export class ConnectionHandler {
  private readonly open = new Map<string, BaseConnection>();

  constructor(
    private readonly databases: Record<string, string | Record<string, unknown>>,
    private readonly baseDir: string,
  ) {}

  /** The connection for `alias` (default 'default'); its settings are checked on first use. */
  get(alias: string = DEFAULT_DB_ALIAS): Connection {
    return this.internal(alias);
  }

  /** The same, typed for this layer's own use (sessions, Kysely). */
  internal(alias: string = DEFAULT_DB_ALIAS): BaseConnection {
    let connection = this.open.get(alias);
    if (!connection) {
      connection = openConnection(this.config(alias));
      this.open.set(alias, connection);
    }
    return connection;
  }

  /** The settings of `alias`, checked, without connecting. */
  config(alias: string = DEFAULT_DB_ALIAS): DatabaseConfig {
    if (!Object.prototype.hasOwnProperty.call(this.databases, alias)) {
      const known = this.aliases();
      const hint = didYouMean(alias, known) || (known.length ? ` The aliases are: ${known.join(', ')}.` : ' DATABASES is empty.');
      throw new ImproperlyConfigured(`The database alias '${alias}' is not in DATABASES.${hint}`, { code: 'HYPER_DB_UNKNOWN_ALIAS' });
    }
    return parseDatabaseConfig(alias, this.databases[alias], this.baseDir);
  }

  aliases(): string[] {
    return Object.keys(this.databases);
  }

  /** Closes every opened connection; a later get() connects again. */
  async closeAll(): Promise<void> {
    const open = [...this.open.values()];
    this.open.clear();
    const results = await Promise.allSettled(open.map((connection) => connection.close()));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

let handler: ConnectionHandler | undefined;

function current(): ConnectionHandler {
  if (!handler) {
    handler = new ConnectionHandler(settings.DATABASES, settings.BASE_DIR);
    // A command's end closes what it opened: an embedded database left open makes the
    // next process run crash recovery, and an open pool would keep the process alive.
    onShutdown(() => connections.closeAll());
  }
  return handler;
}

/** The project's databases, from settings.DATABASES (read on first use). */
export const connections = {
  get(alias?: string): Connection {
    return current().get(alias);
  },
  /** @internal */
  internal(alias?: string): BaseConnection {
    return current().internal(alias);
  },
  aliases(): string[] {
    return current().aliases();
  },
  /** The settings of `alias`, checked, without connecting. */
  config(alias?: string): DatabaseConfig {
    return current().config(alias);
  },
  async closeAll(): Promise<void> {
    if (handler) await handler.closeAll();
  },
  /** Closes and forgets the connections: the next get() reads the settings again. */
  async reset(): Promise<void> {
    const previous = handler;
    handler = undefined;
    if (previous) await previous.closeAll();
  },
};

/**
 * The backend's connection class, loaded when the first connection is made: pg and
 * the embedded database's code cost a command that never queries (check, help) a
 * tenth of a second.
 */
function openConnection(config: DatabaseConfig): BaseConnection {
  if (config.kind === 'postgres') return new (require('./postgres-connection') as typeof import('./postgres-connection')).PostgresConnection(config);
  return new (require('./pglite-connection') as typeof import('./pglite-connection')).PGliteConnection(config);
}
