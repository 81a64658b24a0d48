// The shell accepts TypeScript: its type annotations are stripped by esbuild before
// Node evaluates the code. Top-level await survives because the output is a module body.
import { transformSync } from 'esbuild';

export type Transformed = { code: string } | { incomplete: true } | { error: string };

export function stripTypes(source: string): Transformed {
  try {
    return { code: transformSync(source, { loader: 'ts', format: 'esm', target: 'node20', logLevel: 'silent' }).code };
  } catch (error) {
    const messages = (error as { errors?: Array<{ text: string; location?: { line: number; column: number } | null }> }).errors ?? [];
    // An unfinished statement or block: the REPL keeps reading lines.
    if (messages.some((m) => /Unexpected end of file|Expected ".*" but found end of file|Unterminated/.test(m.text))) return { incomplete: true };
    const first = messages[0];
    if (!first) return { error: String((error as Error).message ?? error) };
    return { error: first.location ? `${first.text} (line ${first.location.line}, column ${first.location.column + 1})` : first.text };
  }
}
