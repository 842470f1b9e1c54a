import type { TSESLint } from '@typescript-eslint/utils';
import { BoundaryAnalysis } from './boundaries.js';
import { FileAnalysis } from './file-analysis.js';
import { type SourceScan, scanSocketSources } from './modules.js';
import { type SocketConcurrencySettings, readSettings } from './settings.js';
import { SyntaxLists } from './syntax.js';
import { TypeSocketOracle } from './types.js';

export * from './ast.js';
export * from './model.js';
export { BoundaryAnalysis, isLoop, type Boundary, type CallbackKind } from './boundaries.js';
export { FileAnalysis } from './file-analysis.js';
export { readSettings, type SocketConcurrencySettings } from './settings.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

interface FileEntry {
  readonly settings: SocketConcurrencySettings;
  readonly typeChecker: TypeSocketOracle | null;
  readonly scan: SourceScan;
  file: FileAnalysis | null;
  boundaries: BoundaryAnalysis | null;
  /** A rule asked to gather the syntax lists during ESLint's traversal (`syntaxCollector`). */
  collecting: boolean;
  /** Those lists, once the traversal is over. */
  collected: SyntaxLists | null;
}

/**
 * One analysis per file per lint run, shared by every rule, for the file ESLint is linting now.
 * ESLint runs every rule of one file (create, traversal, `Program:exit`) before it starts the
 * next, synchronously, and makes a new SourceCode object per file (and per fix pass), so one
 * slot keyed by that object is the whole cache: it keeps only that file alive, and it needs no
 * WeakMap, whose per-file insertion and ephemeron upkeep cost more than the lookups it saves
 * (most files are left at the cheap exit). A harness that asks about two files in turn gets
 * correct answers, recomputed. Each `--concurrency` worker thread loads its own copy.
 */
let lastSource: object | null = null;
let lastEntry: FileEntry | null = null;

function entryFor(context: AnyContext): FileEntry {
  const sourceCode = context.sourceCode;
  if (sourceCode === lastSource && lastEntry) return lastEntry;
  const settings = readSettings(context);
  const typeChecker = TypeSocketOracle.create(sourceCode, settings, context);
  const scan = scanSocketSources(sourceCode, settings, typeChecker !== null);
  const entry: FileEntry = { settings, typeChecker, scan, file: null, boundaries: null, collecting: false, collected: null };
  lastSource = sourceCode;
  lastEntry = entry;
  return entry;
}

/** The cheap exit, once per file: false when nothing in the file can give a socket. */
export function fileHasSocketSources(context: AnyContext): boolean {
  return entryFor(context).scan.active;
}

/**
 * Listeners that gather the analysis's syntax lists during ESLint's own traversal of an active
 * file, for the first rule of the file to ask (null for the others, and in inactive files). An
 * analysis asked for before the traversal ends (or by a caller that never asked for these)
 * walks the AST itself: same lists, one more pass over the tree.
 */
export function syntaxCollector(context: AnyContext): TSESLint.RuleListener | null {
  const entry = entryFor(context);
  if (!entry.scan.active || entry.collecting) return null;
  entry.collecting = true;
  const lists = new SyntaxLists();
  return lists.collectingListeners(() => {
    entry.collected = lists;
  });
}

export function getAnalysis(context: AnyContext): FileAnalysis {
  const entry = entryFor(context);
  if (!entry.file) {
    const lists = entry.scan.active ? (entry.collected ?? SyntaxLists.walk(context.sourceCode)) : null;
    entry.file = new FileAnalysis(context.sourceCode, entry.settings, entry.scan, entry.typeChecker, lists);
  }
  return entry.file;
}

export function getBoundaries(context: AnyContext): BoundaryAnalysis {
  const file = getAnalysis(context);
  const entry = entryFor(context);
  entry.boundaries ??= new BoundaryAnalysis(file);
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
