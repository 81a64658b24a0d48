// A node:test reporter for the workers of `hyper test`: it prints nothing, and sends
// each finished test to the runner as a WorkerEvent (events.ts), with failures
// located at the line of the project's code that failed.
import * as fs from 'node:fs';
import { EVENTS_FD, type WorkerEvent } from './events';
import { describeFailure } from './failure';
import { suiteFiles } from './suite-files';

interface TestEventData {
  name: string;
  nesting: number;
  file?: string;
  skip?: string | boolean;
  todo?: string | boolean;
  details?: { duration_ms?: number; type?: string; error?: unknown };
}

const PATTERN_SKIP = 'test name does not match pattern';

// Sent in batches, a few times a second: a write per test, which wakes the runner,
// cost a DB test as much as its own queries on a busy machine.
const FLUSH_MS = 50;
let pending = '';
let flushTimer: NodeJS.Timeout | undefined;

function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (!pending) return;
  const lines = pending;
  pending = '';
  fs.writeSync(EVENTS_FD, lines);
}

// Also when a test ends the process (process.exit): nothing sent is lost.
process.on('exit', flush);

function send(event: WorkerEvent): void {
  pending += `${JSON.stringify(event)}\n`;
  // A failure goes at once: --failfast stops the other processes on it.
  if (event.type === 'fail') flush();
  else flushTimer ??= setTimeout(flush, FLUSH_MS).unref();
}

// eslint-disable-next-line require-yield -- node:test wants an async generator; this reporter writes to the events fd instead
async function* reporter(source: AsyncIterable<{ type: string; data: TestEventData }>): AsyncGenerator<string> {
  const names: string[] = [];
  for await (const { type, data } of source) {
    if (type === 'test:start') {
      names[data.nesting] = data.name;
      names.length = data.nesting + 1;
      continue;
    }
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    const name = [...names.slice(0, data.nesting), data.name].join(' > ');
    const file = suiteFiles.get(names[0]) ?? data.file ?? '';
    const ms = data.details?.duration_ms ?? 0;
    const suite = data.details?.type === 'suite';
    if (type === 'test:pass') {
      if (suite || data.skip === PATTERN_SKIP) continue;
      send({ type: data.skip !== undefined && data.skip !== false ? 'skip' : data.todo !== undefined && data.todo !== false ? 'todo' : 'pass', file, name, ms });
      continue;
    }
    const error = data.details?.error as { failureType?: string; cause?: unknown } | undefined;
    // A suite fails when one of its tests did (already counted), or when its own hook did.
    if (suite && error?.failureType === 'subtestsFailed') continue;
    if (data.todo !== undefined && data.todo !== false) {
      send({ type: 'todo', file, name, ms });
      continue;
    }
    send({ type: 'fail', file, name, ms, error: describeFailure(error) });
  }
  flush();
}

export = reporter;
