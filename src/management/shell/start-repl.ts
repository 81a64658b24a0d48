// The interactive shell: Node's REPL on the main context (so values made at the
// prompt, such as a Date, are the ORM's own kind), with the imports as globals,
// TypeScript accepted, top-level await, and history kept in the project.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as repl from 'node:repl';
import { stripTypes } from './typescript-input';

export interface ReplOptions {
  values: Record<string, unknown>;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A file for the history, or null for none. */
  historyFile: string | null;
}

/** Starts the REPL; resolves when it is left (.exit, Ctrl-D, end of input). */
export async function startRepl(options: ReplOptions): Promise<void> {
  const terminal = (options.output as { isTTY?: boolean }).isTTY === true && (options.input as { isTTY?: boolean }).isTTY === true;
  const server = repl.start({ prompt: 'hyper> ', input: options.input, output: options.output, terminal, useGlobal: true });
  Object.assign(server.context, options.values);
  const nodeEval = server.eval;
  // Piped input arrives faster than awaited statements finish; each statement waits
  // for the one before, as it would when typed.
  let previous: Promise<void> = Promise.resolve();
  // eval is typed readonly in @types/node, but replacing it is the documented way to wrap it.
  (server as { eval: repl.REPLEval }).eval = (code, context, file, callback) => {
    previous = previous.then(
      () =>
        new Promise<void>((done) => {
          const finish: typeof callback = (error, result) => {
            done();
            callback(error, result);
          };
          // Object literals are left to Node, which wraps `{...}` as an expression.
          if (/^\s*\{/.test(code)) return nodeEval.call(server, code, context, file, finish);
          const transformed = stripTypes(code);
          if ('incomplete' in transformed) return finish(new repl.Recoverable(new SyntaxError('incomplete input')), undefined);
          // On a syntax error Node's own message (from the original code) is the clearer one.
          nodeEval.call(server, 'code' in transformed ? transformed.code : code, context, file, finish);
        }),
    );
  };
  if (options.historyFile) {
    fs.mkdirSync(path.dirname(options.historyFile), { recursive: true });
    await new Promise<void>((resolve) => server.setupHistory(options.historyFile!, () => resolve()));
  }
  await new Promise<void>((resolve) => server.once('exit', () => resolve()));
  // Input may end while a statement still runs; the database stays open until it is done.
  await previous;
}
