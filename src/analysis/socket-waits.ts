import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, getPropertyName, isFunctionNode, unwrapExpression } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';
import { LISTENER_METHODS, type SocketInfo } from './model.js';

/** Socket calls whose presence in an awaited helper or promise executor means it waits on the socket. */
const WAITING_METHODS = new Set([...LISTENER_METHODS, 'read', 'end']);
const PROMISE_CHAIN = new Set(['then', 'catch', 'finally']);

/**
 * Whether awaiting `expression` waits on one of `sockets` (spec 5: a wait for the flush, or an
 * awaited reply from the peer read on that socket):
 * - a promise made around the socket's own callbacks or events: `once(socket, 'finish')`,
 *   `new Promise((resolve) => socket.end(resolve))`, `finished(socket)`;
 * - a promise returned by a call that was handed the socket, of this module or another
 *   (`readReply(socket)`), or a reader made from it (`decodeFrame(read)` with
 *   `const read = createAsyncReader(socket)`), also through a binding
 *   (`const reply = readReply(socket); ...; await reply`) and `.then()` or `Promise.race([...])`;
 * - a method of the socket itself, or a same-module function that listens on the socket, reads
 *   it, or writes to it with a completion callback (`await this.readResponse()`).
 * Anything else (a database insert, a log flush, a sleep) does not wait on the socket.
 */
export function awaitsSocket(analysis: FileAnalysis, expression: TSESTree.Node, sockets: ReadonlySet<SocketInfo>): boolean {
  return awaits(analysis, expression, sockets, 0);
}

/**
 * The function (its body, the promise executors and callbacks inside it included) registers a
 * listener on one of `sockets`, reads it, ends it, or writes to it with a completion callback.
 */
export function waitsOnSocket(analysis: FileAnalysis, fn: FunctionNode, sockets: ReadonlySet<SocketInfo>): boolean {
  for (const socket of sockets) {
    for (const c of analysis.callsOn(socket)) {
      if (c.node.range[0] < fn.range[0] || c.node.range[1] > fn.range[1]) continue;
      if (WAITING_METHODS.has(c.method) || ((c.method === 'write' || c.method === 'send') && c.node.arguments.length > 1)) return true;
    }
  }
  return false;
}

function awaits(analysis: FileAnalysis, expression: TSESTree.Node, sockets: ReadonlySet<SocketInfo>, depth: number): boolean {
  if (depth > 3) return false;
  const n = unwrapExpression(expression);
  if (isSocket(analysis, n, sockets)) return true;
  if (n.type === AST_NODE_TYPES.Identifier) {
    const init = singleInit(analysis, n);
    return init !== null && awaits(analysis, init, sockets, depth + 1);
  }
  if (n.type === AST_NODE_TYPES.ArrayExpression) {
    return n.elements.some((e) => e != null && awaits(analysis, e.type === AST_NODE_TYPES.SpreadElement ? e.argument : e, sockets, depth + 1));
  }
  if (n.type === AST_NODE_TYPES.NewExpression) {
    const executor = n.arguments[0];
    return executor !== undefined && isFunctionNode(executor) && waitsOnSocket(analysis, executor, sockets);
  }
  if (n.type !== AST_NODE_TYPES.CallExpression) return false;
  for (const argument of n.arguments) {
    const value = argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument;
    if (isSocket(analysis, value, sockets) || isMadeFromSocket(analysis, value, sockets)) return true;
    // `Promise.race([reply, timeout])`, `Promise.all([...])`.
    if (unwrapExpression(value).type === AST_NODE_TYPES.ArrayExpression && awaits(analysis, value, sockets, depth + 1)) return true;
  }
  const callee = unwrapExpression(n.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    if (isSocket(analysis, callee.object, sockets)) return true;
    if (PROMISE_CHAIN.has(getPropertyName(callee) ?? '') && awaits(analysis, callee.object, sockets, depth + 1)) return true;
  }
  for (const fn of analysis.functionsOf(callee)) {
    for (const reached of analysis.reachableFunctions(fn, 2)) if (waitsOnSocket(analysis, reached, sockets)) return true;
  }
  return false;
}

/** `read` in `const read = createAsyncReader(socket)`: a value a call made from the socket. */
function isMadeFromSocket(analysis: FileAnalysis, node: TSESTree.Node, sockets: ReadonlySet<SocketInfo>): boolean {
  const n = unwrapExpression(node);
  if (n.type !== AST_NODE_TYPES.Identifier) return false;
  const init = singleInit(analysis, n);
  if (!init) return false;
  const call = unwrapExpression(init);
  if (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression) return false;
  return call.arguments.some((a) => isSocket(analysis, a.type === AST_NODE_TYPES.SpreadElement ? a.argument : a, sockets));
}

function isSocket(analysis: FileAnalysis, node: TSESTree.Node, sockets: ReadonlySet<SocketInfo>): boolean {
  return analysis.socketsOf(node).some((s) => sockets.has(s));
}

/** The initializer of a binding that is never re-assigned (`const`, or a `let`/`var` written once). */
export function singleInit(analysis: FileAnalysis, identifier: TSESTree.Identifier): TSESTree.Node | null {
  const variable = analysis.variableOf(identifier);
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0];
  if (def.type !== 'Variable') return null;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return null;
  if (variable.references.some((r) => r.isWrite() && !r.init)) return null;
  return declarator.init;
}
