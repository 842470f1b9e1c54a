import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getStaticString } from './ast.js';
import { type ServerInfo, type SocketKind, SOCKET_MODULES, TRACKED_MODULES } from './model.js';
import type { SocketConcurrencySettings } from './settings.js';

/** `node:net` → `net`; null for modules the analysis does not follow. */
export function normalizeModuleName(specifier: string): string | null {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return TRACKED_MODULES.has(name) ? name : null;
}

export const INTEROP_HELPERS: ReadonlySet<string> = new Set([
  '__importDefault',
  '__importStar',
  '_interopRequireDefault',
  '_interopRequireWildcard',
  '__toESM',
  'interopRequireDefault',
  'interopRequireWildcard',
]);

/** Socket-obtaining members of the socket modules (spec 0.1, 8.1). */
export function socketFactoryKind(module: string, path: string, isNew: boolean): SocketKind | null {
  if (module === 'net') {
    if (!isNew && (path === 'connect' || path === 'createConnection')) return 'client';
    if (isNew && (path === 'Socket' || path === 'Stream')) return 'client';
  }
  if (module === 'tls') {
    if (!isNew && path === 'connect') return 'tls-client';
    if (isNew && path === 'TLSSocket') return 'tls-client';
  }
  // `require('ws')` is the WebSocket class itself; `WebSocket` is also a named export.
  if (module === 'ws' && isNew && (path === '' || path === 'WebSocket')) return 'ws-client';
  return null;
}

export function serverFactoryModule(module: string, path: string, isNew: boolean): ServerInfo['module'] | null {
  if (!SOCKET_MODULES.has(module)) return null;
  if (module === 'ws') {
    return isNew && (path === 'Server' || path === 'WebSocketServer' || path === 'WebSocket.Server' || path === 'WebSocket.WebSocketServer') ? 'ws' : null;
  }
  if (!isNew && path === 'createServer') return module as ServerInfo['module'];
  if (module === 'http2' && !isNew && path === 'createSecureServer') return 'http2';
  if (isNew && path === 'Server') return module as ServerInfo['module'];
  return null;
}

/** Files that mention none of these cannot obtain a socket without a configured factory or type. */
const SOCKET_TEXT_HINT = /['"](?:node:)?(?:net|tls|https?|http2|ws)['"]|\b(?:TLS)?Socket\b/;
const DYNAMIC_IMPORT_HINT = /\bimport\s*\(\s*['"](?:node:)?(?:net|tls|https?|http2|ws)['"]/;
const JSDOC_SOCKET_HINT = /@(?:param|type|typedef|property)\s*\{[^}]*Socket/;

export interface SourceScan {
  /** A socket module is bound, required or imported, or settings/annotations may give sockets. */
  readonly active: boolean;
  /** `require('<socket or helper module>')` calls, found through the scope manager's global references. */
  readonly requireCalls: TSESTree.CallExpression[];
  readonly mayHaveJsdocSockets: boolean;
}

/**
 * The cheap exit (style: "bail out early"): a file is analysed only when it binds a socket
 * module (import, `import x = require`, `require()`, `import()`), configures a factory or type,
 * or may annotate a socket. Looks at top-level statements and the unresolved `require`
 * references only, never walks the AST.
 */
export function scanSocketSources(sourceCode: Readonly<TSESLint.SourceCode>, settings: SocketConcurrencySettings, typed: boolean): SourceScan {
  const text = sourceCode.text;
  const hint = SOCKET_TEXT_HINT.test(text);
  const configured = settings.socketFactories.some((name) => text.includes(name)) || settings.socketTypes.some((name) => text.includes(name));
  const none: SourceScan = { active: false, requireCalls: [], mayHaveJsdocSockets: false };
  if (!hint && !configured) return none;
  // `includes` first: a scan of the text for one word is several times cheaper than the regexes.
  const mayHaveJsdocSockets = text.includes('Socket') && JSDOC_SOCKET_HINT.test(text);
  const requireCalls = findRequireCalls(sourceCode);
  let active = configured || mayHaveJsdocSockets || (typed && hint);
  if (!active) {
    for (const call of requireCalls) {
      if (SOCKET_MODULES.has(normalizeModuleName(getStaticString(call.arguments[0]) ?? '') ?? '')) {
        active = true;
        break;
      }
    }
  }
  if (!active) active = importsSocketModule(sourceCode.ast);
  if (!active) active = text.includes('import') && DYNAMIC_IMPORT_HINT.test(text);
  return { active, requireCalls, mayHaveJsdocSockets };
}

function importsSocketModule(program: TSESTree.Program): boolean {
  for (const statement of program.body) {
    let source: string | null = null;
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) source = String(statement.source.value);
    else if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration && statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
      source = getStaticString(statement.moduleReference.expression);
    } else if (
      (statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportAllDeclaration) &&
      statement.source
    ) {
      source = String(statement.source.value);
    }
    if (source && SOCKET_MODULES.has(normalizeModuleName(source) ?? '')) return true;
  }
  return false;
}

/**
 * Calls of the global `require` (and of a module-scope `require` made by `createRequire`) with a
 * tracked module name: the scope manager's unresolved references, no AST walk.
 */
function findRequireCalls(sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.CallExpression[] {
  const manager = sourceCode.scopeManager;
  const result: TSESTree.CallExpression[] = [];
  if (!manager?.globalScope) return result;
  const identifiers: TSESTree.Identifier[] = [];
  for (const reference of manager.globalScope.through) {
    if (reference.identifier.type === AST_NODE_TYPES.Identifier && reference.identifier.name === 'require') identifiers.push(reference.identifier);
  }
  // A configured global (`globals: { require: 'readonly' }`) resolves its references; so does a
  // module-scope `const require = createRequire(...)` or the `globalReturn` function scope's.
  const scopes = [manager.globalScope, ...manager.globalScope.childScopes.filter((s) => s.type === 'module' || s.type === 'function')];
  for (const scope of scopes) {
    const variable = scope.set.get('require');
    if (variable) for (const reference of variable.references) identifiers.push(reference.identifier as TSESTree.Identifier);
  }
  for (const identifier of identifiers) {
    const parent = identifier.parent;
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === identifier && normalizeModuleName(getStaticString(parent.arguments[0]) ?? '')) {
      result.push(parent);
    }
  }
  return result;
}
