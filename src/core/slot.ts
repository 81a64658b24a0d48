// A typed registry for what a lower layer needs from a higher one at run time: the
// template renderer behind error pages, the MIDDLEWARE loader behind the handler, the
// query layer behind model instances. The lower layer declares the slot and its type;
// the higher layer's code is put in by one explicit setup path (src/management/wiring.ts
// for the framework, src/orm/install.ts inside the ORM), never by a side-effect import,
// so imports keep pointing down. docs/architecture.md lists every slot.
import { ImproperlyConfigured } from './errors';

export class Slot<T> {
  private value: T | undefined;

  /** `missing` says how to fill it, for the error get() throws while it is empty. */
  constructor(
    readonly name: string,
    private readonly missing: string,
  ) {}

  install(value: T): void {
    this.value = value;
  }

  /** Empties it again (tests that check the error of an empty slot). */
  clear(): void {
    this.value = undefined;
  }

  get installed(): boolean {
    return this.value !== undefined;
  }

  /** The installed value; an empty slot is a setup mistake, reported with what to call. */
  get(): T {
    if (this.value === undefined) throw new ImproperlyConfigured(`${this.name} is not installed: ${this.missing}`);
    return this.value;
  }

  /** The installed value or undefined, for slots that are optional (error templates, dev static). */
  peek(): T | undefined {
    return this.value;
  }
}
