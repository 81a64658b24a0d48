// The order in which collectstatic hashes CSS and JS files: a file's text holds the
// hashed names of the files it refers to, so it is hashed only after them. Files
// arrive one by one (as esbuild returns them) and each runs as soon as it can.
import { StaticFilesError } from './errors';

export class ReferenceOrder {
  /** Loaded files still waiting, and on which targets. */
  private readonly waiting = new Map<string, Set<string>>();
  private readonly dependents = new Map<string, string[]>();

  /**
   * `pending(p)`: whether p will be hashed in this run and has not been yet.
   * `run(p)`: hashes p (after which pending(p) is false).
   */
  constructor(
    private readonly pending: (relPath: string) => boolean,
    private readonly run: (relPath: string) => void,
  ) {}

  /** A file is loaded and refers to these targets: runs it now, or once its pending targets have run. */
  loaded(relPath: string, targets: Iterable<string>): void {
    const deps = new Set([...targets].filter((target) => target !== relPath && this.pending(target)));
    if (deps.size === 0) return this.runFrom(relPath);
    this.waiting.set(relPath, deps);
    for (const dep of deps) {
      const dependents = this.dependents.get(dep);
      if (dependents) dependents.push(relPath);
      else this.dependents.set(dep, [relPath]);
    }
  }

  /** Once every file is loaded: those still waiting refer to each other in a circle (or to a file that is). */
  finish(): void {
    if (!this.waiting.size) return;
    throw new StaticFilesError(`These files refer to each other in a circle, so none can be hashed first: ${[...this.waiting.keys()].sort().join(', ')}. Break the circle (a file cannot hold its own hash).`);
  }

  private runFrom(first: string): void {
    const ready = [first];
    while (ready.length) {
      const relPath = ready.pop()!;
      this.run(relPath);
      for (const dependent of this.dependents.get(relPath) ?? []) {
        const deps = this.waiting.get(dependent)!;
        deps.delete(relPath);
        if (deps.size === 0) {
          this.waiting.delete(dependent);
          ready.push(dependent);
        }
      }
      this.dependents.delete(relPath);
    }
  }
}
