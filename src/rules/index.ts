import noInterleavedSocketWrites from './no-interleaved-socket-writes.js';
import noSharedMapRace from './no-shared-map-race.js';
import noUnframedData from './no-unframed-data.js';
import requireSocketErrorListener from './require-socket-error-listener.js';
import requireSocketTimeout from './require-socket-timeout.js';

/** Every rule of the plugin, by name. Configs are generated from this list. */
export const rules = {
  'no-interleaved-socket-writes': noInterleavedSocketWrites,
  'no-shared-map-race': noSharedMapRace,
  'no-unframed-data': noUnframedData,
  'require-socket-error-listener': requireSocketErrorListener,
  'require-socket-timeout': requireSocketTimeout,
};
