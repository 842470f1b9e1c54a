import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getCalleeName, getPropertyName, getStaticString } from './ast.js';
import { type ServerInfo, type SocketKind, SOCKET_MODULES, TRACKED_MODULES } from './model.js';
import type { SocketConcurrencySettings } from './settings.js';

/** `node:net` → `net`; null for modules the analysis does not follow. */
export function normalizeModuleName(specifier: string): string | null {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return TRACKED_MODULES.has(name) ? name : null;
}

/** `net`, `node:tls`, `ws`, ...: a module that can give sockets or servers (spec 0.1, 8.1). */
function isSocketModule(specifier: string | null): boolean {
  return specifier !== null && SOCKET_MODULES.has(normalizeModuleName(specifier) ?? '');
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
  /** A TypeScript annotation may name a socket type (`mayAnnotateSockets`), asked once per file. */
  readonly mayAnnotateSockets: boolean;
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
  const none: SourceScan = { active: false, requireCalls: [], mayHaveJsdocSockets: false, mayAnnotateSockets: false };
  if (!hint && !configured) return none;
  // `includes` first: a scan of the text for one word is several times cheaper than the regexes.
  const mayHaveJsdocSockets = text.includes('Socket') && JSDOC_SOCKET_HINT.test(text);
  const mayAnnotate = mayAnnotateSockets(text, settings);
  const requireCalls = findRequireCalls(sourceCode);
  let active = configured || mayHaveJsdocSockets || (typed && hint);
  if (!active) {
    for (const call of requireCalls) {
      if (isSocketModule(getStaticString(call.arguments[0]))) {
        active = true;
        break;
      }
    }
  }
  if (!active) active = importsSocketModule(sourceCode.ast);
  const dynamicImport = text.includes('import') && DYNAMIC_IMPORT_HINT.test(text);
  if (!active) active = dynamicImport;
  // Bound only for what makes no socket (`net.isIP`, `http.STATUS_CODES`, `import type`): as
  // cheap as a file that binds none, when nothing else (annotations, settings, types) can give one.
  if (active && !configured && !mayHaveJsdocSockets && !typed && !dynamicImport && !mayAnnotate && socketModulesAreInert(sourceCode, requireCalls)) {
    active = false;
  }
  return { active, requireCalls, mayHaveJsdocSockets, mayAnnotateSockets: mayAnnotate };
}

/**
 * A TypeScript annotation may name a socket type (`: Socket`, `: net.Socket | null`, a configured
 * type): the text matches `/:\s*(?:[\w$]+\.)?(?:TLS)?Socket\b/`. Found from each `Socket` back to
 * its colon: a regex that starts at every `:` of a file costs twice as much (object literals and
 * ternaries are full of them), and most files mention `Socket` a few times at most.
 */
export function mayAnnotateSockets(text: string, settings: SocketConcurrencySettings): boolean {
  for (let at = text.indexOf('Socket'); at >= 0; at = text.indexOf('Socket', at + 1)) {
    if (isWordChar(text.charCodeAt(at + 6))) continue;
    if (annotationEndsAt(text, at) || (text.startsWith('TLS', at - 3) && annotationEndsAt(text, at - 3))) return true;
  }
  return settings.socketTypes.some((name) => text.includes(name));
}

/** `:\s*` or `:\s*name.` ends right before `end`. */
function annotationEndsAt(text: string, end: number): boolean {
  let i = end - 1;
  if (text[i] === '.') {
    let start = i;
    while (start > 0 && isIdentifierChar(text.charCodeAt(start - 1))) start--;
    if (start === i) return false;
    i = start - 1;
  }
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ':';
}

/** `\w`: a regex word character. */
function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** `[\w$]`. */
function isIdentifierChar(code: number): boolean {
  return isWordChar(code) || code === 36;
}

/**
 * Members of the socket modules through which a socket or server can be made (spec 0.1, 8.1),
 * or that hand the module on (`promises`). A binding read only for other members (`net.isIP`,
 * `https.request`, `http.STATUS_CODES`, `tls.createSecureContext`) gives the flow nothing.
 */
const SOCKET_MAKING_MEMBERS: ReadonlySet<string> = new Set([
  'connect',
  'createConnection',
  'Socket',
  'Stream',
  'TLSSocket',
  'createServer',
  'createSecureServer',
  'Server',
  'WebSocket',
  'WebSocketServer',
  'promises',
]);

/**
 * Every binding of a socket module in the file (`require`, import, `import x = require`) is used
 * only for members that make no socket: read off the scope manager's references, no AST walk.
 * Any other use (the module passed on, stored, called, re-assigned, destructured into a factory
 * name, read in a type) keeps the file active.
 */
function socketModulesAreInert(sourceCode: Readonly<TSESLint.SourceCode>, requireCalls: readonly TSESTree.CallExpression[]): boolean {
  const manager = sourceCode.scopeManager;
  if (!manager) return false;
  for (const call of requireCalls) {
    if (!isSocketModule(getStaticString(call.arguments[0]))) continue;
    if (!isInertModuleValue(call, manager, 0)) return false;
  }
  for (const statement of sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      if (statement.importKind === 'type' || !isSocketModule(String(statement.source.value))) continue;
      for (const specifier of statement.specifiers) {
        if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
          if (specifier.importKind === 'type') continue;
          const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
          if (imported === 'default' ? !isInertDeclaration(specifier, manager, 0) : SOCKET_MAKING_MEMBERS.has(imported)) return false;
        } else if (!isInertDeclaration(specifier, manager, 0)) return false;
      }
    } else if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration && statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
      if (isSocketModule(getStaticString(statement.moduleReference.expression)) && !isInertDeclaration(statement, manager, 0)) {
        return false;
      }
    }
  }
  return true;
}

type ScopeManager = NonNullable<TSESLint.SourceCode['scopeManager']>;

/** The module value at `node` is only read for members that make no socket. */
function isInertModuleValue(node: TSESTree.Node, manager: ScopeManager, depth: number): boolean {
  if (depth > 4) return false;
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression: {
      // `__importStar(require('net'))`, `_interopRequireDefault(require('net'))`: the module again.
      const name = getCalleeName(parent);
      return parent.arguments[0] === node && name !== null && INTEROP_HELPERS.has(name) && isInertModuleValue(parent, manager, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== node) return false;
      const name = getPropertyName(parent);
      if (name === null) return false;
      // `net_1.default.isIP`: the interop wrapper's `default` is the module.
      if (name === 'default') return isInertModuleValue(parent, manager, depth + 1);
      return !SOCKET_MAKING_MEMBERS.has(name);
    }
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== node) return false;
      if (parent.id.type === AST_NODE_TYPES.Identifier) return isInertDeclaration(parent, manager, depth);
      if (parent.id.type !== AST_NODE_TYPES.ObjectPattern) return false;
      // `const { isIP } = require('net')`: plain functions and values, unless a factory is taken.
      return parent.id.properties.every((p) => {
        if (p.type !== AST_NODE_TYPES.Property) return false;
        const key = getPropertyName(p);
        return key !== null && key !== 'default' && !SOCKET_MAKING_MEMBERS.has(key);
      });
    }
    default:
      return false;
  }
}

/** Every variable the declaration makes is written once and read only for inert members. */
function isInertDeclaration(node: TSESTree.Node, manager: ScopeManager, depth: number): boolean {
  const variables = manager.getDeclaredVariables(node);
  if (variables.length === 0) return false;
  for (const variable of variables) {
    for (const reference of variable.references) {
      if (reference.init) continue;
      if (reference.isWrite() || !isInertModuleValue(reference.identifier as TSESTree.Node, manager, depth + 1)) return false;
    }
  }
  return true;
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
    if (isSocketModule(source)) return true;
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
