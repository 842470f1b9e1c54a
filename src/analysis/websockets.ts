import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getPropertyName, isFunctionNode, unwrapExpression } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';
import { LISTENER_METHODS, type ServerInfo, type SocketInfo, isWebSocket } from './model.js';
import { getRegistries } from './registries.js';

/** Array methods whose callback receives each element first. */
const ELEMENT_CALLBACK_METHODS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find']);

/** `stream.pipeline`/`finished` (any import form): they listen for `'error'` on what they are given. */
const ERROR_OWNING_CALLS: readonly (readonly [string, string])[] = [
  ['stream', 'pipeline'],
  ['stream', 'finished'],
  ['stream/promises', 'pipeline'],
  ['stream/promises', 'finished'],
  ['stream', 'promises.pipeline'],
  ['stream', 'promises.finished'],
];

/** True when `call` is `stream.pipeline(...)`/`finished(...)` (or the `stream/promises` forms), under any import form. */
export function isErrorOwningCall(analysis: FileAnalysis, call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  return analysis.moduleMembersOf(call.callee).some((m) => ERROR_OWNING_CALLS.some(([module, path]) => m.module === module && m.path === path));
}

/**
 * The `ws` servers whose `clients` set an expression is drawn from (spec 8.2: one heartbeat
 * interval over `wss.clients`): the parameter of `wss.clients.forEach((ws) => ...)`, the
 * variable of `for (const ws of wss.clients)` (also over `[...wss.clients]`, `Array.from(...)`).
 */
export function clientsSetServers(analysis: FileAnalysis, node: TSESTree.Node): ServerInfo[] {
  const n = analysis.aliasRoot(node);
  if (n.type !== AST_NODE_TYPES.Identifier) return [];
  const variable = analysis.variableOf(n);
  if (!variable || variable.defs.length !== 1) return [];
  const def = variable.defs[0];
  if (def.type === 'Parameter') {
    const fn = def.node as TSESTree.Node;
    if (!isFunctionNode(fn) || fn.params[0] !== def.name) return [];
    const call = fn.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return [];
    const callee = unwrapExpression(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !ELEMENT_CALLBACK_METHODS.has(getPropertyName(callee) ?? '')) return [];
    return serversOfClientsSet(analysis, callee.object);
  }
  if (def.type === 'Variable') {
    const declarator = def.node as TSESTree.VariableDeclarator;
    const loop = declarator.parent.parent;
    if (loop?.type === AST_NODE_TYPES.ForOfStatement && loop.left === declarator.parent && declarator.id === def.name) {
      return serversOfClientsSet(analysis, loop.right);
    }
  }
  return [];
}

/** `wss.clients`, `[...wss.clients]`, `Array.from(wss.clients)`: the ws servers it is the client set of. */
function serversOfClientsSet(analysis: FileAnalysis, node: TSESTree.Node): ServerInfo[] {
  let n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.ArrayExpression && n.elements.length === 1 && n.elements[0]?.type === AST_NODE_TYPES.SpreadElement) {
    n = unwrapExpression(n.elements[0].argument);
  } else if (n.type === AST_NODE_TYPES.CallExpression && n.arguments[0] && n.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(n.callee) === 'from') {
    const object = unwrapExpression(n.callee.object);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'Array') n = unwrapExpression(n.arguments[0]);
  }
  if (n.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(n) !== 'clients') return [];
  return analysis.serversOf(n.object).filter((server) => server.module === 'ws');
}

/**
 * The WebSockets an element expression may be: a connection of a ws server whose `clients` it
 * iterates, or an element of a registry of the module that holds WebSockets (`this.clients.push(ws)`
 * ... `for (const client of this.clients)`).
 */
export function elementWebSockets(analysis: FileAnalysis, node: TSESTree.Node): SocketInfo[] {
  const servers = clientsSetServers(analysis, node);
  const result = servers.length > 0 ? analysis.sockets.filter((s) => s.kind === 'ws-connection' && s.server !== null && servers.includes(s.server)) : [];
  for (const socket of getRegistries(analysis).elementSockets(node)) if (isWebSocket(socket) && !result.includes(socket)) result.push(socket);
  return result;
}

/**
 * A `createWebSocketStream(ws)` duplex and what becomes of it (spec 8.2, ws-semantics j1): the
 * stream moves the WebSocket's `'error'` to the duplex, so the WebSocket is handled when the
 * duplex goes to `stream.pipeline`/`finished` or gets an `'error'` listener; it is handed on when
 * the duplex is returned, exported, stored or passed to other code; a duplex that is only
 * `pipe`d (pipe forwards no errors) or not used is neither.
 */
export interface WebSocketStream {
  readonly call: TSESTree.CallExpression;
  /** The duplex goes to `pipeline`/`finished`, or has its own `'error'` listener. */
  readonly handled: boolean;
  /** The duplex escapes: returned, exported, stored in a field, passed to other code. */
  readonly escaped: boolean;
}

const streamCache = new WeakMap<FileAnalysis, Map<SocketInfo, WebSocketStream[]>>();

/** The `createWebSocketStream(ws)` duplexes of a WebSocket, found once per file. */
export function webSocketStreamsOf(analysis: FileAnalysis, socket: SocketInfo): readonly WebSocketStream[] {
  let bySocket = streamCache.get(analysis);
  if (!bySocket) {
    bySocket = new Map();
    streamCache.set(analysis, bySocket);
    for (const call of analysis.callsNamed('createWebSocketStream')) {
      if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length === 0) continue;
      if (!analysis.calleeIs(call, 'ws', 'createWebSocketStream')) continue;
      const sockets = analysis.socketsOf(call.arguments[0]).filter(isWebSocket);
      if (sockets.length === 0) continue;
      const fate = { handled: false, escaped: false };
      useOf(analysis, call, fate, 0);
      for (const s of sockets) {
        let list = bySocket.get(s);
        if (!list) bySocket.set(s, (list = []));
        list.push({ call, ...fate });
      }
    }
  }
  return bySocket.get(socket) ?? [];
}

/** Follows one use of the duplex `node` up to where it goes (a call, a binding, a return). */
function useOf(analysis: FileAnalysis, node: TSESTree.Node, fate: { handled: boolean; escaped: boolean }, depth: number): void {
  let current: TSESTree.Node = node;
  let parent = current.parent;
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression ||
      parent.type === AST_NODE_TYPES.AwaitExpression ||
      (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === current) ||
      (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== current))
  ) {
    current = parent;
    parent = current.parent;
  }
  if (!parent) return;
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      if (!parent.arguments.includes(current as TSESTree.CallExpressionArgument)) return;
      if (isErrorOwningCall(analysis, parent)) fate.handled = true;
      else if (!isPipeCall(parent)) fate.escaped = true;
      return;
    }
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== current) return;
      const call = parent.parent;
      const method = getPropertyName(parent);
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent || !method) return;
      if (LISTENER_METHODS.has(method) && analysis.staticStrings(call.arguments[0])?.includes('error')) fate.handled = true;
      // `duplex.on('data', ...).pipe(x)`: the chain keeps the duplex.
      else if (LISTENER_METHODS.has(method) && depth < 4) useOf(analysis, call, fate, depth + 1);
      return;
    }
    case AST_NODE_TYPES.VariableDeclarator:
      if (parent.init === current && parent.id.type === AST_NODE_TYPES.Identifier) followBinding(analysis, parent.id, fate, depth);
      else fate.escaped = true;
      return;
    case AST_NODE_TYPES.AssignmentExpression:
      if (parent.right !== current) return;
      if (parent.left.type === AST_NODE_TYPES.Identifier) followBinding(analysis, parent.left, fate, depth);
      else fate.escaped = true;
      return;
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.ExportDefaultDeclaration:
    case AST_NODE_TYPES.YieldExpression:
      fate.escaped = true;
      return;
    default:
      return;
  }
}

function followBinding(analysis: FileAnalysis, id: TSESTree.Identifier, fate: { handled: boolean; escaped: boolean }, depth: number): void {
  if (depth > 3) {
    fate.escaped = true;
    return;
  }
  const variable = analysis.variableOf(id);
  if (!variable) return;
  const declaration = variable.defs[0]?.node.parent;
  if (declaration?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) fate.escaped = true;
  for (const reference of variable.references) {
    if (!reference.isRead()) continue;
    useOf(analysis, reference.identifier as TSESTree.Node, fate, depth + 1);
  }
}

/** `x.pipe(duplex)`: pipe forwards no errors (spec 0.4). */
function isPipeCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return call.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'pipe';
}

/** The `port`/`server`/`noServer` options of `new WebSocketServer(options)`, when the options are a literal (or a `const` bound to one). */
export function webSocketServerMode(analysis: FileAnalysis, server: ServerInfo): 'listens' | 'noServer' | 'unknown' {
  let options: TSESTree.Node | undefined = server.node.arguments[0];
  if (!options) return 'unknown';
  options = unwrapExpression(options);
  if (options.type === AST_NODE_TYPES.Identifier) {
    const init = analysis.constInit(options);
    if (!init) return 'unknown';
    options = unwrapExpression(init);
  }
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return 'unknown';
  let listens = false;
  for (const property of options.properties) {
    // A spread may add `port`/`server`; only what is written counts.
    if (property.type === AST_NODE_TYPES.SpreadElement) continue;
    const name = getPropertyName(property);
    if (name === 'noServer') {
      const value = unwrapExpression(property.value as TSESTree.Expression);
      // `noServer: false` is a server like any other; a literal `true` or a value we cannot see is not.
      if (!(value.type === AST_NODE_TYPES.Literal && value.value === false)) return 'noServer';
    } else if (name === 'port' || name === 'server') listens = true;
  }
  return listens ? 'listens' : 'unknown';
}

/**
 * Whether a ws server gets an `'error'` listener in this module (`wss.on('error', ...)`, through
 * any alias or field, or chained on the `new` expression), and whether it escapes: returned,
 * exported, or passed to code outside the module, whose new owner may add one.
 */
export function webSocketServerErrorHandling(analysis: FileAnalysis, server: ServerInfo): { listened: boolean; escaped: boolean } {
  let listened = false;
  let escaped = false;
  for (const call of analysis.calls) {
    if (call.type !== AST_NODE_TYPES.CallExpression) continue;
    const callee = unwrapExpression(call.callee);
    if (!listened && callee.type === AST_NODE_TYPES.MemberExpression && LISTENER_METHODS.has(getPropertyName(callee) ?? '')) {
      if (analysis.staticStrings(call.arguments[0])?.includes('error') && analysis.serversOf(callee.object).includes(server)) listened = true;
    }
    if (!escaped && call.arguments.some((arg) => analysis.serversOf(arg).includes(server))) {
      if (analysis.functionsOf(callee).length === 0 && !(callee.type === AST_NODE_TYPES.MemberExpression && analysis.serversOf(callee.object).length > 0)) escaped = true;
    }
  }
  if (!escaped) escaped = analysis.returns.some((ret) => ret.argument && analysis.serversOf(ret.argument).includes(server));
  if (!escaped) {
    escaped = analysis.assignmentExpressions.some((assignment) => {
      const left = assignment.left;
      if (left.type !== AST_NODE_TYPES.MemberExpression) return false;
      const object = unwrapExpression(left.object);
      const exportsTarget =
        (object.type === AST_NODE_TYPES.Identifier && (object.name === 'exports' || (object.name === 'module' && getPropertyName(left) === 'exports'))) ||
        (object.type === AST_NODE_TYPES.MemberExpression && getPropertyName(object) === 'exports');
      return exportsTarget && analysis.serversOf(assignment.right).includes(server);
    });
  }
  let declaration: TSESTree.Node | undefined = server.node.parent;
  while (declaration && declaration.type !== AST_NODE_TYPES.VariableDeclaration && declaration.type !== AST_NODE_TYPES.ExpressionStatement) declaration = declaration.parent;
  if (declaration?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) escaped = true;
  return { listened, escaped };
}
