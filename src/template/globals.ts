// Jinja2's default globals (range, dict, namespace, cycler, joiner) and Django's
// url() and static().
import { TemplateRuntimeError } from './errors';
import { Namespace } from './runtime';

function range(start: number, stop?: number, step = 1): number[] {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0) throw new TemplateRuntimeError('range() step must not be zero');
  const out: number[] = [];
  // A template should not be able to allocate without bound.
  const limit = 100000;
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
    if (out.length >= limit) throw new TemplateRuntimeError(`range() is limited to ${limit} items`);
    out.push(i);
  }
  return out;
}

class Cycler {
  private index = 0;
  constructor(private readonly items: unknown[]) {
    if (!items.length) throw new TemplateRuntimeError('cycler() needs at least one item');
  }
  get current(): unknown {
    return this.items[this.index];
  }
  next(): unknown {
    const v = this.items[this.index];
    this.index = (this.index + 1) % this.items.length;
    return v;
  }
  reset(): void {
    this.index = 0;
  }
}

/** joiner(', '): returns '' the first time and the separator after. */
function joiner(sep = ', '): () => string {
  let used = false;
  return () => {
    if (!used) {
      used = true;
      return '';
    }
    return sep;
  };
}

export function defaultGlobals(): Record<string, unknown> {
  return {
    range,
    dict: (kwargs?: Record<string, unknown>) => ({ ...kwargs }),
    namespace: (kwargs?: Record<string, unknown>) => new Namespace(kwargs),
    cycler: (...items: unknown[]) => new Cycler(items),
    joiner,
    // static('css/site.css'): loaded on first call, so templates without static files stay light.
    // url('blog:detail', id=post.id): reverse() of the URL layer, below; loaded on first call.
    url: (name: string, ...rest: unknown[]) => (require('../urls/template-url') as typeof import('../urls/template-url')).templateUrl(name, ...rest),
    static: (relPath: string) => (require('../static/static-url') as typeof import('../static/static-url')).staticUrl(relPath),
  };
}
