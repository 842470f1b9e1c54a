import requireSocketTimeout from './require-socket-timeout.js';

/** Every rule of the plugin, by name. Configs are generated from this list. */
export const rules = {
  'require-socket-timeout': requireSocketTimeout,
};
