// How a failure and the summary read: the test's name, the line of .ts source where
// it failed with a caret under the column, the message (node's assertion messages
// carry their own diff), and the values compared when they don't.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Style } from '../management/output';
import type { FailureDetail } from './events';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  todo: number;
}

export function summaryLine(counts: Counts, ms: number): string {
  const extra = [counts.skipped ? `${counts.skipped} skipped` : '', counts.todo ? `${counts.todo} todo` : ''].filter(Boolean);
  return `${[`${counts.passed} passed`, `${counts.failed} failed`, ...extra].join(', ')} (${(ms / 1000).toFixed(2)} s)`;
}

export function formatFailure(label: string, error: FailureDetail, style: Style): string {
  const lines = [style.error(`FAIL: ${label}`)];
  const where = error.location;
  if (where) {
    lines.push(`  at ${path.relative(process.cwd(), where.file) || where.file}:${where.line}:${where.column}`);
    const source = sourceLine(where.file, where.line);
    if (source !== undefined) {
      const gutter = `  ${where.line} | `;
      lines.push(`${gutter}${source}`, `${' '.repeat(gutter.length + Math.max(0, where.column - 1))}^`);
    }
  }
  lines.push(...error.message.split('\n').map((line) => `  ${line}`));
  if (error.expected !== undefined) {
    lines.push(`  ${style.success('- expected')}: ${error.expected}`, `  ${style.error('+ actual')}:   ${error.actual}`);
  }
  return lines.join('\n');
}

function sourceLine(file: string, line: number): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').split(/\r?\n/)[line - 1];
  } catch {
    return undefined;
  }
}
