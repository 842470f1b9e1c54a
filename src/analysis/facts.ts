import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { ARRAY_ITERATION_METHODS, type FunctionNode, enclosingFunction, getCalleeMethodName, getPropertyName, isFunctionNode, unwrapExpression } from './ast.js';
import { isLoop } from './boundaries.js';
import { CHAINABLE_METHODS } from './flow.js';
import {
  type HandlerInfo,
  LISTENER_METHODS,
  type SocketCall,
  type SocketEscape,
  type SocketInfo,
  type SocketListener,
  type SocketPropertyHandler,
} from './model.js';
import { parameterIdentifier } from './statics.js';
import type { CallLike, Variable } from './syntax.js';
import { pushTo } from './values.js';

/** Built-in modules none of whose functions keep what they are given (`assert.ok(socket)` only tests it). */
const NON_OWNING_MODULES: ReadonlySet<string> = new Set(['util', 'timers', 'assert', 'assert/strict']);

/** Calls that take a socket without taking ownership of it (spec 0.4). */
const NON_OWNING_MODULE_FUNCTIONS = new Set([
  'readline.createInterface',
  'events.once',
  'events.on',
  'events.getEventListeners',
  'events.setMaxListeners',
  'stream.pipeline',
  'stream.finished',
  'stream/promises.pipeline',
  'stream/promises.finished',
  'stream.addAbortSignal',
  'ws.createWebSocketStream',
]);
const NON_OWNING_GLOBALS = new Set(['console', 'util', 'JSON', 'Object', 'Array', 'Reflect', 'Math', 'String', 'Number', 'Boolean']);
/** Container and stream methods that store or forward a socket without taking it over. */
const NON_OWNING_METHODS = new Set([
  'set',
  'add',
  'push',
  'unshift',
  'delete',
  'has',
  'get',
  'indexOf',
  'includes',
  'lastIndexOf',
  'splice',
  'pipe',
  'unpipe',
  'log',
  'debug',
  'info',
  'warn',
  'error',
  'trace',
  'assert',
]);
/** Server methods that hand a connection over to a library (spec 0.4). */
const OWNING_SERVER_METHODS = new Set(['handleUpgrade', 'emit']);
/** Callers that ignore what their callback returns. */
const DROPPING_CALLERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'nextTick', 'forEach']);

/** What the facts need from the rest of the analysis. */
export interface FactSources {
  readonly touched: ReadonlySet<TSESTree.Node>;
  readonly calls: readonly CallLike[];
  readonly returns: readonly TSESTree.ReturnStatement[];
  readonly assignments: readonly TSESTree.AssignmentExpression[];
  readonly declarators: readonly TSESTree.VariableDeclarator[];
  readonly functions: readonly FunctionNode[];
  readonly program: TSESTree.Program;
  readonly sockets: readonly SocketInfo[];
  socketsOf(node: TSESTree.Node, askTypes?: boolean): SocketInfo[];
  /** Sockets of the value itself, origins only (annotated and typed sockets never escape). */
  originSocketsOf(node: TSESTree.Node): SocketInfo[];
  functionsOf(node: TSESTree.Node): FunctionNode[];
  /** The module's object kinds an expression may be an instance of (classes, constructor functions, literals). */
  objectsOf(node: TSESTree.Node): unknown[];
  staticStrings(node: TSESTree.Node | undefined): string[] | null;
  localTargets(call: CallLike): FunctionNode[];
  calleeKinds(call: CallLike): { local: boolean; modules: { module: string; path: string }[]; socketOrServer: boolean; servers: { module: string }[] };
  /** Sockets reached through a wrapper object's forwarding method (`w.on(...)` → `this._sock.on(...)`). */
  forwardedSockets(call: TSESTree.CallExpression, method: string): SocketInfo[];
  readonly forwardedMethodNames: ReadonlySet<string>;
  readonly askTypesForCalls: boolean;
  callsNamed(...names: string[]): readonly CallLike[];
  variableOf(identifier: TSESTree.Identifier): Variable | null;
  isGlobalReference(identifier: TSESTree.Identifier): boolean;
  variableSockets(variable: Variable): SocketInfo[];
  /** Parameters holding sockets, with those sockets. */
  socketParameters(): Iterable<[Variable, SocketInfo[]]>;
  isTlsOptionsObject(node: TSESTree.Node): boolean;
}

export interface SocketFacts {
  readonly socketCalls: SocketCall[];
  readonly listeners: SocketListener[];
  readonly propertyHandlers: SocketPropertyHandler[];
  readonly escapes: SocketEscape[];
  readonly handlers: Map<FunctionNode, HandlerInfo>;
  readonly socketCallsByNode: Map<TSESTree.Node, SocketCall[]>;
  readonly socketCallsByFunction: Map<FunctionNode, SocketCall[]>;
}

/**
 * Calls whose receiver is worth a type lookup when provenance says nothing. A typed socket is
 * never an origin (spec 0.1), so the error-listener and timeout questions never depend on it:
 * what rules ask of it is its writes and closes, its `'data'`-side listeners, and listeners
 * added in loops. Each lookup can make the checker infer a whole class (1 ms or more on the
 * corpus), and `on`/`emit` are called on every emitter of a file: those are not asked about.
 */
const TYPE_LOOKUP_METHODS = new Set(['write', 'end', 'destroy', 'destroySoon', 'resetAndDestroy', 'pipe', 'setTimeout']);
const TYPE_LOOKUP_LISTENER_EVENTS = new Set(['data', 'readable', 'drain', 'timeout', 'connect', 'secureConnect']);

function worthTypeLookup(call: TSESTree.CallExpression, method: string): boolean {
  if (TYPE_LOOKUP_METHODS.has(method)) return true;
  if (!LISTENER_METHODS.has(method)) return false;
  const event = call.arguments[0];
  if (event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' && TYPE_LOOKUP_LISTENER_EVENTS.has(event.value)) return true;
  return insideLoop(call);
}

/** A loop body, or a callback of an array iteration, before the enclosing function's boundary. */
function insideLoop(node: TSESTree.Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (isLoop(parent)) return true;
    if (isFunctionNode(parent)) {
      const outer = parent.parent;
      return outer?.type === AST_NODE_TYPES.CallExpression && ARRAY_ITERATION_METHODS.has(getCalleeMethodName(outer) ?? '');
    }
  }
  return false;
}

/**
 * The per-socket facts rules query (spec 0.1-0.4): method calls on sockets, listener
 * registrations (literal event lists spelled out), escapes, handlers. Read from the edges the
 * flow touched: an edge it never reached cannot involve a socket.
 */
export function collectFacts(src: FactSources): SocketFacts {
  const facts: SocketFacts = {
    socketCalls: [],
    listeners: [],
    propertyHandlers: [],
    escapes: [],
    handlers: new Map(),
    socketCallsByNode: new Map(),
    socketCallsByFunction: new Map(),
  };
  // Only the edges the flow reached can involve a socket: read them, in source order, instead
  // of every call and assignment of the file (plus, with type information, every call of a
  // socket method name, and calls of methods that wrappers forward to a socket).
  const touched = touchedEdges(src.touched);
  const forwarded = src.forwardedMethodNames;
  const extra: CallLike[] = [];
  if (src.askTypesForCalls) extra.push(...src.callsNamed(...TYPE_LOOKUP_METHODS, ...LISTENER_METHODS));
  if (forwarded.size > 0) extra.push(...src.callsNamed(...forwarded));
  const calls = extra.length > 0 ? mergeBySource(touched.calls, extra) : touched.calls;
  for (const call of calls) {
    const reached = src.touched.has(call);
    if (call.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrapExpression(call.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      if (method && callee.type === AST_NODE_TYPES.MemberExpression) {
        const askTypes = src.askTypesForCalls && worthTypeLookup(call, method);
        let sockets = reached || askTypes ? src.socketsOf(callee.object, askTypes) : [];
        if (forwarded.has(method)) sockets = [...new Set([...sockets, ...src.forwardedSockets(call, method)])];
        for (const socket of sockets) recordCall(src, facts, socket, call, method, callee.object);
      }
    }
    if (reached) collectEscapesThroughArguments(src, facts, call);
  }
  for (const assignment of touched.assignments) {
    const left = assignment.left;
    if (assignment.operator !== '=' || left.type !== AST_NODE_TYPES.MemberExpression) continue;
    const name = getPropertyName(left);
    if (!name || !/^on[a-z]+$/.test(name)) continue;
    const functions = src.functionsOf(assignment.right);
    for (const socket of src.socketsOf(left.object)) facts.propertyHandlers.push({ socket, event: name.slice(2), assignment, functions });
  }
  collectEscapesThroughReturnsAndExports(src, facts, touched);
  collectHandlers(src, facts);
  return facts;
}

interface TouchedEdges {
  calls: CallLike[];
  assignments: TSESTree.AssignmentExpression[];
  returns: TSESTree.ReturnStatement[];
  declarators: TSESTree.VariableDeclarator[];
  arrows: TSESTree.ArrowFunctionExpression[];
}

function touchedEdges(touched: ReadonlySet<TSESTree.Node>): TouchedEdges {
  const edges: TouchedEdges = { calls: [], assignments: [], returns: [], declarators: [], arrows: [] };
  for (const node of touched) {
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        edges.calls.push(node);
        break;
      case AST_NODE_TYPES.AssignmentExpression:
        edges.assignments.push(node);
        break;
      case AST_NODE_TYPES.ReturnStatement:
        edges.returns.push(node);
        break;
      case AST_NODE_TYPES.VariableDeclarator:
        edges.declarators.push(node);
        break;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        edges.arrows.push(node);
        break;
      default:
        break;
    }
  }
  const bySource = (a: TSESTree.Node, b: TSESTree.Node) => a.range[0] - b.range[0] || b.range[1] - a.range[1];
  edges.calls.sort(bySource);
  edges.assignments.sort(bySource);
  edges.returns.sort(bySource);
  edges.declarators.sort(bySource);
  edges.arrows.sort(bySource);
  return edges;
}

/** Two source-ordered lists of calls as one, without repeats. */
function mergeBySource(a: readonly CallLike[], b: readonly CallLike[]): CallLike[] {
  const all = [...new Set([...a, ...b])];
  return all.sort((x, y) => x.range[0] - y.range[0] || y.range[1] - x.range[1]);
}

function recordCall(src: FactSources, facts: SocketFacts, socket: SocketInfo, call: TSESTree.CallExpression, method: string, receiver: TSESTree.Expression): void {
  const fact: SocketCall = { socket, node: call, method, receiver };
  facts.socketCalls.push(fact);
  pushTo(facts.socketCallsByNode, call, fact);
  const fn = enclosingFunction(call);
  if (fn) pushTo(facts.socketCallsByFunction, fn, fact);
  if (!LISTENER_METHODS.has(method)) return;
  const events = src.staticStrings(call.arguments[0]);
  if (!events) return;
  const listenerNode = call.arguments[1] ?? null;
  const functions = listenerNode ? src.functionsOf(listenerNode) : [];
  for (const event of events) facts.listeners.push({ socket, event, method, registration: call, listenerNode, functions });
}

function collectEscapesThroughArguments(src: FactSources, facts: SocketFacts, call: CallLike): void {
  if (call.arguments.length === 0) return;
  let passed: SocketInfo[] | null = null;
  let untracked = false;
  let targets: FunctionNode[] | null = null;
  call.arguments.forEach((arg, index) => {
    const sockets = socketsInside(src, arg);
    if (sockets.length === 0) return;
    (passed ??= []).push(...sockets);
    // A local function follows the socket only through a plain parameter at that position:
    // `(...args) => cb(...args)` forwards it to code we cannot see.
    targets ??= src.localTargets(call);
    if (targets.some((fn) => !fn.params[index] || !parameterIdentifier(fn.params[index]))) untracked = true;
  });
  if (!passed) return;
  if (!untracked && isNonOwningCallee(src, call)) return;
  for (const socket of passed as SocketInfo[]) facts.escapes.push({ socket, node: call, reason: 'passed' });
}

/**
 * Sockets a returned value hands to the caller. An object literal with methods is one of the
 * module's objects (spec 0.4): the sockets in its fields stay its own, whether the literal is
 * returned directly or through a binding; a plain record (`{ socket, id }`) hands them over.
 */
function returnedSockets(src: FactSources, node: TSESTree.Node): SocketInfo[] {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.ObjectExpression && n.properties.some((p) => p.type === AST_NODE_TYPES.Property && isFunctionNode(unwrapExpression(p.value)))) return [];
  return socketsInside(src, n);
}

/** Sockets an argument carries: itself, or inside an object or array literal. */
function socketsInside(src: FactSources, node: TSESTree.Node): SocketInfo[] {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.ObjectExpression) {
    const result: SocketInfo[] = [];
    for (const prop of n.properties) {
      if (prop.type === AST_NODE_TYPES.Property) result.push(...socketsInside(src, prop.value));
      else result.push(...src.originSocketsOf(prop.argument));
    }
    return result;
  }
  if (n.type === AST_NODE_TYPES.ArrayExpression) {
    const result: SocketInfo[] = [];
    for (const element of n.elements) if (element) result.push(...socketsInside(src, element));
    return result;
  }
  if (n.type === AST_NODE_TYPES.SpreadElement) return src.originSocketsOf(n.argument);
  return src.originSocketsOf(n);
}

function isNonOwningCallee(src: FactSources, call: CallLike): boolean {
  const callee = unwrapExpression(call.callee);
  const kinds = src.calleeKinds(call);
  for (const value of kinds.modules) {
    const key = `${value.module}.${value.path}`;
    if (NON_OWNING_MODULE_FUNCTIONS.has(key) || NON_OWNING_MODULES.has(value.module)) return true;
    // `tls.connect({ socket })` and `new tls.TLSSocket(socket)` take the connection over.
    return false;
  }
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  // `wss.handleUpgrade(req, socket, ...)`, `wss.emit('connection', ws, req)`: the ws server takes it.
  if (method && OWNING_SERVER_METHODS.has(method) && kinds.servers.some((s) => s.module === 'ws')) return false;
  if (kinds.socketOrServer || kinds.local) return true;
  // `localFn.bind(this, socket)`: the bound function is the module's own.
  if (method === 'bind' && callee.type === AST_NODE_TYPES.MemberExpression && src.functionsOf(callee.object).length > 0) return true;
  // `sock[m].apply(sock, arguments)`, `sock.write.call(sock, x)`: the socket's own method, run on it.
  if ((method === 'apply' || method === 'call') && callee.type === AST_NODE_TYPES.MemberExpression && call.arguments[0]) {
    const fn = unwrapExpression(callee.object);
    if (fn.type === AST_NODE_TYPES.MemberExpression) {
      const owners = src.originSocketsOf(fn.object);
      if (owners.length > 0 && src.originSocketsOf(call.arguments[0]).every((s) => owners.includes(s))) return true;
    }
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const object = unwrapExpression(callee.object);
    if (object.type === AST_NODE_TYPES.Identifier && NON_OWNING_GLOBALS.has(object.name) && src.isGlobalReference(object)) return true;
    if (method && NON_OWNING_METHODS.has(method)) return true;
    // Methods of sockets themselves (`other.pipe(socket)`, `socket.write`) never take ownership.
    if (src.originSocketsOf(object).length > 0) return true;
  }
  if (callee.type === AST_NODE_TYPES.Identifier && ['clearTimeout', 'clearInterval', 'setImmediate', 'setTimeout', 'queueMicrotask'].includes(callee.name)) {
    return true;
  }
  return false;
}

function collectEscapesThroughReturnsAndExports(src: FactSources, facts: SocketFacts, touched: TouchedEdges): void {
  for (const ret of touched.returns) {
    if (!ret.argument) continue;
    const fn = enclosingFunction(ret);
    if (!fn || isInternalFunction(src, fn)) continue;
    for (const socket of returnedSockets(src, ret.argument)) facts.escapes.push({ socket, node: ret, reason: 'returned' });
  }
  for (const fn of touched.arrows) {
    if (fn.expression && !isInternalFunction(src, fn) && !returnValueIsDropped(fn)) {
      for (const socket of returnedSockets(src, fn.body)) facts.escapes.push({ socket, node: fn.body, reason: 'returned' });
    }
  }
  for (const assignment of touched.assignments) {
    const left = assignment.left;
    if (left.type !== AST_NODE_TYPES.MemberExpression) continue;
    const sockets = socketsInside(src, assignment.right);
    if (sockets.length === 0) continue;
    const object = unwrapExpression(left.object);
    if (isExportsTarget(object) || (object.type === AST_NODE_TYPES.Identifier && object.name === 'module' && getPropertyName(left) === 'exports')) {
      for (const socket of sockets) facts.escapes.push({ socket, node: assignment, reason: 'exported' });
      continue;
    }
    if (object.type === AST_NODE_TYPES.ThisExpression) continue;
    // A field of one of the module's objects: the flow follows it. `opts.socket = raw` for a TLS wrapper is no escape either.
    if (src.isTlsOptionsObject(object)) continue;
    if (object.type === AST_NODE_TYPES.Identifier) {
      const variable = src.variableOf(object);
      if (variable && (isModuleScope(variable.scope) || src.variableSockets(variable).length > 0)) continue;
    }
    if (hasLocalObject(src, object)) continue;
    for (const socket of sockets) facts.escapes.push({ socket, node: assignment, reason: 'stored' });
  }
  for (const declarator of touched.declarators) {
    if (!declarator.init) continue;
    if (declarator.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      for (const socket of socketsInside(src, declarator.init)) facts.escapes.push({ socket, node: declarator, reason: 'exported' });
    }
  }
  for (const statement of src.program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && !isFunctionNode(statement.declaration)) {
      for (const socket of socketsInside(src, statement.declaration)) facts.escapes.push({ socket, node: statement, reason: 'exported' });
    }
  }
}

/**
 * `object` in `object.field = socket` is one of the module's own objects (or functions or
 * classes), so the flow follows the field. `this.ctx.socket = s` with `this.ctx` an instance of
 * another module's class is not: the object the socket goes into is `this.ctx`, not `this`.
 */
function hasLocalObject(src: FactSources, object: TSESTree.Node): boolean {
  if (src.objectsOf(object).length > 0) return true;
  const n = unwrapExpression(object);
  if (n.type === AST_NODE_TYPES.MemberExpression) return false;
  return src.calleeKinds({ type: AST_NODE_TYPES.CallExpression, callee: object, arguments: [] } as unknown as CallLike).local;
}

function isModuleScope(scope: Variable['scope']): boolean {
  return scope.type === 'global' || scope.type === 'module' || scope.block.type === AST_NODE_TYPES.Program;
}

/**
 * A function whose result stays in this module: a non-exported named function (or
 * function-valued binding) used only as a callee here, so the flow follows its result.
 */
function isInternalFunction(src: FactSources, fn: FunctionNode): boolean {
  let variable: Variable | null = null;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) variable = src.variableOf(fn.id);
  else if (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) variable = src.variableOf(fn.parent.id);
  else if (fn.parent?.type === AST_NODE_TYPES.MethodDefinition || fn.parent?.type === AST_NODE_TYPES.PropertyDefinition) {
    // A private method (`#open()`) is internal.
    return getPropertyName(fn.parent)?.startsWith('#') ?? false;
  }
  if (!variable) return false;
  for (const def of variable.defs) {
    let parent: TSESTree.Node | undefined = def.node.parent;
    if (def.node.type === AST_NODE_TYPES.VariableDeclarator) parent = def.node.parent.parent;
    if (parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return false;
  }
  let calls = 0;
  for (const reference of variable.references) {
    const id = reference.identifier;
    if (id === (fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id : null) || reference.init) continue;
    const parent = id.parent;
    if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.callee === id) calls++;
    else return false;
  }
  return calls > 0;
}

/**
 * `socket.on('connect', () => socket.setTimeout(0))`: the arrow's value is a by-product of a
 * chainable call, or is dropped by the emitter or timer that runs it. Neither hands the socket over.
 */
function returnValueIsDropped(fn: TSESTree.ArrowFunctionExpression): boolean {
  const body = unwrapExpression(fn.body);
  if (body.type === AST_NODE_TYPES.CallExpression) {
    const method = getCalleeMethodName(body);
    if (method && CHAINABLE_METHODS.has(method)) return true;
  }
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(fn)) {
    const callee = unwrapExpression(parent.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : getCalleeMethodName(parent);
    if (name && (LISTENER_METHODS.has(name) || DROPPING_CALLERS.has(name))) return true;
  }
  return false;
}

function isExportsTarget(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === 'exports';
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const object = unwrapExpression(node.object);
    return object.type === AST_NODE_TYPES.Identifier && object.name === 'module' && getPropertyName(node) === 'exports';
  }
  return false;
}

function collectHandlers(src: FactSources, facts: SocketFacts): void {
  const ensure = (fn: FunctionNode): HandlerInfo => {
    let info = facts.handlers.get(fn);
    if (!info) {
      info = { fn, kinds: new Set(), events: new Set(), sockets: new Set(), repeating: false, reentrantPerSocket: false };
      facts.handlers.set(fn, info);
    }
    return info;
  };
  for (const socket of src.sockets) {
    for (const fn of socket.listeners) {
      const info = ensure(fn);
      info.kinds.add('connection');
      info.sockets.add(socket);
      info.repeating = true;
    }
  }
  for (const listener of [...facts.listeners, ...facts.propertyHandlers.map((h) => ({ ...h, method: 'on' }))]) {
    for (const fn of listener.functions) {
      const info = ensure(fn);
      info.kinds.add('socket-event');
      info.events.add(listener.event);
      info.sockets.add(listener.socket);
      const repeatingEvent = listener.event === 'data' || listener.event === 'readable' || (listener.event === 'message' && isWs(listener.socket));
      if (repeatingEvent) {
        if (listener.method !== 'once' && listener.method !== 'prependOnceListener') info.repeating = true;
        if (fn.async) info.reentrantPerSocket = true;
      }
    }
  }
  // Same-module helpers that receive a socket from a handler (`handle(socket)`).
  const helpers: FunctionNode[] = [];
  for (const [variable, sockets] of src.socketParameters()) {
    for (const def of variable.defs) {
      if (def.type !== 'Parameter' || !isFunctionNode(def.node) || (facts.handlers.has(def.node) && !helpers.includes(def.node))) continue;
      for (const socket of sockets) {
        if (socket.kind === 'annotated') continue;
        const info = ensure(def.node);
        if (!helpers.includes(def.node)) helpers.push(def.node);
        info.kinds.add('helper');
        info.sockets.add(socket);
      }
    }
  }

}

function isWs(socket: SocketInfo): boolean {
  return socket.kind === 'ws-connection' || socket.kind === 'ws-client';
}
