// src/management/shell: what `hyper shell` runs: the namespace of automatic imports,
// the REPL, and one-off snippets (-c).
export { shellNamespace, describeNamespace } from './namespace';
export type { ShellNamespace, ShellImport } from './namespace';
export { runSnippet } from './run-snippet';
export { startRepl } from './start-repl';
