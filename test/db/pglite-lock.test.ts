// Two processes on one embedded database: the second is refused, clearly.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConnectionHandler } from '../../src/db/connection-handler';
import { OperationalError } from '../../src/db/errors';
import { LOCK_FILE, lockDataDir } from '../../src/db/pglite-lock';
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
    expect(fs.readFileSync(path.join(tmp, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(tmp)).toThrow(/already open in this process/);
    release();
    expect(fs.existsSync(path.join(tmp, LOCK_FILE))).toBe(false);
    lockDataDir(tmp)();
  });

  test("takes over a dead process's lock", () => {
    const dead = spawnSyncPid();
    fs.writeFileSync(path.join(tmp, LOCK_FILE), `${dead}\n`);
    const release = lockDataDir(tmp);
    expect(fs.readFileSync(path.join(tmp, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    release();
  });

  test('refuses a live process, naming it', () => {
    fs.writeFileSync(path.join(tmp, LOCK_FILE), `${process.ppid}\n`);
    expect(() => lockDataDir(tmp)).toThrow(OperationalError);
    expect(() => lockDataDir(tmp)).toThrow(new RegExp(`in use by another process \\(pid ${process.ppid}\\); stop that process first`));
  });
});

// The other process runs the built framework: `node scripts/build.js` first (npm test does).
test('a second process opening the same embedded database is refused in one line', async () => {
  const dir = path.join(tmp, 'db');
  expect(fs.existsSync(DIST)).toBe(true);
  const child = spawn(process.execPath, [FIXTURE, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const { stderr } = await waitForReady(child);
    expect(stderr).toContain('Creating the embedded database in');
    const handler = new ConnectionHandler({ default: `pglite:${dir}` }, tmp);
    const error = await handler.get().execute({ sql: 'SELECT 1', parameters: [] }).catch((e: unknown) => e);
    await handler.closeAll();
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toBe(
      `The embedded database in ${dir} is in use by another process (pid ${child.pid}); stop that process first, or use a PostgreSQL server (DATABASE_URL=postgres://...) to share one database between processes.`,
    );
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
  // Closed cleanly: the lock is gone and the data stays.
  expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  // Now it is ours, with what the other process wrote.
  const handler = new ConnectionHandler({ default: `pglite:${dir}` }, tmp);
  try {
    const { rows } = await handler.get().execute({ sql: "SELECT to_regclass('held') IS NOT NULL AS present", parameters: [] });
    expect(rows).toEqual([{ present: true }]);
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
