#!/usr/bin/env node
// `npm run bench -- auth` (after `npm run build`): one password check with hyper's
// checkPassword (scrypt N=2^14 r=8 p=1, and PBKDF2-SHA256 at 1,000,000 iterations),
// against the raw node:crypto call with the same parameters (the floor) and Python's
// hashlib, which Django's hashers call; in one run. Prints the median ms per check,
// and the event loop's longest stall while four checks run at once (hyper hashes on
// the thread pool, so the loop keeps serving requests).
'use strict';
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { performance, monitorEventLoopDelay } = require('node:perf_hooks');
const { configure } = require('../../dist/src/conf/settings');
const { checkPassword, makePassword, PBKDF2PasswordHasher } = require('../../dist/src/contrib/auth/hashers');

const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
configure({ SECRET_KEY: 'benchmark-secret-key-benchmark-secret-key-benchmark-secret' });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const PASSWORD = 'correct horse battery staple';

async function timeIt(fn, rounds) {
  await fn();
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

function python(code) {
  try {
    return Number(execFileSync('python3', ['-c', code], { encoding: 'utf8' }).trim());
  } catch {
    return NaN;
  }
}

const pythonTimer = (stmt, rounds) =>
  `import hashlib, time\nts=[]\n${stmt}\nfor _ in range(${rounds}):\n    s=time.perf_counter(); ${stmt}; ts.append((time.perf_counter()-s)*1000)\nts.sort(); print(ts[len(ts)//2])`;

async function main() {
  const scryptHash = await makePassword(PASSWORD, 'benchsaltbenchsalt');
  const pbkdf2Hash = await new PBKDF2PasswordHasher().encode(PASSWORD, 'benchsaltbenchsalt');
  const raw = {
    scrypt: () => new Promise((ok, no) => crypto.scrypt(PASSWORD, 'benchsaltbenchsalt', 64, { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (e, k) => (e ? no(e) : ok(k)))),
    pbkdf2: () => new Promise((ok, no) => crypto.pbkdf2(PASSWORD, 'benchsaltbenchsalt', 1_000_000, 32, 'sha256', (e, k) => (e ? no(e) : ok(k)))),
  };
  const cases = [
    ['scrypt check', () => checkPassword(PASSWORD, scryptHash), raw.scrypt, pythonTimer(`hashlib.scrypt(b'${PASSWORD}', salt=b'benchsaltbenchsalt', n=2**14, r=8, p=1, dklen=64, maxmem=64*1024*1024)`, ROUNDS), ROUNDS],
    ['pbkdf2_sha256 check', () => checkPassword(PASSWORD, pbkdf2Hash), raw.pbkdf2, pythonTimer(`hashlib.pbkdf2_hmac('sha256', b'${PASSWORD}', b'benchsaltbenchsalt', 1000000)`, 3), 3],
  ];
  console.log(`node ${process.version}; median ms per check (lower is better)`);
  console.log('case'.padEnd(22), 'hyper'.padStart(8), 'node:crypto'.padStart(12), 'python hashlib'.padStart(15), 'hyper/node'.padStart(11));
  for (const [name, ours, floor, py, rounds] of cases) {
    const a = await timeIt(ours, rounds);
    const b = await timeIt(floor, rounds);
    const c = python(py);
    console.log(name.padEnd(22), a.toFixed(1).padStart(8), b.toFixed(1).padStart(12), (Number.isNaN(c) ? 'n/a' : c.toFixed(1)).padStart(15), `${(a / b).toFixed(2)}x`.padStart(11));
  }
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  await Promise.all([1, 2, 3, 4].map(() => checkPassword(PASSWORD, scryptHash)));
  lag.disable();
  const syncStart = performance.now();
  crypto.scryptSync(PASSWORD, 'benchsaltbenchsalt', 64, { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  const blocked = performance.now() - syncStart;
  console.log(`event loop, 4 concurrent scrypt checks: longest stall ${(lag.max / 1e6).toFixed(1)} ms (a synchronous scrypt call stalls it ${blocked.toFixed(1)} ms per check)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
