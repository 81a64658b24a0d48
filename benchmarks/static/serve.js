// `npm run bench -- static serve` (after `npm run build`): one hashed CSS file
// (~20 KB) from STATIC_ROOT, fetched by wrk (1 thread, keep-alive) from
// `hyper serve --workers 1` (the native server answering from its static table),
// the same with the table off (SERVE_STATIC_NATIVE=false: JS answers on the
// native server), the node:http adapter, and nginx with one worker serving the same
// file (sendfile, open_file_cache). Servers share core 1, wrk runs on core 0;
// the order rotates each round. Options: --duration=5 --rounds=5 --connections=50.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { spawn, spawnSync } = require('node:child_process');
const { root, opt, pin, stopChild, cpuMs, wrk, median, freePort, waitUp } = require('../support/load');

const hyper = path.join(root, 'bin', 'hyper.js');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));

function css() {
  let out = '';
  for (let i = 0; out.length < 20 * 1024; i++) out += `.c-${i} { color: #${crypto.createHash('md5').update(String(i)).digest('hex').slice(0, 6)}; padding: ${i % 17}px ${i % 5}px; }\n`;
  return Buffer.from(out);
}

function project() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-static-')));
  // The smallest project `hyper serve` runs: settings and an empty URLconf.
  const site = path.join(dir, 'site');
  fs.mkdirSync(site);
  fs.writeFileSync(path.join(site, 'package.json'), JSON.stringify({ name: 'bench', private: true, hyper: { settings: 'settings.ts' } }));
  fs.writeFileSync(
    path.join(site, 'settings.ts'),
    "import { defineSettings } from 'hyperdjango/conf';\nexport default defineSettings({ DEBUG: false, SECRET_KEY: 'bench-only-key-bench-only-key-bench-only-key-0123456789', ALLOWED_HOSTS: ['127.0.0.1'], ROOT_URLCONF: 'urls', STATIC_URL: '/static/', STATIC_ROOT: 'staticfiles' });\n",
  );
  fs.writeFileSync(path.join(site, 'urls.ts'), 'export const urlpatterns = [];\n');
  fs.mkdirSync(path.join(site, 'node_modules'));
  fs.symlinkSync(root, path.join(site, 'node_modules', 'hyperdjango')); // as startproject links a checkout
  const body = css();
  const hash = crypto.createHash('md5').update(body).digest('hex').slice(0, 12);
  const rel = `css/site.${hash}.css`;
  const staticRoot = path.join(site, 'staticfiles');
  fs.mkdirSync(path.join(staticRoot, 'css'), { recursive: true });
  fs.writeFileSync(path.join(staticRoot, rel), body);
  fs.writeFileSync(path.join(staticRoot, `${rel}.gz`), zlib.gzipSync(body, { level: 9 }));
  fs.writeFileSync(path.join(staticRoot, `${rel}.br`), zlib.brotliCompressSync(body));
  fs.writeFileSync(path.join(staticRoot, 'staticfiles.json'), JSON.stringify({ paths: { 'css/site.css': rel }, version: '1.1' }));
  // nginx's worker runs as nobody: let it read the files.
  for (let d = staticRoot; d !== path.dirname(dir); d = path.dirname(d)) fs.chmodSync(d, 0o755);
  return { dir, site, staticRoot, rel, size: body.length };
}

async function startHyper(site, extraArgs, env) {
  const port = await freePort();
  const [cmd, args] = pin(1, process.execPath, [hyper, 'serve', `127.0.0.1:${port}`, '--workers', '1', ...extraArgs]);
  const child = spawn(cmd, args, { cwd: site, env: { ...process.env, DEBUG: 'false', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return { port, pid: child.pid, stop: () => stopChild(child) };
}

async function startNginx(dir, staticRoot) {
  const port = await freePort();
  const prefix = path.join(dir, 'nginx');
  fs.mkdirSync(prefix, { recursive: true });
  const conf = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=1000 inactive=60s;
  types { text/css css; }
  default_type application/octet-stream;
  gzip_static on;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    location /static/ {
      alias ${staticRoot}/;
      add_header Cache-Control "public, max-age=31536000, immutable";
    }
  }
}
`,
  );
  const [cmd, args] = pin(1, NGINX, ['-p', prefix, '-c', conf, '-e', path.join(prefix, 'error.log')]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return { port, pid: child.pid, stop: () => stopChild(child) };
}

async function run() {
  if (!fs.existsSync(path.join(root, 'dist', 'commands', 'serve.js'))) throw new Error('run `npm run build` first');
  if (spawnSync('wrk', ['--version']).error) {
    console.log('static serve: wrk is not installed (apt-get install wrk); skipped');
    return;
  }
  const duration = opt('duration', 5);
  const rounds = opt('rounds', 5);
  const connections = opt('connections', 50);
  const p = project();
  const urlPath = `/static/${p.rel}`;
  console.log(`static serve: ${urlPath} (${p.size} bytes, identity), wrk -t1 -c${connections} -d${duration}s, ${rounds} rounds`);
  const servers = [
    ['hyper native', await startHyper(p.site, [], {})],
    ['hyper native, JS answers', await startHyper(p.site, [], { HYPER_SERVE_STATIC_NATIVE: 'false' })],
    ['hyper node:http', await startHyper(p.site, ['--adapter', 'node'], {})],
  ];
  if (NGINX) servers.push(['nginx 1 worker', await startNginx(p.dir, p.staticRoot)]);
  else console.log('static serve: nginx is not installed (apt-get install -y nginx); compared without it');
  const results = new Map(servers.map(([name]) => [name, { rps: [], cpu: [] }]));
  try {
    for (const [, server] of servers) await waitUp(server.port, urlPath);
    for (const [, server] of servers) wrk(server.port, urlPath, 1, connections); // warm-up
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < servers.length; i++) {
        const [name, server] = servers[(i + round) % servers.length];
        const before = cpuMs(server.pid);
        const { rps, total } = wrk(server.port, urlPath, duration, connections);
        results.get(name).rps.push(rps);
        results.get(name).cpu.push(((cpuMs(server.pid) - before) * 1000) / total);
      }
    }
  } finally {
    for (const [, server] of servers) await server.stop();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
  const nginx = NGINX ? median(results.get('nginx 1 worker').rps) : NaN;
  for (const [name, { rps, cpu }] of results) {
    const m = median(rps);
    const ratio = Number.isNaN(nginx) ? '' : `  ${((m / nginx) * 100).toFixed(0).padStart(3)}% of nginx`;
    console.log(`  ${name.padEnd(26)} ${m.toFixed(0).padStart(8)} req/s${ratio}  CPU ${median(cpu).toFixed(1)} µs/req (server, children included)`);
  }
}

module.exports = { run };
if (require.main === module) run().catch((error) => {
  console.error(error);
  process.exit(1);
});
