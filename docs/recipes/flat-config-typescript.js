import socketConcurrency from 'eslint-plugin-socket-concurrency';
import tseslint from 'typescript-eslint';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  socketConcurrency.configs.recommended,
];
