import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, findObjectProperty, getPropertyName, unwrapExpression } from './ast.js';
import type { ServerInfo, SocketInfo, SocketKind } from './model.js';
import type { CallLike, FileSyntax } from './syntax.js';

/**
 * The sockets and servers of a file, each made once: where the module obtains them (spec 0.1
 * origins, 8.1 ws), where they are only annotated or typed, and the underlying socket of a
 * WebSocket. Every `SocketInfo` of the analysis is made here.
 */
export class OriginRegistry {
  readonly sockets: SocketInfo[] = [];
  readonly servers: ServerInfo[] = [];
  private readonly byCall = new Map<TSESTree.Node, SocketInfo>();
  private readonly serversByCall = new Map<TSESTree.Node, ServerInfo>();
  private readonly byListener = new Map<string, SocketInfo>();
  /** Called when something new appears, so the flow knows to continue. */
  onNew: () => void = () => {};

  constructor(private readonly syntax: FileSyntax) {}

  callOrigin(call: CallLike, kind: SocketKind): SocketInfo {
    let socket = this.byCall.get(call);
    if (!socket) {
      const wrapsExisting = kind === 'tls-client' && this.wrapsExistingSocket(call);
      socket = this.make({ kind, isOrigin: true, node: call, call, wrapsExisting });
      this.byCall.set(call, socket);
    }
    return socket;
  }

  serverFor(call: CallLike, module: ServerInfo['module']): ServerInfo {
    let server = this.serversByCall.get(call);
    if (!server) {
      server = { id: this.servers.length, module, node: call };
      this.servers.push(server);
      this.serversByCall.set(call, server);
      this.onNew();
    }
    return server;
  }

  serverMadeBy(call: TSESTree.Node): ServerInfo | null {
    return this.serversByCall.get(call) ?? null;
  }

  originMadeBy(call: TSESTree.Node): SocketInfo | null {
    return this.byCall.get(call) ?? null;
  }

  /**
   * The socket a listener of `event` on `server` receives, one per server and event: several
   * listeners of one event receive the same socket. Returns the socket and the parameter index,
   * or null when the event gives no socket.
   */
  listenerOrigin(server: ServerInfo, event: string, fn: FunctionNode, key = `${server.id}:${event}`): SocketInfo | null {
    const shape = listenerSocketShape(server.module, event);
    if (!shape) return null;
    let param: TSESTree.Node | undefined = fn.params[shape.index];
    if (param?.type === AST_NODE_TYPES.AssignmentPattern) param = param.left;
    if (!param || param.type !== AST_NODE_TYPES.Identifier) return null;
    let socket = this.byListener.get(key);
    if (!socket) {
      socket = this.make({ kind: shape.kind, isOrigin: true, node: param, call: null, server });
      this.byListener.set(key, socket);
    }
    if (!socket.listeners.includes(fn)) {
      socket.listeners.push(fn);
      socket.params.push(param);
      this.onNew();
    }
    return socket;
  }

  /** Source order for everything the rules iterate: the flow finds things in its own order. */
  sortBySource(): void {
    this.sockets.sort((a, b) => a.node.range[0] - b.node.range[0] || a.id - b.id);
    this.servers.sort((a, b) => a.node.range[0] - b.node.range[0] || a.id - b.id);
    for (const socket of this.sockets) {
      if (socket.listeners.length < 2) continue;
      const pairs = socket.listeners.map((fn, i) => [fn, socket.params[i]] as const).sort((a, b) => a[0].range[0] - b[0].range[0]);
      socket.listeners.splice(0, socket.listeners.length, ...pairs.map((p) => p[0]));
      socket.params.splice(0, socket.params.length, ...pairs.map((p) => p[1] as TSESTree.Identifier));
      if (socket.call === null) (socket as { node: TSESTree.Node }).node = socket.params[0];
    }
  }

  annotated(identifier: TSESTree.Identifier): SocketInfo {
    return this.make({ kind: 'annotated', isOrigin: false, node: identifier, call: null });
  }

  typed(node: TSESTree.Node): SocketInfo {
    return this.make({ kind: 'typed', isOrigin: false, node, call: null });
  }

  /** `ws._socket` / `req.socket`: the WebSocket's own `net.Socket`, not an origin (ws guards it). */
  underlying(ws: SocketInfo): SocketInfo {
    if (!ws.peer) {
      const socket = this.make({ kind: 'ws-underlying', isOrigin: false, node: ws.node, call: null, server: ws.server });
      socket.peer = ws;
      ws.peer = socket;
    }
    return ws.peer;
  }

  private make(fields: { kind: SocketKind; isOrigin: boolean; node: TSESTree.Node; call: CallLike | null; server?: ServerInfo | null; wrapsExisting?: boolean }): SocketInfo {
    const socket: SocketInfo = {
      id: this.sockets.length,
      kind: fields.kind,
      isOrigin: fields.isOrigin,
      node: fields.node,
      params: [],
      listeners: [],
      call: fields.call,
      server: fields.server ?? null,
      wrapsExisting: fields.wrapsExisting ?? false,
    };
    this.sockets.push(socket);
    this.onNew();
    return socket;
  }

  /**
   * `tls.connect({ socket })` and `new tls.TLSSocket(existing)` wrap a socket that already
   * exists, with the options built in any way (spec 0.4): a literal, a `const` binding,
   * `Object.assign`, a spread, or member assignments (`opts.socket = raw`, after a `for…in` copy).
   */
  private wrapsExistingSocket(call: CallLike): boolean {
    if (call.type === AST_NODE_TYPES.NewExpression) return call.arguments.length > 0;
    return call.arguments.some((arg) => this.optionsHaveSocket(arg, 0));
  }

  optionsHaveSocket(node: TSESTree.Node, depth: number): boolean {
    if (depth > 3) return false;
    const n = unwrapExpression(node);
    if (findObjectProperty(n, 'socket')) return true;
    if (n.type === AST_NODE_TYPES.Identifier) {
      const variable = this.syntax.variableOf(n);
      if (!variable) return false;
      for (const reference of variable.references) {
        const parent = reference.identifier.parent;
        // `opts.socket = raw`
        if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier && getPropertyName(parent) === 'socket') {
          const assignment = parent.parent;
          if (assignment?.type === AST_NODE_TYPES.AssignmentExpression && assignment.left === parent) return true;
        }
      }
      for (const def of variable.defs) {
        const init = def.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
        if (init && this.optionsHaveSocket(init, depth + 1)) return true;
      }
      return false;
    }
    if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(n.callee) === 'assign') {
      return n.arguments.some((arg) => this.optionsHaveSocket(arg, depth + 1));
    }
    if (n.type === AST_NODE_TYPES.ObjectExpression) {
      return n.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement && this.optionsHaveSocket(p.argument, depth + 1));
    }
    return false;
  }
}

/** Which listener parameter is a socket for an event of a server (spec 0.1, 8.1). */
export function listenerSocketShape(module: ServerInfo['module'], event: string): { kind: SocketKind; index: number } | null {
  if (module === 'net') return event === 'connection' ? { kind: 'accepted', index: 0 } : null;
  if (module === 'tls') {
    if (event === 'secureConnection') return { kind: 'tls-accepted', index: 0 };
    if (event === 'connection') return { kind: 'accepted', index: 0 };
    return null;
  }
  if (module === 'ws') return event === 'connection' ? { kind: 'ws-connection', index: 0 } : null;
  if (event === 'connection' || event === 'secureConnection') return { kind: 'http-connection', index: 0 };
  if (event === 'upgrade') return { kind: 'upgrade', index: 1 };
  if (event === 'connect') return { kind: 'tunnel', index: 1 };
  return null;
}
