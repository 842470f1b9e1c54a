import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  type Boundary,
  type BoundaryAnalysis,
  type FileAnalysis,
  type FunctionNode,
  type ServerInfo,
  type SocketEscape,
  type SocketInfo,
  type SocketListener,
  getAnalysis,
  getBoundaries,
  getPropertyName,
  isErrorOwningCall,
  isFunctionNode,
  isWebSocket,
  unwrapExpression,
  webSocketServerErrorHandling,
  webSocketServerMode,
  webSocketStreamsOf,
} from '../analysis/index.js';
import { createRule } from '../create-rule.js';

type MessageIds = 'missingErrorListener' | 'lateErrorListener';

export interface RequireSocketErrorListenerOptions {
  checkEscaping: boolean;
}
type Options = [RequireSocketErrorListenerOptions];

/** Methods that add an `'error'` listener that stays (or stays until the first error). */
const ADDING = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * What the report says, by kind of emitter: a WebSocket's fatal `'error'` comes from one
 * malformed frame or a failed connect, never from a TCP reset, which ws swallows
 * (ws-semantics a1-a4, b1-b5); a WebSocketServer's from its HTTP server (a5, a6).
 */
const MESSAGE_DATA = {
  socket: {
    subject: 'socket',
    cause: 'one reset from the peer (`ECONNRESET`) or a refused connect emits',
    fix: "Add `socket.on('error', ...)`, or hand the socket to `stream.pipeline`.",
  },
  wsConnection: {
    subject: 'WebSocket',
    cause: 'one malformed frame from the peer (an invalid opcode, close code or UTF-8 sequence, an oversized message) makes ws emit',
    fix: "Add `ws.on('error', ...)` (ws closes the connection itself), or hand `createWebSocketStream(ws)` to `stream.pipeline`.",
  },
  wsClient: {
    subject: 'WebSocket',
    cause: 'a refused or rejected connect (`ECONNREFUSED`, an unexpected HTTP status, a handshake timeout) or one malformed frame from the server makes ws emit',
    fix: "Add `ws.on('error', ...)` or `ws.onerror = ...`.",
  },
  wsServer: {
    subject: 'WebSocketServer',
    cause: "a failure of its HTTP server (`EADDRINUSE` on listen), which ws forwards to the WebSocketServer, emits",
    fix: "Add `wss.on('error', ...)`: a listener on the HTTP server does not cover it.",
  },
} as const;

export default createRule<Options, MessageIds>({
  name: 'require-socket-error-listener',
  meta: {
    type: 'problem',
    docs: {
      description: "Require an `'error'` listener on every socket, attached before the first asynchronous boundary",
      recommended: true,
      strictOptions: [{ checkEscaping: false }],
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkEscaping: {
            type: 'boolean',
            description: 'Also check sockets that are returned or handed to code outside this module.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkEscaping: false }],
    messages: {
      missingErrorListener:
        "This {{subject}} has no `'error'` listener: {{cause}} `'error'` with nobody listening, which throws and ends the process. {{fix}}",
      lateErrorListener:
        "This `'error'` listener is added after an asynchronous boundary (line {{line}}): an `'error'` emitted while the code waits there has no listener and ends the process. Add the listener right after the socket is obtained.",
    },
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getAnalysis(context);
        let boundaries: BoundaryAnalysis | null = null;
        let pipelines: TSESTree.CallExpression[] | null = null;
        for (const socket of analysis.sockets) {
          if (!socket.isOrigin || isGuardedByNode(socket)) continue;
          let escapes: readonly SocketEscape[] = analysis.escapesOf(socket);
          if (socket.kind === 'upgrade' && escapes.some((e) => isWebSocketHandOver(analysis, e))) {
            // An upgrade socket handed to `wss.handleUpgrade` only after a wait (an auth `await`, a
            // callback) is unguarded while it waits: ws adds its listener inside handleUpgrade (a7).
            boundaries ??= getBoundaries(context);
            const b = boundaries;
            escapes = escapes.filter((e) => !isWebSocketHandOver(analysis, e) || handOverBoundary(analysis, b, socket, e.node) === null);
          }
          if (!options.checkEscaping && escapes.length > 0) continue;
          const errorListeners = analysis
            .listenersOf(socket, 'error')
            .filter((l) => ADDING.has(l.method) || (l.method === 'addEventListener' && isWebSocket(socket)));
          if (errorListeners.length > 0) {
            boundaries ??= getBoundaries(context);
            const late = lateListener(analysis, boundaries, socket, errorListeners);
            if (late) {
              context.report({
                node: late.listener.registration,
                messageId: 'lateErrorListener',
                data: { line: String(late.boundary.node.loc.start.line) },
              });
            }
            continue;
          }
          if (isWebSocket(socket) && !webSocketUnhandled(analysis, socket, options.checkEscaping)) continue;
          pipelines ??= errorOwningCalls(analysis);
          if (handedToPipeline(analysis, pipelines, socket) || consumedInTry(analysis, socket)) continue;
          const data = socket.kind === 'ws-connection' ? MESSAGE_DATA.wsConnection : socket.kind === 'ws-client' ? MESSAGE_DATA.wsClient : MESSAGE_DATA.socket;
          // Several listeners of one event share the origin: when none of them adds a listener,
          // each is a place the connection goes unguarded (a helper that starts one server per
          // handler gives every handler its own connections).
          for (const node of socket.params.length > 0 ? socket.params : [socket.node]) {
            context.report({ node, messageId: 'missingErrorListener', data });
          }
        }
        for (const server of analysis.servers) {
          if (!needsServerErrorListener(analysis, server, options.checkEscaping)) continue;
          context.report({ node: server.node, messageId: 'missingErrorListener', data: MESSAGE_DATA.wsServer });
        }
      },
    };
  },
});

/**
 * A WebSocket with no `'error'` listener of its own is still handled when it is used through
 * `createWebSocketStream(ws)` whose duplex goes to `pipeline`/`finished` or has its own
 * listener (ws-semantics j1), or handed on when that duplex escapes; `ws.onerror = fn` is a
 * listener too (spec 8.2).
 */
function webSocketUnhandled(analysis: FileAnalysis, socket: SocketInfo, checkEscaping: boolean): boolean {
  if (analysis.propertyHandlersOf(socket, 'error').length > 0) return false;
  for (const stream of webSocketStreamsOf(analysis, socket)) {
    if (stream.handled || (stream.escaped && !checkEscaping)) return false;
  }
  return true;
}

/** `new WebSocketServer({ port })` / `({ server })` with no `'error'` listener (ws-semantics a5, a6); `noServer` needs none. */
function needsServerErrorListener(analysis: FileAnalysis, server: ServerInfo, checkEscaping: boolean): boolean {
  if (server.module !== 'ws' || webSocketServerMode(analysis, server) !== 'listens') return false;
  const handling = webSocketServerErrorHandling(analysis, server);
  return !handling.listened && (checkEscaping || !handling.escaped);
}

/** `wss.handleUpgrade(req, socket, head, cb)` on a ws server: ws takes the connection over. */
function isWebSocketHandOver(analysis: FileAnalysis, escape: SocketEscape): boolean {
  const node = escape.node;
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(node.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    getPropertyName(callee) === 'handleUpgrade' &&
    analysis.serversOf(callee.object).some((server) => server.module === 'ws')
  );
}

/** The boundary every route from the origin to the hand-over crosses, or null when some route is synchronous (or cannot be placed). */
function handOverBoundary(analysis: FileAnalysis, boundaries: BoundaryAnalysis, socket: SocketInfo, node: TSESTree.Node): Boundary | null {
  const origin = originAnchor(socket);
  if (!origin) return null;
  const anchors = anchorsInRun(analysis, boundaries, node, boundaries.runRoot(origin), 0);
  if (anchors === null) return null;
  let first: Boundary | null = null;
  for (const anchor of anchors) {
    const boundary = anchor.boundary ?? separatingBoundary(analysis, boundaries, socket, origin, anchor.node);
    if (!boundary) return null;
    first ??= boundary;
  }
  return first;
}

/**
 * Node attaches its own `'error'` listener to an HTTP server's connections and to the sockets
 * a TLS server accepts (a reset is swallowed there). Upgraded and tunnelled sockets lose it.
 */
function isGuardedByNode(socket: SocketInfo): boolean {
  if (socket.kind === 'http-connection' || socket.kind === 'tls-accepted') return true;
  return socket.server?.module === 'tls' && socket.kind === 'accepted';
}

/** The calls of `pipeline`/`finished` in the file, found once per file (any import form, any alias). */
function errorOwningCalls(analysis: FileAnalysis): TSESTree.CallExpression[] {
  const result: TSESTree.CallExpression[] = [];
  for (const call of analysis.callsNamed('pipeline', 'finished')) {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length === 0) continue;
    if (isErrorOwningCall(analysis, call)) result.push(call);
  }
  return result;
}

function handedToPipeline(analysis: FileAnalysis, calls: readonly TSESTree.CallExpression[], socket: SocketInfo): boolean {
  for (const call of calls) {
    for (const arg of call.arguments) {
      const value = unwrapExpression(arg);
      const items = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
      for (const item of items) if (item && item.type !== AST_NODE_TYPES.SpreadElement && analysis.socketsOf(item).includes(socket)) return true;
    }
  }
  return false;
}

/**
 * `for await (const chunk of socket)` (or of `events.on(socket, 'data')`) inside a `try` with a
 * `catch`: a reset rejects the iteration and the `catch` receives it.
 */
function consumedInTry(analysis: FileAnalysis, socket: SocketInfo): boolean {
  for (const syntax of analysis.boundarySyntax) {
    if (syntax.type !== AST_NODE_TYPES.ForOfStatement) continue;
    let iterated = unwrapExpression(syntax.right);
    if (iterated.type === AST_NODE_TYPES.CallExpression && analysis.calleeIs(iterated, 'events', 'on') && iterated.arguments[0]) {
      iterated = iterated.arguments[0];
    }
    if (!analysis.socketsOf(iterated).includes(socket)) continue;
    if (insideTryWithCatch(syntax)) return true;
  }
  return false;
}

function insideTryWithCatch(node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  while (current.parent && !isFunctionNode(current.parent)) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler) return true;
    current = parent;
  }
  return false;
}

interface LateListener {
  listener: SocketListener;
  boundary: Boundary;
}

/**
 * The first `'error'` registration, when every registration that can be placed in the run that
 * obtains the socket comes after a boundary. Registrations we cannot place (a method called from
 * elsewhere) count as timely: the rule only reports a window it can show.
 */
function lateListener(analysis: FileAnalysis, boundaries: BoundaryAnalysis, socket: SocketInfo, listeners: SocketListener[]): LateListener | null {
  const origin = originAnchor(socket);
  if (!origin) return null;
  let firstLate: LateListener | null = null;
  for (const listener of [...listeners].sort((a, b) => a.registration.range[0] - b.registration.range[0])) {
    const anchors = anchorsInRun(analysis, boundaries, listener.registration, boundaries.runRoot(origin), 0);
    if (anchors === null) return null;
    for (const anchor of anchors) {
      const boundary = anchor.boundary ?? separatingBoundary(analysis, boundaries, socket, origin, anchor.node);
      if (!boundary) return null;
      firstLate ??= { listener, boundary };
    }
  }
  return firstLate;
}

/** Where the socket comes into existence: the `connect(...)` call, or the listener's socket parameter. */
function originAnchor(socket: SocketInfo): TSESTree.Node | null {
  if (socket.call) return socket.call;
  return socket.params[0] ?? null;
}

interface Anchor {
  /** The point in the origin's run that leads to the registration. */
  node: TSESTree.Node;
  /** A boundary already crossed on the way (a continuation holding the registration). */
  boundary: Boundary | null;
}

/**
 * The points of the run `root` that execute `node`: `node` itself when it is in that run, else
 * the calls of the same-module function holding it. Null when some route cannot be placed.
 */
function anchorsInRun(analysis: FileAnalysis, boundaries: BoundaryAnalysis, node: TSESTree.Node, root: TSESTree.Node, depth: number): Anchor[] | null {
  if (boundaries.runRoot(node) === root) return [{ node, boundary: null }];
  if (depth > 3) return null;
  // Inside a listener or continuation nested in the run: it runs only after an event or a tick.
  let owner = boundaries.segmentOwner(node);
  while (isFunctionNode(owner)) {
    // The callback of `net.connect(port, cb)` is a `'connect'` listener.
    const kind = isConnectCallback(analysis, owner) ? 'listener' : boundaries.callbackKind(owner);
    if (kind === 'continuation' || kind === 'listener' || kind === 'interval') {
      if (boundaries.runRoot(owner) === root || (kind !== 'continuation' && boundaries.runRoot(boundaries.segmentOwner(owner)) === root)) {
        return [{ node: owner, boundary: { node: owner, kind: 'continuation', position: owner.body.range[0] } }];
      }
      owner = boundaries.segmentOwner(owner);
      continue;
    }
    break;
  }
  if (!isFunctionNode(owner)) return null;
  const helper: FunctionNode = owner;
  const callers = analysis.callersOf(helper);
  if (callers.length === 0) return null;
  const result: Anchor[] = [];
  for (const call of callers) {
    const anchors = anchorsInRun(analysis, boundaries, call, root, depth + 1);
    if (anchors === null) continue; // a call from another run: says nothing about this origin
    result.push(...anchors);
  }
  return result.length > 0 ? result : null;
}

/**
 * The first boundary between the origin and `after` that is not an awaited
 * `events.once(socket, ...)` on this socket (which listens for `'error'` while it waits).
 */
function separatingBoundary(analysis: FileAnalysis, boundaries: BoundaryAnalysis, socket: SocketInfo, origin: TSESTree.Node, after: TSESTree.Node): Boundary | null {
  let from: TSESTree.Node = origin;
  for (let guard = 0; guard < 64; guard++) {
    const boundary = boundaries.boundaryBetween(from, after);
    if (!boundary) return null;
    if (!isAwaitedOnceOn(analysis, socket, boundary)) return boundary;
    from = boundary.node;
  }
  return null;
}

function isAwaitedOnceOn(analysis: FileAnalysis, socket: SocketInfo, boundary: Boundary): boolean {
  if (boundary.node.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const argument = unwrapExpression(boundary.node.argument);
  if (argument.type !== AST_NODE_TYPES.CallExpression || !analysis.calleeIs(argument, 'events', 'once')) return false;
  return analysis.socketsOf(argument.arguments[0]).includes(socket);
}

/** `cb` in `net.connect(port, cb)` / `tls.connect(options, cb)`: runs on `'connect'`/`'secureConnect'`. */
function isConnectCallback(analysis: FileAnalysis, fn: TSESTree.Node): boolean {
  const parent = fn.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.arguments[parent.arguments.length - 1] !== fn) return false;
  return analysis.sockets.some((socket) => socket.call === parent);
}
