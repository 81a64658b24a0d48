// `npm run lint`: typescript-eslint's type-checked recommended rules on the TypeScript
// (src/, commands/, test/), the promise rules on the plain JavaScript (bin/, scripts/,
// benchmarks/, test support), and no import cycles in the library. Part of `npm test`.
//
// typescript-eslint stays on 8.55 and eslint-plugin-import-x on 4.16: later releases
// pull in eslint-visitor-keys 5, which wants Node 20.19, and a clone runs on 20.17
// (test/core/node-engines.test.ts).
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

const TYPESCRIPT = ['**/*.ts'];
const JAVASCRIPT = ['**/*.js', '**/*.mjs'];

// A promise nobody awaits loses its rejection (an unhandled rejection ends the process):
// await it, or mark fire-and-forget with `void` and a comment saying why.
const PROMISE_RULES = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
};

export default tseslint.config(
  { ignores: ['dist/', 'native/', 'scaffolds/', 'templates/', 'coverage/', '**/fixtures/**'] },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      globals: globals.node,
      // One program for every linted file, JavaScript included, so the promise rules see types there too.
      parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  js.configs.recommended,
  // An eslint-disable names its rule and says why after `--`; one that no longer
  // silences anything is an error (reportUnusedDisableDirectives above).
  comments.recommended,
  {
    rules: {
      '@eslint-community/eslint-comments/require-description': 'error',
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: true }],
    },
  },
  {
    files: TYPESCRIPT,
    extends: [tseslint.configs.recommendedTypeChecked],
    rules: {
      ...PROMISE_RULES,
      // A dynamic value is `unknown` and narrowed; the few places where `any` is really
      // meant (variance of constructor and callback signatures, JS's coercing operators in
      // templates) say why on their line. test/ is held to the same: it needed no exception.
      '@typescript-eslint/no-explicit-any': 'error',
      // Not enabled: the `any` that JSON.parse, require() and driver rows hand back is narrowed
      // where it is used; banning its flow would mean hundreds of casts at those edges, with
      // no check added that no-explicit-any and tsc do not already make.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // require() inside a function is how the framework loads lazily (startup time, optional
      // peers, user modules, a layer installed at setup); test/core/layers.test.ts reads those
      // literal require()s too and holds them to the layer order.
      '@typescript-eslint/no-require-imports': 'off',
      // An `async` method without `await` is how an interface that returns a promise is met
      // (backends, hooks), and it turns a throw into a rejection as callers expect.
      '@typescript-eslint/require-await': 'off',
      // Template output, settings and CLI values are stringified as given, as Python's str()
      // would: '[object Object]' there is the intended rendering, not a slip.
      '@typescript-eslint/no-base-to-string': 'off',
      // `M | unknown` and `Promise<unknown | null>` say what a parameter or result is meant to be.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // Rethrowing what a catch caught (unknown, or any in a .catch() callback) is not the mistake this rule is after.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // `_name` marks an argument an override or a signature requires but does not use.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_',
        varsIgnorePattern: '^_',
        caughtErrorsIgnorePattern: '^_',
        ignoreRestSiblings: true,
      }],
    },
  },
  {
    files: JAVASCRIPT,
    extends: [tseslint.configs.base],
    rules: {
      ...PROMISE_RULES,
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Value-level import cycles in the library, shown in the editor (type-only imports do not
    // count). test/core/layers.test.ts checks the same, and the direction of every import;
    // a circle it allows carries an eslint-disable here. Costs about 5 s of CPU.
    files: ['src/**/*.ts', 'commands/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Without .ts here import-x reads no TypeScript dependency, and so finds no cycle.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
);
