// Two processes on one embedded database: the first owns it and serves it to the second;
// a lock left by a process that is gone (whatever now runs under its pid) is taken over.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConnectionHandler } from '../../src/db/connection-handler';
import { OperationalError } from '../../src/db/errors';
import { claimDataDir, LOCK_FILE, lockDataDir, processIdentity, readOwner } from '../../src/db/pglite-lock';
import '../support/test-databases';

const FIXTURE = path.join(__dirname, 'fixtures', 'hold-embedded-db.js');
const DIST = path.join(__dirname, '..', '..', 'dist', 'src', 'db', 'connection-handler.js');

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-lock-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('lockDataDir', () => {
  test('takes the lock with our pid and gives it back', () => {
    const release = lockDataDir(tmp);
    expect(readOwner(path.join(tmp, LOCK_FILE))?.pid).toBe(process.pid);
    expect(() => lockDataDir(tmp)).toThrow(/already open in this process/);
    release();
    expect(fs.existsSync(path.join(tmp, LOCK_FILE))).toBe(false);
    lockDataDir(tmp)();
  });

  test("takes over a dead process's lock", () => {
    const dead = spawnSyncPid();
    fs.writeFileSync(path.join(tmp, LOCK_FILE), `${dead}\n`);
    const release = lockDataDir(tmp);
    expect(readOwner(path.join(tmp, LOCK_FILE))?.pid).toBe(process.pid);
    release();
  });

  test('names a live process that holds it, and lockDataDir refuses it in one line', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      fs.writeFileSync(path.join(tmp, LOCK_FILE), `${other.pid}\n${processIdentity(other.pid!) ?? ''}\nunix:/x\n`);
      expect(claimDataDir(tmp).owner).toEqual({ pid: other.pid, identity: processIdentity(other.pid!), address: 'unix:/x' });
      expect(() => lockDataDir(tmp)).toThrow(OperationalError);
      expect(() => lockDataDir(tmp)).toThrow(new RegExp(`in use by another process \\(pid ${other.pid}\\), which does not share it; stop that process first`));
    } finally {
      other.kill();
    }
  });

  // A pid is reused: after a crash by an unrelated process, after a container restart
  // by the new process itself (or its parent). The start time tells them apart.
  test("takes over a lock whose pid now belongs to an unrelated process that started later", () => {
    fs.writeFileSync(path.join(tmp, LOCK_FILE), `${process.ppid}\nsome-boot:12345\n\n`);
    expect(processIdentity(process.ppid)).toBeDefined();
    const claim = claimDataDir(tmp);
    expect(claim.lock).toBeDefined();
    expect(readOwner(path.join(tmp, LOCK_FILE))).toEqual({ pid: process.pid, identity: processIdentity(process.pid), address: undefined });
    claim.lock!.release();
  });

  test('takes over a lock holding our own pid left by an earlier process (a restarted container)', () => {
    for (const identity of ['some-boot:12345', '']) {
      fs.writeFileSync(path.join(tmp, LOCK_FILE), `${process.pid}\n${identity}\n\n`);
      const claim = claimDataDir(tmp);
      expect(claim.lock).toBeDefined();
      claim.lock!.release();
    }
  });

  test("without start times, our parent's pid is stale (PostgreSQL's rule)", () => {
    fs.writeFileSync(path.join(tmp, LOCK_FILE), `${process.ppid}\n\n\n`);
    const claim = claimDataDir(tmp);
    expect(claim.lock).toBeDefined();
    claim.lock!.release();
  });
});

// The other process runs the built framework: `node scripts/build.js` first (npm test does).
test('a second process uses the embedded database through the one that opened it, then owns it when that one ends', async () => {
  const dir = path.join(tmp, 'db');
  expect(fs.existsSync(DIST)).toBe(true);
  const child = spawn(process.execPath, [FIXTURE, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const { stderr } = await waitForReady(child);
    expect(stderr).toContain('Creating the embedded database in');
    expect(readOwner(path.join(dir, LOCK_FILE))).toMatchObject({ pid: child.pid, address: `unix:${path.join(dir, '.s.PGSQL.5432')}` });
    const handler = new ConnectionHandler({ default: `pglite:${dir}` }, tmp);
    try {
      await handler.get().execute({ sql: 'INSERT INTO held VALUES ($1)', parameters: [7] });
      const { rows } = await handler.get().execute({ sql: 'SELECT n FROM held', parameters: [] });
      expect(rows).toEqual([{ n: 7 }]);
      // Errors come back as the same catalogue classes as on the direct path.
      const error = await handler.get().execute({ sql: 'SELECT * FROM missing', parameters: [] }).catch((e: unknown) => e);
      expect((error as Error).constructor.name).toBe('ProgrammingError');
    } finally {
      await handler.closeAll();
    }
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
  // Closed cleanly: the lock is gone and the data stays.
  expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  const handler = new ConnectionHandler({ default: `pglite:${dir}` }, tmp);
  try {
    const { rows } = await handler.get().execute({ sql: 'SELECT n FROM held', parameters: [] });
    expect(rows).toEqual([{ n: 7 }]);
    expect(readOwner(path.join(dir, LOCK_FILE))?.pid).toBe(process.pid);
  } finally {
    await handler.closeAll();
  }
});

function waitForReady(child: ChildProcess): Promise<{ stderr: string }> {
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('ready')) resolve({ stderr });
    });
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => reject(new Error(`the holder exited (${code}): ${stderr}`)));
  });
}

/** The pid of a process that has already ended. */
function spawnSyncPid(): number {
  const { pid } = require('node:child_process').spawnSync(process.execPath, ['-e', '0']);
  return pid as number;
}
