/** @type {import('eslint-doc-generator').GenerateOptions} */
export default {
  configEmoji: [
    ['recommended', '✅'],
    ['all', '🌐'],
  ],
  ignoreConfig: ['recommended-legacy'],
  ruleDocTitleFormat: 'name',
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'options'],
  pathRuleList: 'README.md',
};
