// Settings of static files (src/static, hyperdjango.staticfiles), declared here so
// that loading settings knows them. See docs/static.md.
import { declareSetting } from './declarations';
import * as t from './setting-types';
import type { SettingType } from './setting-types';
import { badEnvValue } from './parse-env-value';

declare module './global-settings' {
  interface Settings {
    STATICFILES_IGNORE_PATTERNS: string[];
    STATICFILES_MINIFY: boolean;
    STATICFILES_COMPRESS: boolean;
    STATICFILES_MANIFEST_STRICT: boolean;
    STATICFILES_BUNDLES: Record<string, string>;
    STATICFILES_TARGET: string[];
  }
}

const isStringMap = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
/** output path -> entry point, e.g. { 'js/app.js': 'src/app.tsx' }. */
const bundles: SettingType<Record<string, string>> = {
  expected: "an object of output paths to entry points, e.g. { 'js/app.js': 'frontend/app.tsx' }",
  is: (v): v is Record<string, string> => isStringMap(v),
  parse: (raw) => {
    const value = t.object.parse(raw);
    if (!isStringMap(value)) throw badEnvValue(`expected a JSON object of strings, got '${raw}'`);
    return value as Record<string, string>;
  },
};

const decl = declareSetting;
decl({ name: 'STATICFILES_IGNORE_PATTERNS', type: t.strList, default: ['CVS', '.*', '*~'], doc: "Glob patterns of files the finders and collectstatic skip (on the file name, or on the whole path when the pattern holds '/')." });
decl({ name: 'STATICFILES_MINIFY', type: t.bool, default: true, doc: 'collectstatic minifies CSS and JS with esbuild.' });
decl({ name: 'STATICFILES_COMPRESS', type: t.bool, default: true, doc: 'collectstatic writes .gz and .br beside each text file that shrinks.' });
decl({ name: 'STATICFILES_MANIFEST_STRICT', type: t.bool, default: true, doc: 'A reference to a missing file (CSS url(), sourceMappingURL) or a static() path missing from the manifest is an error; false keeps it as written.' });
decl({ name: 'STATICFILES_BUNDLES', type: bundles, default: {}, doc: "Entry points esbuild bundles during collectstatic: output path -> entry file (relative to BASE_DIR; TS and JSX compiled)." });
decl({ name: 'STATICFILES_TARGET', type: t.strList, default: ['es2020', 'chrome90', 'firefox90', 'safari14'], doc: 'esbuild targets for minified and bundled CSS and JS.' });
