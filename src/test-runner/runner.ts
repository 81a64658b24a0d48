// `hyper test`: the test databases made first, then one worker process per --parallel
// slot running its share of the files (worker.ts), their results printed as they
// come (dots, or names with -v 2), the failures with their source line, and a summary
// line. The databases are dropped at the end, also on a failure or Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { apps } from '../apps/registry';
import type { OutputWrapper, Style } from '../management/output';
import { selectTests, type Selection } from './discovery';
import { WORKER_ENV, type WorkerConfig, type WorkerEvent } from './events';
import { formatFailure, summaryLine, type Counts } from './format';
import { createTestDatabases } from './test-databases';

export interface RunOptions {
  labels: string[];
  failfast: boolean;
  parallel: number;
  keepdb: boolean;
  noinput: boolean;
  verbosity: number;
  /** -k / --filter: a regular expression matched against test names. */
  pattern?: string;
  settings?: string;
  stdout: OutputWrapper;
  style: Style;
}

export interface RunResult extends Counts {
  /** Worker processes that ended before reporting (a crash, a broken settings module). */
  crashed: number;
  ms: number;
}

export async function runTests(options: RunOptions, selection: Selection = selectTests(options.labels, apps.getAppConfigs(), process.cwd())): Promise<RunResult> {
  const started = performance.now();
  const out = options.stdout;
  const counts: Counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const failures: string[] = [];
  let crashed = 0;
  const workerCount = Math.max(1, Math.min(options.parallel, selection.files.length));
  if (!selection.files.length) {
    out.write('No test files found (an app\'s tests/**/*.test.ts or tests.ts).');
    out.write(summaryLine(counts, performance.now() - started));
    return { ...counts, crashed, ms: performance.now() - started };
  }
  const databases = await createTestDatabases({ workers: workerCount, keepdb: options.keepdb, noinput: options.noinput, verbosity: options.verbosity, log: (line) => out.write(line) });
  const children = new Set<ChildProcess>();
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    for (const child of children) child.kill('SIGINT');
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let column = 0;
  // The dots of the events that arrive together are written together: one write per test would compete with the tests for the CPU.
  let dots = '';
  const flushDots = () => {
    if (dots) out.write(dots, undefined, '');
    dots = '';
  };
  const dot = (mark: string) => {
    if (!dots) setImmediate(flushDots);
    dots += mark;
    if (++column % 80 === 0) dots += '\n';
  };
  try {
    const shares = Array.from({ length: workerCount }, (_, index) => selection.files.filter((_file, at) => at % workerCount === index));
    await Promise.all(
      shares.map((files, index) => {
        const config: WorkerConfig = { files, names: selection.names, pattern: options.pattern, settings: options.settings, databases: databases.workers[index] };
        const child = startWorker(config, options.pattern);
        children.add(child);
        let setupFailed = false;
        readEvents(child.stdio[3] as Readable, (event) => {
          if (event.type === 'setup-failed') {
            setupFailed = true;
            failures.push(`A test process could not start: ${event.message}`);
            return;
          }
          if (event.type === 'ready') return;
          const label = `${path.relative(process.cwd(), event.file) || event.file} > ${event.name}`;
          if (event.type === 'fail') {
            counts.failed++;
            failures.push(formatFailure(label, event.error, options.style));
            if (options.failfast) interrupt();
          } else if (event.type === 'pass') counts.passed++;
          else if (event.type === 'skip') counts.skipped++;
          else counts.todo++;
          if (options.verbosity >= 2) {
            const mark = event.type === 'pass' ? options.style.success('ok') : event.type === 'fail' ? options.style.error('FAIL') : event.type;
            out.write(`${label} ... ${mark} (${event.ms.toFixed(1)} ms)`);
          } else if (options.verbosity === 1) {
            dot(event.type === 'pass' ? '.' : event.type === 'fail' ? options.style.error('F') : 's');
          }
        });
        return new Promise<void>((resolve) => {
          child.on('exit', (code, signal) => {
            children.delete(child);
            if (setupFailed || interrupted) crashed += setupFailed ? 1 : 0;
            else if (code !== 0 && code !== 1) {
              crashed++;
              failures.push(`A test process ended with ${signal ? `the signal ${signal}` : `the exit code ${code}`}.`);
            }
            resolve();
          });
        });
      }),
    );
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await databases.destroy();
  }
  flushDots();
  if (options.verbosity === 1 && column % 80 !== 0) out.write('');
  for (const failure of failures) out.write(`\n${failure}`);
  const ms = performance.now() - started;
  if (interrupted && !options.failfast) out.write('Interrupted.');
  out.write('');
  out.write(summaryLine(counts, ms), counts.failed || crashed ? options.style.error : options.style.success);
  return { ...counts, crashed, ms };
}

function startWorker(config: WorkerConfig, pattern: string | undefined): ChildProcess {
  const args = [
    '--enable-source-maps',
    `--test-reporter=${path.join(__dirname, 'reporter.js')}`,
    '--test-reporter-destination=stdout',
    ...(pattern ? [`--test-name-pattern=${pattern}`] : []),
    path.join(__dirname, 'worker.js'),
  ];
  return spawn(process.execPath, args, {
    env: { ...process.env, [WORKER_ENV]: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
  });
}

function readEvents(stream: Readable, onEvent: (event: WorkerEvent) => void): void {
  createInterface({ input: stream }).on('line', (line) => {
    if (line.trim()) onEvent(JSON.parse(line) as WorkerEvent);
  });
}
