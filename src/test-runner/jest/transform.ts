// jest's transformer for TypeScript: the transform `hyper` loads the project's code
// with (esbuild, inline source maps, so failures point at .ts lines). A test file
// (the names `hyper test` runs) gets one more line, which declares the test case
// classes it exports as jest tests, as `hyper test` finds them.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { transformTypeScript } from '../../core/ts-loader/transform';

const TEST_FILE = /(\.test\.(ts|tsx|mts|cts)|[\\/]tests\.ts)$/;
const SOURCE_MAP = '\n//# sourceMappingURL=';
// By the package name, so it resolves to the copy of the framework the test file imports.
const REGISTER = ';require("hyperdjango/test/jest").runExportedTestCases(module.exports);';

// jest caches what a transformer returns under this key: a change to the transforms
// (a framework update) or to esbuild must not reuse old output.
const TRANSFORMS = [__filename, require.resolve('../../core/ts-loader/transform'), require.resolve('esbuild/package.json')].map((file) => fs.readFileSync(file, 'utf8')).join('\0');

export = {
  getCacheKey(source: string, filename: string, options: { configString: string }): string {
    return createHash('sha256').update(TRANSFORMS).update('\0').update(filename).update('\0').update(options.configString).update('\0').update(source).digest('hex');
  },
  process(source: string, filename: string): { code: string } {
    const code = transformTypeScript(source, filename);
    if (!TEST_FILE.test(filename)) return { code };
    // Before the source map comment, which must stay last; the lines above keep their mapping.
    const at = code.lastIndexOf(SOURCE_MAP);
    return { code: at < 0 ? `${code}\n${REGISTER}\n` : `${code.slice(0, at)}\n${REGISTER}${code.slice(at)}` };
  },
};
