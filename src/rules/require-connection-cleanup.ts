import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  type BoundaryAnalysis,
  type FileAnalysis,
  type FunctionNode,
  type ServerInfo,
  type SocketInfo,
  LISTENER_METHODS,
  contains,
  getAnalysis,
  getBoundaries,
  getCalleeMethodName,
  getPropertyName,
  getStaticString,
  isFunctionNode,
  unwrapExpression,
  walkAst,
} from '../analysis/index.js';
import { getRegistries } from '../analysis/registries.js';
import { createRule } from '../create-rule.js';

type MessageIds = 'intervalNotCleared' | 'intervalClearedOnlyOnEnd' | 'registryNeverPruned' | 'listenerNotRemoved';

/** Sockets a server hands to a connection listener: the per-connection scope of the rule (spec 6.4; ws connections, 8.2). */
const CONNECTION_KINDS = new Set(['accepted', 'tls-accepted', 'http-connection', 'upgrade', 'tunnel', 'ws-connection']);
const CLOSED_STATE = new Set(['destroyed', 'closed', 'readyState', 'writable', 'readable', 'writableEnded', 'readableEnded']);
const REMOVE_METHODS = new Set(['off', 'removeListener', 'removeEventListener']);

export interface RequireConnectionCleanupOptions {
  longLivedEmitters: string[];
}
type Options = [RequireConnectionCleanupOptions];

export default createRule<Options, MessageIds>({
  name: 'require-connection-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require per-connection timers, registry entries and listeners to be released when the connection closes',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        properties: {
          longLivedEmitters: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Emitters that live as long as the process, as written in code (`bus`, `app.events`): per-connection listeners on them must be removed on close. `process`, the server and module-scope `new EventEmitter()` bindings are always included.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ longLivedEmitters: [] }],
    messages: {
      intervalNotCleared:
        "This {{timer}} is started per connection but its handle is never cleared on the socket's `'close'` path: it keeps firing (and keeps the socket and its closure alive) after the connection is gone. Clear it in a `'close'` listener.",
      intervalClearedOnlyOnEnd:
        "This {{timer}} is cleared only on `'end'`, which does not fire when the socket is destroyed by an error or a timeout: clear it on `'close'` (always emitted), or on both `'end'` and `'error'`.",
      registryNeverPruned:
        "This adds a per-connection entry to `{{registry}}`, and nothing in this module ever removes entries from it: every closed connection stays referenced forever. Delete the entry on the socket's `'close'`.",
      listenerNotRemoved:
        "This adds a `'{{event}}'` listener to a long-lived emitter once per connection and never removes it on `'close'`: listeners (and the sockets their closures hold) accumulate for the life of the process. Remove it with `off('{{event}}', listener)` in the socket's `'close'` listener.",
    },
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getAnalysis(context);
        const sockets = analysis.sockets.filter((s) => s.isOrigin && CONNECTION_KINDS.has(s.kind) && s.listeners.length > 0);
        if (sockets.length === 0) return;
        new Checker(context, analysis, getBoundaries(context), new Set(options.longLivedEmitters)).run(sockets);
      },
    };
  },
});

interface Handle {
  variable: TSESLint.Scope.Variable | null;
  /** A member handle's text (`this.timer`), or `*` for a handle passed on to other code. */
  text: string | null;
  property?: string | null;
  objectSockets?: SocketInfo[];
}

interface Scope {
  socket: SocketInfo;
  /** Functions whose code runs per connection: the connection listeners and the helpers they hand the socket to. */
  roots: FunctionNode[];
}

class Checker {
  private readonly reported = new Set<TSESTree.Node>();
  private readonly closePathCache = new Map<SocketInfo, { close: Set<FunctionNode>; end: Set<FunctionNode>; error: Set<FunctionNode> }>();
  private readonly ownerCache = new Map<ServerInfo, unknown[]>();

  constructor(
    private readonly context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
    private readonly analysis: FileAnalysis,
    private readonly boundaries: BoundaryAnalysis,
    private readonly configuredEmitters: ReadonlySet<string>,
  ) {}

  run(sockets: SocketInfo[]): void {
    const helpers = new Map<SocketInfo, FunctionNode[]>();
    for (const handler of this.analysis.handlers.values()) {
      if (!handler.kinds.has('helper')) continue;
      for (const socket of handler.sockets) {
        const list = helpers.get(socket);
        if (list) list.push(handler.fn);
        else helpers.set(socket, [handler.fn]);
      }
    }
    const scopes: Scope[] = sockets.map((socket) => ({ socket, roots: [...new Set([...socket.listeners, ...(helpers.get(socket) ?? [])])] }));
    // Each root function → the scope it belongs to (by index: the first socket wins).
    const scopesOfRoot = new Map<TSESTree.Node, number>();
    scopes.forEach((scope, index) => {
      for (const root of scope.roots) if (!scopesOfRoot.has(root)) scopesOfRoot.set(root, index);
    });
    for (const call of this.analysis.calls) {
      if (call.type !== AST_NODE_TYPES.CallExpression) continue;
      // The innermost connection scope: a WebSocket accepted inside an `'upgrade'` listener
      // (`wss.handleUpgrade(..., (ws) => ...)`) is its own connection, closed on its own `'close'`.
      let best = -1;
      for (let node: TSESTree.Node | undefined = call.parent; node && best === -1; node = node.parent) best = scopesOfRoot.get(node) ?? -1;
      if (best === -1) continue;
      const scope = scopes[best];
      this.checkTimer(call, scope);
      this.checkListener(call, scope);
    }
    this.checkRegistries(scopes);
  }

  // ---------------------------------------------------------------- timers

  private checkTimer(call: TSESTree.CallExpression, scope: Scope): void {
    const callee = unwrapExpression(call.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    if (name !== 'setInterval' && name !== 'setTimeout') return;
    if (callee.type === AST_NODE_TYPES.Identifier && !this.analysis.isGlobalReference(callee) && !this.analysis.moduleMembersOf(callee).some((m) => m.module === 'timers')) return;
    if (callee.type === AST_NODE_TYPES.MemberExpression && !this.isTimersModule(callee.object)) return;
    const callbacks = call.arguments[0] ? this.analysis.functionsOf(call.arguments[0]) : [];
    if (name === 'setTimeout') {
      // Only a timeout that re-arms itself repeats: its callback reaches this very call.
      const rearms = callbacks.some((cb) => contains(cb, call) || [...this.analysis.reachableFunctions(cb, 2)].some((f) => contains(f, call)));
      if (!rearms) return;
    }
    // A callback that stops by itself once the socket is gone (`if (socket.destroyed) return clearInterval(t)`).
    if (callbacks.some((cb) => this.stopsWhenClosed(cb, name))) return;
    const handle = this.handleOf(call);
    const timer = name === 'setInterval' ? '`setInterval`' : 'self-re-arming `setTimeout`';
    if (!handle) {
      this.report(call, 'intervalNotCleared', { timer });
      return;
    }
    const clears = this.clearsOf(handle, call);
    const paths = this.closePaths(scope.socket);
    const onPath = (set: Set<FunctionNode>) => clears.some((clear) => [...set].some((fn) => this.reaches(fn, clear)));
    if (onPath(paths.close)) return;
    const onEnd = onPath(paths.end);
    if (onEnd && onPath(paths.error)) return;
    // A clear in the callback itself: the timer ends its own life (a bounded retry, a state check).
    if (clears.some((clear) => callbacks.some((cb) => contains(cb, clear)))) return;
    this.report(call, onEnd ? 'intervalClearedOnlyOnEnd' : 'intervalNotCleared', { timer });
  }

  private isTimersModule(node: TSESTree.Node): boolean {
    return this.analysis.moduleMembersOf(node).some((m) => m.module === 'timers' && m.path === '');
  }

  /** The callback checks the socket's state and returns or clears: it ends with the connection. */
  private stopsWhenClosed(cb: FunctionNode, timer: string): boolean {
    let checks = false;
    let stops = false;
    walkAst(cb.body, this.analysis.sourceCode.visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.MemberExpression) {
        const name = getPropertyName(node);
        if (name && CLOSED_STATE.has(name)) checks = true;
      }
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrapExpression(node.callee);
        if (callee.type === AST_NODE_TYPES.Identifier && (callee.name === 'clearInterval' || callee.name === 'clearTimeout')) stops = true;
      }
      if (timer === 'setTimeout' && node.type === AST_NODE_TYPES.ReturnStatement) stops = true;
    });
    return checks && stops;
  }

  /** Where the timer's handle is kept: a binding or a member (`this.timer`, `socket.heartbeat`). */
  private handleOf(call: TSESTree.CallExpression): Handle | null {
    let node: TSESTree.Node = call;
    while (node.parent && (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.ChainExpression)) node = node.parent;
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
      return { variable: this.analysis.variableOf(parent.id), text: null };
    }
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) {
      const left = parent.left;
      if (left.type === AST_NODE_TYPES.Identifier) return { variable: this.analysis.variableOf(left), text: null };
      if (left.type === AST_NODE_TYPES.MemberExpression) {
        return { variable: null, text: memberText(this.context, left), property: getPropertyName(left), objectSockets: this.analysis.socketsOf(left.object) };
      }
    }
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
      // Handed to a registry or a helper (`timers.add(setInterval(...))`): assume it is managed there.
      return { variable: null, text: '*' };
    }
    if (parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.ReturnStatement || parent?.type === AST_NODE_TYPES.ArrayExpression) {
      return { variable: null, text: '*' };
    }
    return null;
  }

  private clearsOf(handle: Handle, timerCall: TSESTree.CallExpression): TSESTree.CallExpression[] {
    const result: TSESTree.CallExpression[] = [];
    for (const call of this.analysis.callsNamed('clearInterval', 'clearTimeout', 'close')) {
      if (call.type !== AST_NODE_TYPES.CallExpression || call === timerCall) continue;
      const callee = unwrapExpression(call.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      let target: TSESTree.Node | undefined;
      if (name === 'clearInterval' || name === 'clearTimeout') target = call.arguments[0];
      else if (callee.type === AST_NODE_TYPES.MemberExpression && name === 'close') target = callee.object;
      if (!target) continue;
      if (handle.text === '*') {
        result.push(call);
        continue;
      }
      const t = unwrapExpression(target);
      if (handle.variable && t.type === AST_NODE_TYPES.Identifier && this.analysis.variableOf(t) === handle.variable) result.push(call);
      else if (handle.text && t.type === AST_NODE_TYPES.MemberExpression) {
        if (memberText(this.context, t) === handle.text) result.push(call);
        // `socket.pingTimer` set in the listener, `s.pingTimer` cleared in a helper given the same socket.
        else if (handle.objectSockets?.length && getPropertyName(t) === handle.property && this.analysis.socketsOf(t.object).some((s) => handle.objectSockets!.includes(s))) result.push(call);
      }
    }
    return result;
  }

  /** Functions that run when the socket closes (`'close'`), ends (`'end'`), errors (`'error'`). */
  private closePaths(socket: SocketInfo): { close: Set<FunctionNode>; end: Set<FunctionNode>; error: Set<FunctionNode> } {
    let paths = this.closePathCache.get(socket);
    if (paths) return paths;
    paths = { close: new Set(), end: new Set(), error: new Set() };
    const pathOf = (event: string) => (event === 'close' ? paths!.close : event === 'end' ? paths!.end : event === 'error' ? paths!.error : null);
    for (const listener of this.analysis.listenersOf(socket)) {
      const set = pathOf(listener.event);
      if (set) for (const fn of listener.functions) set.add(fn);
    }
    // A WebSocket's `ws.onclose = fn`, and its underlying socket's `'close'` (ws._socket, req.socket): the same connection closing.
    for (const handler of this.analysis.propertyHandlersOf(socket)) {
      const set = pathOf(handler.event);
      if (set) for (const fn of handler.functions) set.add(fn);
    }
    if (socket.peer) for (const listener of this.analysis.listenersOf(socket.peer, 'close')) for (const fn of listener.functions) paths.close.add(fn);
    // `finished(socket, cb)` / `stream.finished`: runs on close, error or end.
    for (const call of this.analysis.callsNamed('finished')) {
      if (call.type !== AST_NODE_TYPES.CallExpression) continue;
      if (!this.analysis.calleeIs(call, 'stream', 'finished')) continue;
      if (!this.analysis.socketsOf(call.arguments[0]).includes(socket)) continue;
      for (const fn of this.analysis.functionsOf(call.arguments[call.arguments.length - 1])) paths.close.add(fn);
    }
    this.closePathCache.set(socket, paths);
    return paths;
  }

  /** `target` runs when `fn` does: inside it (continuations included) or in a same-module function it calls. */
  private reaches(fn: FunctionNode, target: TSESTree.Node): boolean {
    for (const f of this.analysis.reachableFunctions(fn, 4)) {
      if (contains(f, target)) return true;
    }
    return false;
  }

  // ------------------------------------------------------------- listeners

  private checkListener(call: TSESTree.CallExpression, scope: Scope): void {
    const method = getCalleeMethodName(call);
    if (!method || !LISTENER_METHODS.has(method) || call.arguments.length < 2) return;
    const eventNode = call.arguments[0];
    // A computed event name (`process.once(signal, ...)` over a list of signals) is matched by its text.
    const event = getStaticString(eventNode) ?? this.context.sourceCode.getText(eventNode);
    // Only code of the connection run itself: a nested listener's own registrations repeat per event (no-listener-in-loop).
    const run = this.boundaries.runRoot(call);
    if (!isFunctionNode(run) || !scope.roots.includes(run)) return;
    if (hasSignal(call.arguments[2])) return;
    const emitter = (unwrapExpression(call.callee) as TSESTree.MemberExpression).object;
    if (!this.isLongLived(emitter, scope)) return;
    const emitterText = this.context.sourceCode.getText(emitter);
    const listener = call.arguments[1];
    const paths = this.closePaths(scope.socket);
    const closeFns = [...paths.close, ...paths.end];
    for (const remove of this.analysis.callsNamed(...REMOVE_METHODS, 'removeAllListeners')) {
      if (remove.type !== AST_NODE_TYPES.CallExpression) continue;
      const removeMethod = getCalleeMethodName(remove);
      if (!removeMethod || (!REMOVE_METHODS.has(removeMethod) && removeMethod !== 'removeAllListeners')) continue;
      const removeEmitter = (unwrapExpression(remove.callee) as TSESTree.MemberExpression).object;
      if (this.context.sourceCode.getText(removeEmitter) !== emitterText) continue;
      const removed = remove.arguments[0];
      if (!removed || (getStaticString(removed) ?? this.context.sourceCode.getText(removed)) !== event) continue;
      if (removeMethod !== 'removeAllListeners' && !this.sameListener(listener, remove.arguments[1])) continue;
      if (closeFns.some((fn) => this.reaches(fn, remove))) return;
    }
    this.report(call, 'listenerNotRemoved', { event });
  }

  private sameListener(a: TSESTree.Node, b: TSESTree.Node | undefined): boolean {
    if (!b) return false;
    const x = unwrapExpression(a);
    const y = unwrapExpression(b);
    if (x.type === AST_NODE_TYPES.Identifier && y.type === AST_NODE_TYPES.Identifier) {
      const vx = this.analysis.variableOf(x);
      return vx != null && vx === this.analysis.variableOf(y);
    }
    if (x.type === AST_NODE_TYPES.MemberExpression && y.type === AST_NODE_TYPES.MemberExpression) {
      return memberText(this.context, x) === memberText(this.context, y);
    }
    return false;
  }

  /** `process`, the connection's server, a module-scope `EventEmitter`. */
  private isLongLived(emitter: TSESTree.Expression, scope: Scope): boolean {
    const e = unwrapExpression(emitter);
    if (e.type === AST_NODE_TYPES.Identifier && e.name === 'process' && this.analysis.isGlobalReference(e)) return true;
    if (scope.socket.server && this.analysis.serversOf(e).includes(scope.socket.server)) return true;
    // The object that holds the server (`this.server = net.createServer(...)`, `self` in an ES5
    // constructor, `this` in a class): it lives at least as long as the server does.
    if (scope.socket.server) {
      const owners = this.serverOwners(scope.socket.server);
      if (owners.length > 0 && this.analysis.objectsOf(e).some((key) => owners.includes(key))) return true;
    }
    if (this.configuredEmitters.size > 0 && this.configuredEmitters.has(memberText(this.context, e))) return true;
    if (e.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.analysis.variableOf(e);
    if (!variable || variable.defs.length !== 1) return false;
    const scopeType = variable.scope.type;
    if (scopeType !== 'module' && scopeType !== 'global' && variable.scope.block.type !== AST_NODE_TYPES.Program) return false;
    const init = this.analysis.constInit(e);
    if (init?.type !== AST_NODE_TYPES.NewExpression) return false;
    const callee = unwrapExpression(init.callee);
    if (this.analysis.moduleMembersOf(callee).some((m) => m.module === 'events')) return true;
    return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'EventEmitter';
  }

  /** The module's objects a server is stored in as a field (`this.server = net.createServer(...)`). */
  private serverOwners(server: ServerInfo): unknown[] {
    let owners = this.ownerCache.get(server);
    if (!owners) {
      owners = [];
      let node: TSESTree.Node = server.node;
      while (node.parent?.type === AST_NODE_TYPES.TSAsExpression || node.parent?.type === AST_NODE_TYPES.TSNonNullExpression) node = node.parent;
      const parent = node.parent;
      if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node && parent.left.type === AST_NODE_TYPES.MemberExpression) {
        owners = this.analysis.objectsOf(parent.left.object);
      }
      this.ownerCache.set(server, owners);
    }
    return owners;
  }

  // ------------------------------------------------------------ registries

  private checkRegistries(scopes: Scope[]): void {
    const registries = getRegistries(this.analysis);
    for (const registry of registries.registries) {
      if (!registry.moduleScope || registry.weak || registry.removals.length > 0) continue;
      const name = registry.variable?.name ?? 'registry';
      for (const addition of registry.additions) {
        const held = [...addition.valueSockets, ...addition.keySockets];
        if (!scopes.some((s) => held.includes(s.socket) && s.roots.some((root) => contains(root, addition.node)))) continue;
        this.report(addition.node, 'registryNeverPruned', { registry: name });
      }
    }
  }

  private report(node: TSESTree.Node, messageId: MessageIds, data: Record<string, string>): void {
    if (this.reported.has(node)) return;
    this.reported.add(node);
    this.context.report({ node, messageId, data });
  }
}

function hasSignal(options: TSESTree.Node | undefined): boolean {
  if (!options) return false;
  const n = unwrapExpression(options);
  return n.type === AST_NODE_TYPES.ObjectExpression && n.properties.some((p) => p.type === AST_NODE_TYPES.Property && getPropertyName(p) === 'signal');
}

function memberText(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, node: TSESTree.Node): string {
  return context.sourceCode.getText(node).replace(/\s+|\?/g, '');
}


