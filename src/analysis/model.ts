import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast.js';

/** Node.js modules whose bindings the analysis resolves. */
export type NodeModuleName =
  | 'net'
  | 'tls'
  | 'http'
  | 'https'
  | 'http2'
  | 'events'
  | 'stream'
  | 'stream/promises'
  | 'readline'
  | 'readline/promises'
  | 'timers'
  | 'timers/promises'
  | 'util'
  | 'string_decoder'
  | 'fs'
  | 'dgram'
  | 'child_process'
  | 'assert'
  | 'assert/strict'
  | 'ws';

export const TRACKED_MODULES: ReadonlySet<string> = new Set<NodeModuleName>([
  'net',
  'tls',
  'http',
  'https',
  'http2',
  'events',
  'stream',
  'stream/promises',
  'readline',
  'readline/promises',
  'timers',
  'timers/promises',
  'util',
  'string_decoder',
  'fs',
  'dgram',
  'child_process',
  'assert',
  'assert/strict',
  'ws',
]);

/** Modules whose binding makes a file worth analysing: they give sockets or servers. */
export const SOCKET_MODULES: ReadonlySet<string> = new Set(['net', 'tls', 'http', 'https', 'http2', 'ws']);

/**
 * How a socket was obtained. The kind decides which duties apply: Node itself guards
 * `http-connection` and `tls-accepted` sockets with an `'error'` listener, and HTTP's
 * timeouts cover `http-connection` sockets but not upgraded or tunnelled ones.
 */
export type SocketKind =
  /** first parameter of a `net` connection listener */
  | 'accepted'
  /** first parameter of a `tls` server's secure-connection listener */
  | 'tls-accepted'
  /** `'connection'` of an http/https/http2 server */
  | 'http-connection'
  /** `'upgrade'` of an http server: HTTP no longer guards it */
  | 'upgrade'
  /** `'connect'` (CONNECT tunnel) of an http server */
  | 'tunnel'
  /** `net.connect`, `net.createConnection`, `new net.Socket` */
  | 'client'
  /** `tls.connect`, `new tls.TLSSocket` */
  | 'tls-client'
  /** a configured `socketFactories` call */
  | 'factory'
  /** a parameter or variable annotated as a socket: a socket, not an origin */
  | 'annotated'
  /** an expression typed `net.Socket` by the type checker: a socket, not an origin */
  | 'typed'
  /** the WebSocket of a `ws` server's `'connection'` listener or `handleUpgrade` callback (spec 8.1) */
  | 'ws-connection'
  /** `new WebSocket(url)` with `WebSocket` from `ws` */
  | 'ws-client'
  /** `ws._socket`, or `req.socket` of a ws `'connection'` listener: the connection's own `net.Socket` */
  | 'ws-underlying';

/** The socket kinds of the `ws` package's WebSockets (message-based: `send`, `terminate`, `bufferedAmount`). */
export function isWebSocket(socket: SocketInfo): boolean {
  return socket.kind === 'ws-connection' || socket.kind === 'ws-client';
}

export interface ServerInfo {
  readonly id: number;
  readonly module: 'net' | 'tls' | 'http' | 'https' | 'http2' | 'ws';
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
}

export interface SocketInfo {
  readonly id: number;
  readonly kind: SocketKind;
  /** Whether this module obtains the socket itself (spec 0.1: an origin). */
  readonly isOrigin: boolean;
  /** Where reports about the socket as a whole go. */
  readonly node: TSESTree.Node;
  /** For listener origins: the socket parameter of every listener that receives it. */
  readonly params: TSESTree.Identifier[];
  /** For listener origins: the listener functions (every listener of the event). */
  readonly listeners: FunctionNode[];
  /** For `connect(...)`/`new Socket(...)` origins: the call. */
  readonly call: TSESTree.CallExpression | TSESTree.NewExpression | null;
  readonly server: ServerInfo | null;
  /** `new tls.TLSSocket(existing)` or `tls.connect({ socket })`: the idle timeout belongs to the wrapped socket. */
  readonly wrapsExisting: boolean;
  /** For a WebSocket: its underlying `net.Socket` (`ws._socket`), made on first use. For `ws-underlying`: the WebSocket. */
  peer?: SocketInfo;
}

export const LISTENER_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
]);

export const REMOVE_LISTENER_METHODS: ReadonlySet<string> = new Set([
  'off',
  'removeListener',
  'removeEventListener',
  'removeAllListeners',
]);

/** A method call whose receiver is a known socket. */
export interface SocketCall {
  readonly socket: SocketInfo;
  readonly node: TSESTree.CallExpression;
  readonly method: string;
  readonly receiver: TSESTree.Expression;
}

/** `socket.on(event, listener)` and its siblings. */
export interface SocketListener {
  readonly socket: SocketInfo;
  readonly event: string;
  readonly method: string;
  readonly registration: TSESTree.CallExpression;
  /** The listener expression as written. */
  readonly listenerNode: TSESTree.Node | null;
  /** The functions it resolves to in this module (an inline function, a named function, a `.bind`). */
  readonly functions: FunctionNode[];
}

/** `ws.onerror = fn` (WebSocket event-handler properties, spec 8.2): a listener set by assignment. */
export interface SocketPropertyHandler {
  readonly socket: SocketInfo;
  readonly event: string;
  readonly assignment: TSESTree.AssignmentExpression;
  readonly functions: FunctionNode[];
}

export type EscapeReason = 'returned' | 'exported' | 'passed' | 'stored';

export interface SocketEscape {
  readonly socket: SocketInfo;
  readonly node: TSESTree.Node;
  readonly reason: EscapeReason;
}

export type HandlerKind = 'connection' | 'socket-event' | 'helper';

export interface HandlerInfo {
  readonly fn: FunctionNode;
  readonly kinds: Set<HandlerKind>;
  /** Socket events this function listens to (`data`, `close`, ...). */
  readonly events: Set<string>;
  readonly sockets: Set<SocketInfo>;
  /**
   * Runs many times: connection listeners, `data`/`readable` listeners, interval callbacks.
   * Whether a run can overlap an earlier run *for the same socket* is `reentrantPerSocket`.
   */
  repeating: boolean;
  /** An async `data`/`readable` listener: two events, two overlapping runs on one socket. */
  reentrantPerSocket: boolean;
}
