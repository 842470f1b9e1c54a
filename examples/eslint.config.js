import socketConcurrency from '../dist/index.js';

export default [
  {
    files: ['**/*.js', '**/*.ts'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
  socketConcurrency.configs.recommended,
];
