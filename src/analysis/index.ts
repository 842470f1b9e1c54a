import type { TSESLint } from '@typescript-eslint/utils';
import { BoundaryAnalysis } from './boundaries.js';
import { FileAnalysis } from './file-analysis.js';
import { readSettings } from './settings.js';

export * from './ast.js';
export * from './model.js';
export { BoundaryAnalysis, isLoop, type Boundary, type CallbackKind } from './boundaries.js';
export { FileAnalysis, enclosingFunction } from './file-analysis.js';
export { readSettings, type SocketConcurrencySettings } from './settings.js';

interface CachedAnalysis {
  readonly file: FileAnalysis;
  boundaries: BoundaryAnalysis | null;
}

/**
 * One analysis per file per lint run, shared by every rule. Keyed by the SourceCode object,
 * which ESLint creates per file: the entry dies with it, and each `--concurrency` worker
 * thread loads its own copy of this module.
 */
const cache = new WeakMap<object, CachedAnalysis>();

function cached(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): CachedAnalysis {
  const sourceCode = context.sourceCode;
  let entry = cache.get(sourceCode);
  if (!entry) {
    entry = { file: new FileAnalysis(sourceCode, readSettings(context)), boundaries: null };
    cache.set(sourceCode, entry);
  }
  return entry;
}

export function getAnalysis(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileAnalysis {
  return cached(context).file;
}

export function getBoundaries(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): BoundaryAnalysis {
  const entry = cached(context);
  entry.boundaries ??= new BoundaryAnalysis(entry.file);
  return entry.boundaries;
}
export {
  type WebSocketStream,
  clientsSetServers,
  elementWebSockets,
  isErrorOwningCall,
  webSocketServerErrorHandling,
  webSocketServerMode,
  webSocketStreamsOf,
} from './websockets.js';
