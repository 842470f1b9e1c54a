import { createRequire } from 'node:module';
import type { ESLint, Linter } from 'eslint';
import { allRules, recommendedRules } from './configs/index.js';
import { rules } from './rules/index.js';

const require = createRequire(import.meta.url);
const { name, version } = require('../package.json') as { name: string; version: string };

interface SocketConcurrencyPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: NonNullable<ESLint.Plugin['rules']>;
  configs: {
    recommended: Linter.Config;
    all: Linter.Config;
    'recommended-legacy': Linter.LegacyConfig;
  };
}

// RuleCreator rules are not assignable to ESLint's Plugin type (typescript-eslint #11543):
// cast once here; tests/plugin.test.ts checks the plugin lints through defineConfig.
const plugin = {
  meta: { name, version, namespace: 'socket-concurrency' },
  rules: rules as unknown as NonNullable<ESLint.Plugin['rules']>,
  configs: {},
} as SocketConcurrencyPlugin;

plugin.configs.recommended = {
  name: 'socket-concurrency/recommended',
  plugins: { 'socket-concurrency': plugin },
  rules: recommendedRules() as Linter.RulesRecord,
};
plugin.configs.all = {
  name: 'socket-concurrency/all',
  plugins: { 'socket-concurrency': plugin },
  rules: allRules() as Linter.RulesRecord,
};
plugin.configs['recommended-legacy'] = {
  plugins: ['socket-concurrency'],
  rules: recommendedRules() as Linter.RulesRecord,
};

export default plugin;
// The same plugin as named exports: tools that `require()` the ESM entry (eslint-doc-generator,
// Node 20's require(esm)) see the module namespace, not the default export.
export const { meta, configs } = plugin;
export { rules };
