import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, enclosingFunction, getPropertyName, getStaticString, isFunctionNode, unwrapExpression } from './ast.js';
import { LISTENER_METHODS, type ServerInfo } from './model.js';
import { INTEROP_HELPERS, normalizeModuleName, serverFactoryModule, socketFactoryKind } from './modules.js';
import { constructorOf } from './objects.js';
import { type OriginRegistry, listenerSocketShape } from './origins.js';
import type { SocketConcurrencySettings } from './settings.js';
import { type StaticResolver, invokedExpression, parameterIdentifier } from './statics.js';
import { type CallLike, type FileSyntax, type Variable, thisOwner } from './syntax.js';
import { type DynamicValue, EMPTY_VALUES, type ObjectKey, ValueInterner, innerMap, union } from './values.js';

/** Socket and server methods that return the emitter itself, so chains keep the value. */
export const CHAINABLE_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'off',
  'removeListener',
  'removeAllListeners',
  'setMaxListeners',
  'setTimeout',
  'setNoDelay',
  'setKeepAlive',
  'setEncoding',
  'pause',
  'resume',
  'ref',
  'unref',
  'connect',
  'listen',
  'cork',
  'uncork',
]);

type DynamicSet = ReadonlySet<DynamicValue>;
/** Edge evaluations per file before the solver stops: a guard for generated code, never reached by the corpus. */
const MAX_EVALUATIONS = 200_000;

/**
 * The sparse, pushed half of the value flow (issue: "start from the socket sources and follow
 * their def-use chains"): module bindings, sockets and servers. Seeds are the bindings of
 * tracked modules, configured factory calls and annotated sockets; a slot (a binding, a field
 * of an object kind, a function's return or `this`) that gains a value re-evaluates only the
 * edges that read it: the enclosing declarator, assignment, return, property or call of each
 * reference (scope manager), member read of that field (by name), call of that function or
 * `this` of that function. Functions, classes and objects come from the static resolver.
 */
export class DynamicFlow {
  private readonly variableSlots = new Map<Variable, Set<DynamicValue>>();
  private readonly fieldSlots = new Map<ObjectKey, Map<string, Set<DynamicValue>>>();
  /** Names of the bindings that have a slot: an identifier of any other name needs no scope lookup. */
  private readonly variableNames = new Set<string>();
  /** Names of the fields that hold something: a member read of any other name needs no object lookup. */
  private readonly fieldNames = new Set<string>();
  private readonly returnSlots = new Map<FunctionNode, Set<DynamicValue>>();
  private readonly thisSlots = new Map<TSESTree.Node, Set<DynamicValue>>();
  private readonly queue: TSESTree.Node[] = [];
  private head = 0;
  private readonly queued = new Set<TSESTree.Node>();
  /** Every edge the flow evaluated: only these can involve a socket. */
  readonly touched = new Set<TSESTree.Node>();
  private readonly settled = new Map<TSESTree.Node, DynamicSet>();
  private solved = false;
  private evaluations = 0;
  /** `require(...)` calls the cheap exit found, whatever binding `require` has (`createRequire`, UMD wrappers). */
  requireCalls: ReadonlySet<TSESTree.CallExpression> = new Set();

  constructor(
    private readonly syntax: FileSyntax,
    private readonly statics: StaticResolver,
    private readonly origins: OriginRegistry,
    private readonly values: ValueInterner,
    private readonly settings: SocketConcurrencySettings,
  ) {}

  // ---------------------------------------------------------------- seeding and solving

  seedVariable(variable: Variable, value: DynamicValue): void {
    this.addTo(this.variableSlot(variable), value, () => this.variableChanged(variable));
  }

  seedField(key: ObjectKey, name: string, value: DynamicValue): void {
    this.addTo(this.fieldSlot(key, name), value, () => this.fieldChanged(key, name));
  }

  /** A source expression (`require('net')`, a configured factory call): its enclosing edges run. */
  seedExpression(node: TSESTree.Node): void {
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) this.enqueue(node);
    this.enqueueEnclosing(node);
  }

  solve(): void {
    // First in, first out, so sockets and listeners are found in source order where they can be.
    while (this.head < this.queue.length && this.evaluations < MAX_EVALUATIONS) {
      const edge = this.queue[this.head++];
      this.queued.delete(edge);
      this.evaluations++;
      this.touched.add(edge);
      this.evaluate(edge);
    }
    this.queue.length = 0;
    this.head = 0;
    this.solved = true;
    this.origins.sortBySource();
  }

  /** The module members, sockets, servers and requests an expression may evaluate to. */
  valuesOf(node: TSESTree.Node): DynamicSet {
    if (!this.solved) return this.dyn(node, 0);
    let known = this.settled.get(node);
    if (!known) {
      known = this.dyn(node, 0);
      this.settled.set(node, known);
    }
    return known;
  }

  variableValues(variable: Variable): DynamicSet {
    return this.variableSlots.get(variable) ?? EMPTY_VALUES;
  }

  // ---------------------------------------------------------------- edges

  private evaluate(edge: TSESTree.Node): void {
    switch (edge.type) {
      case AST_NODE_TYPES.VariableDeclarator:
        if (edge.init) this.bindPattern(edge.id, edge.init);
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (edge.operator === '=' || edge.operator === '||=' || edge.operator === '??=') this.bindPattern(edge.left, edge.right);
        return;
      case AST_NODE_TYPES.ReturnStatement: {
        const fn = enclosingFunction(edge);
        if (fn && edge.argument) this.addAll(this.slotOf(this.returnSlots, fn), this.dyn(edge.argument, 0), () => this.returnChanged(fn));
        return;
      }
      case AST_NODE_TYPES.ArrowFunctionExpression:
        if (edge.expression) this.addAll(this.slotOf(this.returnSlots, edge), this.dyn(edge.body, 0), () => this.returnChanged(edge));
        return;
      case AST_NODE_TYPES.Property: {
        const literal = edge.parent;
        const name = getPropertyName(edge);
        if (literal.type === AST_NODE_TYPES.ObjectExpression && name && !isFunctionNode(edge.value)) {
          const values = this.dyn(edge.value, 0);
          if (values.size > 0) this.addAll(this.fieldSlot(literal, name), values, () => this.fieldChanged(literal, name));
        }
        return;
      }
      case AST_NODE_TYPES.PropertyDefinition: {
        const cls = edge.parent.parent as ObjectKey;
        const name = getPropertyName(edge);
        if (name && edge.value && !edge.static) this.addAll(this.fieldSlot(cls, name), this.dyn(edge.value, 0), () => this.fieldChanged(cls, name));
        return;
      }
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        this.flowCall(edge);
        return;
      default:
        return;
    }
  }

  private bindPattern(target: TSESTree.Node, source: TSESTree.Node): void {
    switch (target.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = this.syntax.variableOf(target);
        if (variable) this.addAll(this.variableSlot(variable), this.dyn(source, 0), () => this.variableChanged(variable));
        return;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = getPropertyName(target);
        if (!name) return;
        const values = this.dyn(source, 0);
        if (values.size === 0) return;
        for (const key of this.statics.objectsOf(target.object)) this.addAll(this.fieldSlot(key, name), values, () => this.fieldChanged(key, name));
        return;
      }
      case AST_NODE_TYPES.ObjectPattern:
        for (const prop of target.properties) {
          if (prop.type !== AST_NODE_TYPES.Property) continue;
          const key = getPropertyName(prop);
          let value = prop.value;
          if (value.type === AST_NODE_TYPES.AssignmentPattern) value = value.left;
          if (!key || value.type !== AST_NODE_TYPES.Identifier) continue;
          const variable = this.syntax.variableOf(value);
          if (!variable) continue;
          const values = this.memberOf(source, this.dyn(source, 0), key);
          this.addAll(this.variableSlot(variable), values, () => this.variableChanged(variable));
        }
        return;
      case AST_NODE_TYPES.AssignmentPattern:
        this.bindPattern(target.left, source);
        return;
      default:
        return;
    }
  }

  private flowCall(call: CallLike): void {
    // Evaluating the call makes the socket or server it creates.
    const made = this.dyn(call, 0);
    // Arguments into the parameters (and `this`) of the module's own functions and constructors;
    // a method of a module, socket or server is none of those, whatever its name.
    // Nothing to bind unless an argument (or `this` of `fn.call(x)`) carries a value of the flow.
    const binds = this.argumentsCarryValues(call);
    const invoked = invokedExpression(call);
    const targets = !binds || !this.statics.mayBeLocal(invoked) || this.isMethodOfDynamicValue(call) ? [] : this.statics.functionsOf(invoked);
    if (binds && call.type === AST_NODE_TYPES.NewExpression) {
      for (const value of this.statics.staticOf(call.callee)) {
        if (value.kind === 'class') {
          const ctor = constructorOf(value.cls);
          if (ctor) targets.push(ctor);
        }
      }
    }
    for (const fn of targets) this.bindArguments(call, fn);

    const callee = unwrapExpression(call.callee);
    if (call.type !== AST_NODE_TYPES.CallExpression || callee.type !== AST_NODE_TYPES.MemberExpression) {
      this.connectFactoryListener(call, made);
      return;
    }
    const method = getPropertyName(callee);
    if (method && LISTENER_METHODS.has(method) && call.arguments.length >= 2) {
      const events = this.syntax.staticStrings(call.arguments[0]);
      const listeners = this.statics.functionsOf(call.arguments[1]);
      if (events && listeners.length > 0) {
        for (const value of this.dyn(callee.object, 0)) {
          if (value.kind === 'server') for (const event of events) for (const fn of listeners) this.connectListener(value.server, event, fn);
          else if (value.kind === 'socket' && !isBoundFunction(call.arguments[1])) {
            // `this` in a plain listener is the socket; `fn.bind(obj)` keeps its own `this`.
            for (const fn of listeners) {
              if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) this.addAll(this.slotOf(this.thisSlots, fn), new Set([value]), () => this.thisChanged(fn));
            }
          }
        }
      }
    } else if (method === 'handleUpgrade' && call.arguments.length >= 4) {
      // `wss.handleUpgrade(req, socket, head, (ws) => ...)`: a ws connection per call site (spec 8.1).
      for (const value of this.dyn(callee.object, 0)) {
        if (value.kind !== 'server' || value.server.module !== 'ws') continue;
        for (const fn of this.statics.functionsOf(call.arguments[3])) {
          const socket = this.origins.listenerOrigin(value.server, 'connection', fn, `${value.server.id}:upgrade@${call.range[0]}`);
          if (socket) this.bindParameter(fn, 0, new Set([this.values.socket(socket)]));
        }
      }
    }
    this.connectFactoryListener(call, made);
  }

  private argumentsCarryValues(call: CallLike): boolean {
    for (const arg of call.arguments) {
      const value = unwrapExpression(arg.type === AST_NODE_TYPES.SpreadElement ? arg.argument : arg);
      // `fn.apply(this, arguments)` forwards the caller's parameters.
      if (value.type === AST_NODE_TYPES.Identifier && value.name === 'arguments') return true;
      if (this.dyn(value, 0).size > 0) return true;
    }
    return false;
  }

  private isMethodOfDynamicValue(call: CallLike): boolean {
    const callee = unwrapExpression(invokedExpression(call));
    return callee.type === AST_NODE_TYPES.MemberExpression && this.dyn(callee.object, 0).size > 0;
  }

  /** Parameters the flow gave a socket (helpers called with one: `handle(socket)`). */
  *socketParameters(): Iterable<[Variable, DynamicSet]> {
    for (const [variable, values] of this.variableSlots) {
      if (variable.defs.some((d) => d.type === 'Parameter')) yield [variable, values];
    }
  }

  /** `net.createServer(listener)`, `new net.Server(options, listener)`: the listener gets the connections. */
  private connectFactoryListener(call: CallLike, made: DynamicSet): void {
    for (const value of made) {
      if (value.kind !== 'server' || value.server.node !== call) continue;
      if (value.server.module !== 'net' && value.server.module !== 'tls') continue;
      const last = call.arguments[call.arguments.length - 1];
      if (!last) continue;
      const event = value.server.module === 'tls' ? 'secureConnection' : 'connection';
      for (const fn of this.statics.functionsOf(last)) this.connectListener(value.server, event, fn);
    }
  }

  private connectListener(server: ServerInfo, event: string, fn: FunctionNode): void {
    const shape = listenerSocketShape(server.module, event);
    const socket = shape && this.origins.listenerOrigin(server, event, fn);
    if (!shape || !socket) return;
    this.bindParameter(fn, shape.index, new Set([this.values.socket(socket)]));
    if (server.module === 'ws') this.bindParameter(fn, 1, new Set([this.values.request(socket)]));
  }

  private bindArguments(call: CallLike, fn: FunctionNode): void {
    for (let i = 0; i < fn.params.length; i++) {
      const arg = this.statics.argumentFor(call, i);
      if (arg === null) continue;
      let values: DynamicSet;
      if (arg === 'forwarded') {
        const outer = enclosingFunction(call);
        const outerParam = outer?.params[i] && parameterIdentifier(outer.params[i]);
        values = outerParam ? this.dyn(outerParam, 0) : EMPTY_VALUES;
      } else values = this.dyn(arg, 0);
      if (values.size > 0) this.bindParameter(fn, i, values);
    }
    const thisArg = this.statics.thisArgument(call);
    if (thisArg && fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) {
      const values = this.dyn(thisArg, 0);
      if (values.size > 0) this.addAll(this.slotOf(this.thisSlots, fn), values, () => this.thisChanged(fn));
    }
  }

  private bindParameter(fn: FunctionNode, index: number, values: DynamicSet): void {
    const declared = fn.params[index];
    if (!declared) return;
    const id = parameterIdentifier(declared);
    if (!id) return;
    const variable = this.syntax.variableOf(id);
    if (variable) this.addAll(this.variableSlot(variable), values, () => this.variableChanged(variable));
    // `constructor(private socket: Socket)` is also a field.
    if (declared.type === AST_NODE_TYPES.TSParameterProperty && fn.parent?.type === AST_NODE_TYPES.MethodDefinition) {
      const cls = fn.parent.parent.parent as ObjectKey;
      this.addAll(this.fieldSlot(cls, id.name), values, () => this.fieldChanged(cls, id.name));
    }
  }

  // ---------------------------------------------------------------- evaluation

  private dyn(node: TSESTree.Node, depth: number): DynamicSet {
    if (depth > 12) return EMPTY_VALUES;
    const n = unwrapExpression(node);
    switch (n.type) {
      case AST_NODE_TYPES.Identifier: {
        if (!this.variableNames.has(n.name)) return EMPTY_VALUES;
        const variable = this.syntax.variableOf(n);
        return variable ? (this.variableSlots.get(variable) ?? EMPTY_VALUES) : EMPTY_VALUES;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = getPropertyName(n);
        return name ? this.memberOf(n.object, this.dyn(n.object, depth + 1), name) : EMPTY_VALUES;
      }
      case AST_NODE_TYPES.ThisExpression: {
        const owner = thisOwner(n);
        return owner ? (this.thisSlots.get(owner) ?? EMPTY_VALUES) : EMPTY_VALUES;
      }
      case AST_NODE_TYPES.CallExpression:
        return this.callValues(n, depth);
      case AST_NODE_TYPES.NewExpression:
        return this.newValues(n, depth);
      case AST_NODE_TYPES.ImportExpression: {
        const module = normalizeModuleName(getStaticString(n.source) ?? '');
        return module ? new Set([this.values.module(module, '')]) : EMPTY_VALUES;
      }
      case AST_NODE_TYPES.AwaitExpression:
        return this.dyn(n.argument, depth + 1);
      case AST_NODE_TYPES.ConditionalExpression:
        return union(this.dyn(n.consequent, depth + 1), this.dyn(n.alternate, depth + 1));
      case AST_NODE_TYPES.LogicalExpression:
        return union(this.dyn(n.left, depth + 1), this.dyn(n.right, depth + 1));
      case AST_NODE_TYPES.AssignmentExpression:
        return this.dyn(n.right, depth + 1);
      default:
        return EMPTY_VALUES;
    }
  }

  /** `x.name`: a module's member, a WebSocket's `_socket`, a ws request's `socket`, a field of x's objects. */
  private memberOf(object: TSESTree.Node, objectValues: DynamicSet, name: string): DynamicSet {
    let result: Set<DynamicValue> | null = null;
    const add = (value: DynamicValue) => (result ??= new Set()).add(value);
    for (const value of objectValues) {
      if (value.kind === 'module') {
        if (value.path === '') {
          if (name === 'default') add(value);
          else if (name === 'promises') add(this.values.module(`${value.module}/promises`, ''));
          else add(this.values.module(value.module, name));
        } else add(this.values.module(value.module, `${value.path}.${name}`));
      } else if (value.kind === 'socket' && name === '_socket' && (value.socket.kind === 'ws-connection' || value.socket.kind === 'ws-client')) {
        add(this.values.socket(this.origins.underlying(value.socket)));
      } else if (value.kind === 'request' && name === 'socket') {
        add(this.values.socket(this.origins.underlying(value.socket)));
      }
    }
    let fields: DynamicSet = result ?? EMPTY_VALUES;
    if (!this.fieldNames.has(name)) return fields;
    for (const key of this.statics.objectsOf(object)) {
      const slot = this.fieldSlots.get(key)?.get(name);
      if (slot) fields = union(fields, slot);
    }
    return fields;
  }

  private callValues(call: TSESTree.CallExpression, depth: number): DynamicSet {
    const callee = unwrapExpression(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (callee.name === 'require' && (this.requireCalls.has(call) || this.syntax.isGlobalReference(callee))) {
        const module = normalizeModuleName(getStaticString(call.arguments[0]) ?? '');
        return module ? new Set([this.values.module(module, '')]) : EMPTY_VALUES;
      }
      if (INTEROP_HELPERS.has(callee.name) && call.arguments[0]) return this.dyn(call.arguments[0], depth + 1);
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(callee);
      if (name && INTEROP_HELPERS.has(name) && call.arguments[0]) return this.dyn(call.arguments[0], depth + 1);
      if (name && CHAINABLE_METHODS.has(name)) {
        // `connect(...).once('error', ...)`, `createServer().listen()`: these return the emitter itself.
        let chained: Set<DynamicValue> | null = null;
        for (const v of this.dyn(callee.object, depth + 1)) if (v.kind === 'socket' || v.kind === 'server') (chained ??= new Set()).add(v);
        if (chained) return chained;
      }
    }
    let result: Set<DynamicValue> | null = null;
    for (const value of this.dyn(callee, depth + 1)) {
      if (value.kind !== 'module') continue;
      const kind = socketFactoryKind(value.module, value.path, false);
      if (kind) (result ??= new Set()).add(this.values.socket(this.origins.callOrigin(call, kind)));
      const serverModule = serverFactoryModule(value.module, value.path, false);
      if (serverModule) (result ??= new Set()).add(this.values.server(this.origins.serverFor(call, serverModule)));
    }
    if (this.returnSlots.size > 0 && this.statics.mayBeLocal(invokedExpression(call))) {
      for (const fn of this.statics.functionsOf(invokedExpression(call))) {
        const returned = this.returnSlots.get(fn);
        if (returned) for (const v of returned) (result ??= new Set()).add(v);
      }
    }
    if (!result && this.isConfiguredFactory(callee)) result = new Set([this.values.socket(this.origins.callOrigin(call, 'factory'))]);
    return result ?? EMPTY_VALUES;
  }

  private newValues(call: TSESTree.NewExpression, depth: number): DynamicSet {
    let result: Set<DynamicValue> | null = null;
    for (const value of this.dyn(call.callee, depth + 1)) {
      if (value.kind !== 'module') continue;
      const kind = socketFactoryKind(value.module, value.path, true);
      if (kind) (result ??= new Set()).add(this.values.socket(this.origins.callOrigin(call, kind)));
      const serverModule = serverFactoryModule(value.module, value.path, true);
      if (serverModule) (result ??= new Set()).add(this.values.server(this.origins.serverFor(call, serverModule)));
    }
    if (!result && this.isConfiguredFactory(unwrapExpression(call.callee))) result = new Set([this.values.socket(this.origins.callOrigin(call, 'factory'))]);
    return result ?? EMPTY_VALUES;
  }

  private isConfiguredFactory(callee: TSESTree.Node): boolean {
    if (this.settings.socketFactories.length === 0) return false;
    const name =
      callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    return name != null && this.settings.socketFactories.includes(name);
  }

  // ---------------------------------------------------------------- dependents

  private variableChanged(variable: Variable): void {
    for (const reference of variable.references) {
      if (reference.isRead()) this.enqueueEnclosing(reference.identifier as TSESTree.Node);
    }
  }

  private fieldChanged(key: ObjectKey, name: string): void {
    for (const member of this.syntax.membersNamed(name)) {
      if (this.statics.objectsOf(member.object).includes(key)) this.enqueueEnclosing(member);
    }
  }

  private returnChanged(fn: FunctionNode): void {
    for (const call of this.statics.invocationsOf(fn)) this.enqueueEnclosing(call);
  }

  private thisChanged(owner: TSESTree.Node): void {
    for (const expression of this.syntax.thisExpressionsOf(owner)) this.enqueueEnclosing(expression);
  }

  private enqueue(edge: TSESTree.Node): void {
    if (!this.queued.has(edge)) {
      this.queued.add(edge);
      this.queue.push(edge);
    }
  }

  /**
   * The edges a value at `node` flows into, up the expression to its statement: the calls it
   * is the callee or an argument of, assignments, declarators, returns, properties. Operators
   * that make a new primitive (`+`, `!`, templates) stop it.
   */
  private enqueueEnclosing(node: TSESTree.Node): void {
    let current: TSESTree.Node = node;
    for (;;) {
      const parent: TSESTree.Node | undefined = current.parent;
      if (!parent) return;
      switch (parent.type) {
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
        case AST_NODE_TYPES.AssignmentExpression:
          this.enqueue(parent);
          break;
        case AST_NODE_TYPES.Property:
          if (parent.value === current) this.enqueue(parent);
          break;
        case AST_NODE_TYPES.VariableDeclarator:
          if (parent.init === current) this.enqueue(parent);
          return;
        case AST_NODE_TYPES.ReturnStatement:
        case AST_NODE_TYPES.PropertyDefinition:
          this.enqueue(parent);
          return;
        case AST_NODE_TYPES.ArrowFunctionExpression:
          if (parent.body === current && parent.expression) this.enqueue(parent);
          return;
        case AST_NODE_TYPES.MemberExpression:
        case AST_NODE_TYPES.ChainExpression:
        case AST_NODE_TYPES.ConditionalExpression:
        case AST_NODE_TYPES.LogicalExpression:
        case AST_NODE_TYPES.AwaitExpression:
        case AST_NODE_TYPES.SequenceExpression:
        case AST_NODE_TYPES.SpreadElement:
        case AST_NODE_TYPES.ArrayExpression:
        case AST_NODE_TYPES.ObjectExpression:
        case AST_NODE_TYPES.TSAsExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
        case AST_NODE_TYPES.TSTypeAssertion:
        case AST_NODE_TYPES.TSSatisfiesExpression:
        case AST_NODE_TYPES.TSInstantiationExpression:
        case AST_NODE_TYPES.YieldExpression:
          break;
        default:
          return;
      }
      current = parent;
    }
  }

  // ---------------------------------------------------------------- storage

  private slotOf<K>(map: Map<K, Set<DynamicValue>>, key: K): Set<DynamicValue> {
    let slot = map.get(key);
    if (!slot) {
      slot = new Set();
      map.set(key, slot);
    }
    return slot;
  }

  private variableSlot(variable: Variable): Set<DynamicValue> {
    this.variableNames.add(variable.name);
    return this.slotOf(this.variableSlots, variable);
  }

  private fieldSlot(key: ObjectKey, name: string): Set<DynamicValue> {
    this.fieldNames.add(name);
    return this.slotOf(innerMap(this.fieldSlots, key), name);
  }

  private addTo(slot: Set<DynamicValue>, value: DynamicValue, changed: () => void): void {
    if (!slot.has(value)) {
      slot.add(value);
      changed();
    }
  }

  private addAll(slot: Set<DynamicValue>, values: DynamicSet, changed: () => void): void {
    let grew = false;
    for (const value of values) {
      if (!slot.has(value)) {
        slot.add(value);
        grew = true;
      }
    }
    if (grew) changed();
  }
}

/** `fn.bind(obj, ...)`: a bound function, whose `this` is `obj` whoever calls it. */
function isBoundFunction(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  return n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(n.callee) === 'bind';
}
