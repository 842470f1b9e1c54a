// Self-lint: the plugin's own sources with typescript-eslint and eslint-plugin-eslint-plugin.
import js from '@eslint/js';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.scratch/', 'dist/', 'node_modules/', 'examples/', 'tests/fixtures/', 'coverage/', 'bench/', 'corpus/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/rules/*.ts'],
    ...eslintPlugin.configs.recommended,
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'tests/**/*.ts', '*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly' },
    },
  },
);
