import { RuleTester } from '@typescript-eslint/rule-tester';

/** JavaScript as Node projects write it: CommonJS and ESM, parsed by typescript-eslint so TS cases share one tester. */
export function createRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
    },
  });
}

/** A CommonJS file as Node runs it: script source, `require`/`module`/`exports` as globals. */
export const COMMONJS = {
  parserOptions: { sourceType: 'script' },
  globals: { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly' },
} as const;
