// STATICFILES_BUNDLES: entry points (TS, JSX, CSS ...) that esbuild bundles during
// collectstatic, each to an output path in STATIC_ROOT ('js/app.js'). A JS entry that
// imports CSS also yields its CSS beside it ('js/app.css'); imported images and fonts
// become files under assets/.
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import { StaticFilesError } from './errors';
import { safeSegments } from './finders';
import { loadEsbuild } from './minify';

export interface BundleOutput {
  /** The static path of the output, posix. */
  path: string;
  content: Buffer;
  /** The entry point it came from, as written in the setting. */
  entry: string;
}

const ASSET_LOADERS: Record<string, Esbuild.Loader> = Object.fromEntries(
  ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg', '.ico', '.woff', '.woff2', '.ttf', '.otf', '.eot'].map((ext) => [ext, 'file' as const]),
);

export async function buildBundles(bundles: Record<string, string>, options: { baseDir: string; minify: boolean; target: string[] }): Promise<BundleOutput[]> {
  const outputs: BundleOutput[] = [];
  // A folder that is never written (write: false): it only anchors the output paths.
  const outdir = path.join(options.baseDir, '.hyper', 'bundles');
  await Promise.all(
    Object.entries(bundles).map(async ([output, entry]) => {
      // Settings name the outputs: one must not write outside STATIC_ROOT.
      if (!safeSegments(output)) throw new StaticFilesError(`STATICFILES_BUNDLES: the output '${output}' is not a relative path inside STATIC_ROOT.`);
      const ext = path.posix.extname(output);
      let result: Esbuild.BuildResult;
      try {
        result = await loadEsbuild().build({
          entryPoints: [{ in: path.resolve(options.baseDir, entry), out: output.slice(0, output.length - ext.length) }],
          outdir,
          outExtension: ext && ext !== '.css' ? { '.js': ext } : undefined,
          bundle: true,
          write: false,
          minify: options.minify,
          target: options.target,
          format: ext === '.mjs' ? 'esm' : 'iife',
          platform: 'browser',
          loader: ASSET_LOADERS,
          assetNames: 'assets/[name]-[hash]',
          absWorkingDir: options.baseDir,
          logLevel: 'silent',
        });
      } catch (error) {
        const first = (error as Esbuild.BuildFailure).errors?.[0];
        const where = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
        throw new StaticFilesError(`STATICFILES_BUNDLES '${output}': ${where}${first?.text ?? (error as Error).message}`, { cause: error });
      }
      for (const file of result.outputFiles ?? []) {
        outputs.push({ path: path.relative(outdir, file.path).split(path.sep).join('/'), content: Buffer.from(file.contents), entry });
      }
    }),
  );
  return outputs.sort((a, b) => (a.path < b.path ? -1 : 1));
}
