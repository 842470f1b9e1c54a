import noDestroyBeforeDrain from './no-destroy-before-drain.js';
import noListenerInLoop from './no-listener-in-loop.js';
import requireSocketTimeout from './require-socket-timeout.js';

/** Every rule of the plugin, by name. Configs are generated from this list. */
export const rules = {
  'no-destroy-before-drain': noDestroyBeforeDrain,
  'no-listener-in-loop': noListenerInLoop,
  'require-socket-timeout': requireSocketTimeout,
};
