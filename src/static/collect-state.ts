// What the last collectstatic run knew about each file, kept beside the manifest in
// STATIC_ROOT so that a run with nothing changed reads and writes almost nothing:
// each source's fingerprint (size and mtime, or content hash for bundles), its hashed
// name and the static files it refers to. A change of options discards it.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const STATE_NAME = '.collectstatic-state.json';
const VERSION = 1;

export interface FileState {
  fingerprint: string;
  hashed: string;
  deps: string[];
}

export interface CollectState {
  version: number;
  options: string;
  files: Record<string, FileState>;
}

export function readState(root: string, options: string): CollectState | null {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(root, STATE_NAME), 'utf8')) as CollectState;
    return state.version === VERSION && state.options === options && typeof state.files === 'object' ? state : null;
  } catch {
    return null;
  }
}

export function writeState(root: string, options: string, files: Record<string, FileState>): void {
  fs.writeFileSync(path.join(root, STATE_NAME), JSON.stringify({ version: VERSION, options, files }));
}
