// The `loop` variable of a for loop. One object per loop, updated in place each
// iteration (the compiler only creates it when the body mentions `loop`).
import { TemplateRuntimeError } from './errors';
import { eq } from './values';

export class LoopContext {
  index0 = -1;
  private lastChanged: unknown[] | undefined;

  /**
   * `depth0` and `render` are a recursive loop's: its level, and the function that
   * renders its body for other items (what `loop(children)` calls).
   */
  constructor(
    private readonly items: unknown[],
    readonly depth0 = 0,
    private readonly render?: (items: unknown, depth0: number) => unknown,
  ) {}

  /** `loop(children)` in a `{% for ... recursive %}`: the body rendered for those items, one level deeper. */
  recurse(args: unknown[]): unknown {
    if (!this.render) throw new TemplateRuntimeError("loop() can only be called in a for loop marked 'recursive'");
    if (args.length !== 1) throw new TemplateRuntimeError(`loop() takes one argument (the items), got ${args.length}`);
    return this.render(args[0], this.depth0 + 1);
  }

  get length(): number {
    return this.items.length;
  }
  get index(): number {
    return this.index0 + 1;
  }
  get revindex(): number {
    return this.items.length - this.index0;
  }
  get revindex0(): number {
    return this.items.length - this.index0 - 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get last(): boolean {
    return this.index0 === this.items.length - 1;
  }
  get previtem(): unknown {
    return this.index0 > 0 ? this.items[this.index0 - 1] : undefined;
  }
  get nextitem(): unknown {
    return this.index0 + 1 < this.items.length ? this.items[this.index0 + 1] : undefined;
  }
  get depth(): number {
    return this.depth0 + 1;
  }

  /** `loop.cycle('odd', 'even')`. */
  cycle(...values: unknown[]): unknown {
    if (!values.length) throw new TemplateRuntimeError('loop.cycle() needs at least one value');
    return values[this.index0 % values.length];
  }

  /** True on the first call and whenever the arguments differ from the last call's. */
  changed(...values: unknown[]): boolean {
    if (this.lastChanged !== undefined && eq(this.lastChanged, values)) return false;
    this.lastChanged = values;
    return true;
  }
}
