// A migration: its dependencies and operations. Files export one as default:
//   export default new Migration({ dependencies: [['blog', '0001_initial']], operations: [...] });
import type { Operation } from './operations/operation';

export type MigrationKey = readonly [app: string, name: string];

/** The app of a migration's key: 'blog' for 'blog.0001_initial'. */
export function appOf(key: string): string {
  return key.slice(0, key.indexOf('.'));
}

export interface MigrationSpec {
  dependencies?: MigrationKey[];
  operations: Operation[];
  /** The app's first migration: --fake-initial may skip it when its tables exist. */
  initial?: boolean;
  /** Run in one transaction (default); false for operations such as CREATE INDEX CONCURRENTLY. */
  atomic?: boolean;
  /** A squashed migration lists the migrations it stands for. */
  replaces?: MigrationKey[];
}

export class Migration {
  app = '';
  name = '';
  readonly dependencies: MigrationKey[];
  readonly operations: Operation[];
  readonly initial: boolean;
  readonly atomic: boolean;
  readonly replaces: MigrationKey[];

  constructor(spec: MigrationSpec) {
    this.dependencies = spec.dependencies ?? [];
    this.operations = spec.operations;
    this.initial = spec.initial ?? false;
    this.atomic = spec.atomic ?? true;
    this.replaces = spec.replaces ?? [];
  }

  get key(): string {
    return `${this.app}.${this.name}`;
  }

  /**
   * Whether a database that recorded `recorded` has this migration: recorded itself,
   * or (a squashed migration) every migration it replaces recorded, as in Django.
   */
  isAppliedIn(recorded: ReadonlySet<string>): boolean {
    return recorded.has(this.key) || (this.replaces.length > 0 && this.replaces.every(([app, name]) => recorded.has(`${app}.${name}`)));
  }
}
