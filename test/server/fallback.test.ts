// Without the addon the framework says so in one line and serves through node:http.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '..', '..');

function runWithout(env: Record<string, string>): { stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-fallback-'));
  const entry = path.join(dir, 'main.ts');
  fs.writeFileSync(
    entry,
    `import { createServer } from ${JSON.stringify(path.join(root, 'src', 'server'))};
     import * as http from 'node:http';
     (async () => {
       const server = createServer({ routes: [{ pattern: '/' }], handler: (_req, res) => res.send(200, {}, 'ok') });
       const { port } = await server.listen({ port: 0 });
       const body = await new Promise<string>((resolve) => http.get({ port, host: '127.0.0.1', path: '/' }, (r) => { let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => resolve(b)); }));
       createServer({ handler: () => {} }); // a second server: no second notice
       console.log(server.adapter, body);
       await server.close({ deadline: 10 });
     })();`,
  );
  const out = path.join(dir, 'main.js');
  buildSync({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
  const stderrFile = path.join(dir, 'stderr');
  try {
    const stdout = execFileSync(process.execPath, [out], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', fs.openSync(stderrFile, 'w')],
    });
    return { stdout, stderr: fs.readFileSync(stderrFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a missing addon gives one notice line and the node:http adapter', () => {
  const { stdout, stderr } = runWithout({ HYPER_NATIVE_PATH: path.join(os.tmpdir(), 'no-such-addon.node') });
  expect(stdout.trim()).toBe('node ok');
  expect(stderr).toBe('hyperdjango: native server unavailable (no-such-addon.node not built; run npm run build:native); using the node:http adapter\n');
});

test('a broken addon file is reported the same way', () => {
  const bogus = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bogus-')), 'hyper_native.node');
  fs.writeFileSync(bogus, 'not a shared object');
  const { stdout, stderr } = runWithout({ HYPER_NATIVE_PATH: bogus });
  expect(stdout.trim()).toBe('node ok');
  expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(stderr).toMatch(/^hyperdjango: native server unavailable \(hyper_native\.node failed to load: .+\); using the node:http adapter\n$/);
  fs.rmSync(path.dirname(bogus), { recursive: true, force: true });
});

test('the build script never fails the build', () => {
  const out = execFileSync(process.execPath, [path.join(root, 'scripts', 'build-native.js')], {
    env: { ...process.env, HYPER_SKIP_NATIVE_BUILD: '1' },
    encoding: 'utf8',
  });
  expect(out).toBe('native addon not built (HYPER_SKIP_NATIVE_BUILD=1); the node:http adapter will be used\n');
});
