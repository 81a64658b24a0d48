// CSS and JS minified by esbuild, one transform call per file: the calls run at once
// in esbuild's own process (on every core) and each answer arrives as soon as its file
// is done, so collectstatic writes the first files while esbuild works on the rest.
import type * as Esbuild from 'esbuild';
import { StaticFilesError } from './errors';

export type TextKind = 'css' | 'js';

/** esbuild, required when first used: a run with nothing to minify or bundle never loads it. */
export function loadEsbuild(): typeof Esbuild {
  return require('esbuild') as typeof Esbuild;
}

/** The kind of file collectstatic rewrites and minifies, by extension. */
export function textKind(relPath: string): TextKind | null {
  if (/\.css$/i.test(relPath)) return 'css';
  if (/\.(m|c)?js$/i.test(relPath)) return 'js';
  return null;
}

/**
 * Files left as they are: already minified by name, or carrying a source map that
 * describes the text as it is (minifying would make the map lie).
 */
export function keepsItsForm(relPath: string, text: string): boolean {
  return /\.min\.(m|c)?(js|css)$/i.test(relPath) || /[#@]\s*sourceMappingURL=/.test(text);
}

/** A static file's text minified; `relPath` names it in errors and picks the loader. */
export async function minifyText(relPath: string, text: string, target: string[]): Promise<string> {
  const kind = textKind(relPath) ?? 'js';
  try {
    const result = await loadEsbuild().transform(text, {
      loader: kind,
      minify: true,
      target,
      legalComments: 'inline',
      // The project's tsconfig.json is not for its static files ("use strict" would change plain scripts).
      tsconfigRaw: {},
      logLevel: 'silent',
    });
    return result.code;
  } catch (error) {
    const first = (error as Esbuild.TransformFailure).errors?.[0];
    const where = first?.location ? `${relPath}:${first.location.line}:${first.location.column}` : relPath;
    throw new StaticFilesError(
      `${where}: esbuild cannot minify this file: ${first?.text ?? (error as Error).message}. Fix it, name it *.min.${kind}, or set STATICFILES_MINIFY to false.`,
      { cause: error },
    );
  }
}
