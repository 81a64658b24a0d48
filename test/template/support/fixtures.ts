// Loads the JSON behaviour fixtures and renders one with hyper.
import fs from 'node:fs';
import path from 'node:path';
import { Environment, type EnvironmentOptions } from '../../../src/template/environment';
import { DictLoader } from '../../../src/template/loaders';

export interface Fixture {
  name: string;
  template: string;
  context: Record<string, unknown>;
  expected: string;
  templates?: Record<string, string>;
  render?: string;
  options?: Record<string, unknown>;
  jinja?: boolean;
}

export function loadFixtures(): Array<[string, Fixture[]]> {
  const dir = path.join(__dirname, '..', 'fixtures');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Fixture[]]);
}

const OPTION_NAMES: Record<string, keyof EnvironmentOptions> = {
  trim_blocks: 'trimBlocks',
  lstrip_blocks: 'lstripBlocks',
  keep_trailing_newline: 'keepTrailingNewline',
  line_statement_prefix: 'lineStatementPrefix',
  line_comment_prefix: 'lineCommentPrefix',
};

/** Functions the JS-only fixtures call. */
const extraContext = {
  greet: (who: unknown) => `hi ${typeof who === 'object' && who !== null ? (who as { name: string }).name : String(who)}`,
};

export async function renderFixture(fx: Fixture): Promise<string> {
  const options: EnvironmentOptions = {};
  for (const [key, value] of Object.entries(fx.options ?? {})) (options as Record<string, unknown>)[OPTION_NAMES[key]] = value;
  const env = new Environment({ ...options, loader: new DictLoader({ ...fx.templates, __main__: fx.template }) });
  return env.getTemplate(fx.render ?? '__main__').render({ ...extraContext, ...fx.context });
}

