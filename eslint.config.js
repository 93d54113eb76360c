import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'generated/', 'data/', 'coverage/', 'tmp/', 'dist/'] },
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
    // The solver is a pure library: plain data in, plain data out, no server, Prisma or file-system imports.
    files: ['solver/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['express', 'express/*'], message: 'solver/ must not depend on HTTP.' },
            { group: ['@prisma/*', '**/generated/**'], message: 'solver/ must not depend on Prisma.' },
            {
              group: ['fs', 'node:fs', 'fs/*', 'node:fs/*'],
              message: 'solver/ must not touch the file system.',
            },
            { group: ['**/server/**', '../server/*'], message: 'solver/ must not import from server/.' },
          ],
        },
      ],
    },
  },
);
