import type { TSESLint } from '@typescript-eslint/utils';

export interface SocketConcurrencySettings {
  /** Names of functions or methods whose result is a socket (`createSocket`, `this.openTransport`). */
  socketFactories: readonly string[];
  /** Type names treated as sockets in annotations and, with type information, in types. */
  socketTypes: readonly string[];
}

const EMPTY: SocketConcurrencySettings = Object.freeze({ socketFactories: [], socketTypes: [] });

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.length > 0) : [];
}

/** Reads `settings['socket-concurrency']`; malformed entries are ignored rather than thrown on. */
export function readSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): SocketConcurrencySettings {
  const raw: unknown = (context.settings as Record<string, unknown> | undefined)?.['socket-concurrency'];
  if (raw == null || typeof raw !== 'object') return EMPTY;
  const record = raw as Record<string, unknown>;
  return { socketFactories: stringList(record.socketFactories), socketTypes: stringList(record.socketTypes) };
}
