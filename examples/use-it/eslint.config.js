import { defineConfig } from 'eslint/config';
import socketConcurrency from 'eslint-plugin-socket-concurrency';

export default defineConfig([
  socketConcurrency.configs.recommended,
]);
