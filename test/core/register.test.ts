// The require hook and source-mapped stack traces, as the `hyper` CLI uses them: in a
// child `node` process on the built dist/ (jest's own require would transform .ts
// files itself and hide the hook).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const dist = path.resolve(__dirname, '../../dist/src/core/index.js');
let dir: string;

beforeAll(() => {
  if (!fs.existsSync(dist)) throw new Error(`${dist} is missing: run \`npm run build\` before these tests.`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-register-'));
  fs.writeFileSync(path.join(dir, 'ok.ts'), 'interface Answer { value: number }\nconst answer: Answer = { value: 42 };\nexport default answer;\n');
  fs.writeFileSync(
    path.join(dir, 'runtime.ts'),
    'type Id = number;\ninterface Row {\n  id: Id;\n}\nconst row: Row = { id: 1 };\nif (row.id) {\n  throw new RangeError(`row ${row.id}`);\n}\n',
  );
  fs.writeFileSync(path.join(dir, 'syntax.ts'), 'const ok: number = 1;\nconst broken = ;\n');
  fs.writeFileSync(
    path.join(dir, 'later.cts'),
    'type Nothing = never;\n\nexport function fail(): Nothing {\n  throw new Error("later");\n}\n',
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs a script in a child node with the hook installed; returns what it printed as JSON. */
function runChild(cacheDir: string, body: string): Record<string, unknown> {
  const script = path.join(dir, 'child.js');
  fs.writeFileSync(
    script,
    `const core = require(${JSON.stringify(dist)});\n` +
      `core.registerTypeScriptLoader({ cacheDir: ${JSON.stringify(cacheDir)} });\n` +
      'const out = {};\n' +
      'const attempt = (name, fn) => { try { out[name] = fn(); } catch (e) { out[name] = { error: e.message, name: e.name, code: e.code }; } };\n' +
      `${body}\nprocess.stdout.write(JSON.stringify(out));\n`,
  );
  return JSON.parse(execFileSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' })) as Record<string, unknown>;
}

describe('registerTypeScriptLoader (in a child node process)', () => {
  let out: Record<string, unknown>;
  const cacheDir = () => path.join(dir, 'cache');

  beforeAll(() => {
    out = runChild(
      cacheDir(),
      [
        "attempt('ok', () => require('./ok.ts').default);",
        "attempt('runtime', () => core.loadUserModule(require('path').resolve('runtime.ts')));",
        "attempt('syntax', () => core.loadUserModule(require('path').resolve('syntax.ts')));",
        "attempt('stack', () => { try { require('./later.cts').fail(); } catch (e) { return e.stack.split('\\n').slice(0, 2).join('\\n'); } });",
      ].join('\n'),
    );
  });

  test('require() of a .ts file compiles it', () => {
    expect(out.ok).toEqual({ value: 42 });
  });

  test('a runtime error while loading is `file:line:col: Name: message` at the .ts line', () => {
    expect(out.runtime).toEqual({ error: 'runtime.ts:7:9: RangeError: row 1', name: 'UserCodeError', code: 'HYPER_USER_CODE' });
  });

  test('a syntax error is `file:line:col: SyntaxError: ...` with a 1-based column', () => {
    expect(out.syntax).toEqual({
      error: 'syntax.ts:2:16: SyntaxError: Unexpected ";"',
      name: 'UserCodeError',
      code: 'HYPER_SYNTAX_ERROR',
    });
  });

  test('stack traces through user code show .ts lines (here a .cts file)', () => {
    expect(out.stack).toBe(`Error: later\n    at Object.fail (${path.join(dir, 'later.cts')}:4:9)`);
  });

  test('compiled files are cached on disk, and a later process uses the cache', () => {
    const entries = fs.readdirSync(cacheDir());
    // ok.ts, runtime.ts and later.cts compiled; syntax.ts did not.
    expect(entries.filter((name) => name.endsWith('.js'))).toHaveLength(3);

    // A fresh cache with only ok.ts in it, then the entry replaced: the next process
    // must return the planted code, so it never compiled ok.ts again.
    const fresh = path.join(dir, 'fresh-cache');
    expect(runChild(fresh, "attempt('ok', () => require('./ok.ts').default);").ok).toEqual({ value: 42 });
    const [entry] = fs.readdirSync(fresh);
    fs.writeFileSync(path.join(fresh, entry), 'exports.default = { value: "planted" };');
    expect(runChild(fresh, "attempt('ok', () => require('./ok.ts').default);").ok).toEqual({ value: 'planted' });
  });

  test('without a cache folder every start compiles again and nothing is written', () => {
    const script = path.join(dir, 'nocache.js');
    fs.writeFileSync(
      script,
      `const core = require(${JSON.stringify(dist)});\ncore.registerTypeScriptLoader();\n` +
        "process.stdout.write(JSON.stringify(require('./ok.ts').default));\n",
    );
    const before = fs.readdirSync(dir).sort();
    expect(JSON.parse(execFileSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' }))).toEqual({ value: 42 });
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});
