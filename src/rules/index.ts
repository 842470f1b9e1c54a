import noDestroyBeforeDrain from './no-destroy-before-drain.js';
import noInterleavedSocketWrites from './no-interleaved-socket-writes.js';
import noListenerInLoop from './no-listener-in-loop.js';
import noSharedMapRace from './no-shared-map-race.js';
import noUnframedData from './no-unframed-data.js';
import requireConnectionCleanup from './require-connection-cleanup.js';
import requireSocketErrorListener from './require-socket-error-listener.js';
import requireSocketTimeout from './require-socket-timeout.js';
import requireWriteBackpressure from './require-write-backpressure.js';

/** Every rule of the plugin, by name. Configs are generated from this list. */
export const rules = {
  'no-destroy-before-drain': noDestroyBeforeDrain,
  'no-interleaved-socket-writes': noInterleavedSocketWrites,
  'no-listener-in-loop': noListenerInLoop,
  'no-shared-map-race': noSharedMapRace,
  'no-unframed-data': noUnframedData,
  'require-connection-cleanup': requireConnectionCleanup,
  'require-socket-error-listener': requireSocketErrorListener,
  'require-socket-timeout': requireSocketTimeout,
  'require-write-backpressure': requireWriteBackpressure,
};
