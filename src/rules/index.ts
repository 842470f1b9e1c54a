import noInterleavedSocketWrites from './no-interleaved-socket-writes.js';
import noSharedMapRace from './no-shared-map-race.js';
import requireSocketTimeout from './require-socket-timeout.js';

/** Every rule of the plugin, by name. Configs are generated from this list. */
export const rules = {
  'no-interleaved-socket-writes': noInterleavedSocketWrites,
  'no-shared-map-race': noSharedMapRace,
  'require-socket-timeout': requireSocketTimeout,
};
