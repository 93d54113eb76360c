import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const SOLVER_IMPORTS = [
  { group: ['express', 'express/*'], message: 'solver/ must not depend on HTTP.' },
  { group: ['@prisma/*', '**/generated/**'], message: 'solver/ must not depend on Prisma.' },
  {
    group: ['fs', 'node:fs', 'fs/*', 'node:fs/*'],
    message: 'solver/ must not touch the file system.',
  },
  { group: ['**/server/**', '../server/*'], message: 'solver/ must not import from server/.' },
];

const CORE_IMPORTS = [
  {
    group: ['worker_threads', 'node:worker_threads', 'child_process', 'node:child_process'],
    message: 'solver/core must not start threads or processes (that is solver/runtime).',
  },
  {
    group: ['timers', 'node:timers', 'timers/*', 'node:timers/*', 'perf_hooks', 'node:perf_hooks'],
    message: 'solver/core must not use timers or clocks (that is solver/runtime).',
  },
  { group: ['**/runtime', '**/runtime/**'], message: 'solver/core must not import from solver/runtime.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'generated/', 'data/', 'coverage/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Progressive-enhancement scripts served to the browser.
    files: ['views/assets/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
    rules: { 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
  {
    // The solver is a pure library: plain data in, plain data out (STYLE.md).
    files: ['solver/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: SOLVER_IMPORTS }] },
  },
  {
    // solver/core is pure literally: same input, same output — no threads, timers, clocks or runtime/.
    files: ['solver/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...SOLVER_IMPORTS, ...CORE_IMPORTS] }],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'performance'].map((name) => ({
          name,
          message: 'solver/core must not use timers or clocks (they belong in solver/runtime).',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'solver/core must not read the clock (it belongs in solver/runtime).',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'solver/core must not read the clock (it belongs in solver/runtime).',
        },
      ],
    },
  },
);
