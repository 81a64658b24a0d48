// url() in templates: `{{ url('blog:detail', id=post.id) }}` or
// `{{ url('blog:detail', post.id) }}`. The template layer, above, has it as a default
// global.
import { reverse } from './resolver';

export function templateUrl(name: string, ...rest: unknown[]): string {
  const last = rest[rest.length - 1];
  if (last && typeof last === 'object' && !Array.isArray(last) && Object.getPrototypeOf(last) === Object.prototype) {
    const args = rest.slice(0, -1);
    return args.length ? reverse(name, { args }) : reverse(name, { params: last as Record<string, unknown> });
  }
  return rest.length ? reverse(name, { args: rest }) : reverse(name);
}
