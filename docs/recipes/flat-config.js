import socketConcurrency from 'eslint-plugin-socket-concurrency';

export default [
  socketConcurrency.configs.recommended,
];
