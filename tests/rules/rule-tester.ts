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
