import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  type FunctionNode,
  findObjectProperty,
  getCalleeMethodName,
  getPropertyName,
  getStaticString,
  isFunctionNode,
  unwrapExpression,
  walkAst,
} from './ast.js';
import {
  type HandlerInfo,
  LISTENER_METHODS,
  type ServerInfo,
  type SocketCall,
  type SocketEscape,
  type SocketInfo,
  type SocketKind,
  type SocketListener,
  SOCKET_MODULES,
  TRACKED_MODULES,
} from './model.js';
import type { SocketConcurrencySettings } from './settings.js';
import { type ClassNode, EMPTY_VALUES, type Value, ValueInterner } from './values.js';

type Variable = TSESLint.Scope.Variable;
type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/** Files that mention none of these cannot obtain a socket without a configured factory or type. */
const SOCKET_SOURCE_HINT = /['"](?:node:)?(?:net|tls|https?|http2)['"]|\b(?:TLS)?Socket\b/;

const INTEROP_HELPERS = new Set([
  '__importDefault',
  '__importStar',
  '_interopRequireDefault',
  '_interopRequireWildcard',
  '__toESM',
  'interopRequireDefault',
  'interopRequireWildcard',
]);

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

/** Socket and server methods that return the emitter itself, so chains keep the value. */
const CHAINABLE_METHODS = new Set([
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

/** Methods whose receiver is worth a type lookup when provenance says nothing. */
const SOCKET_METHOD_NAMES = new Set([
  ...CHAINABLE_METHODS,
  'write',
  'end',
  'destroy',
  'destroySoon',
  'resetAndDestroy',
  'pipe',
  'emit',
]);

/** Socket-obtaining members of the socket modules. */
function socketFactoryKind(module: string, path: string, isNew: boolean): SocketKind | null {
  if (module === 'net') {
    if (!isNew && (path === 'connect' || path === 'createConnection')) return 'client';
    if (isNew && (path === 'Socket' || path === 'Stream')) return 'client';
  }
  if (module === 'tls') {
    if (!isNew && path === 'connect') return 'tls-client';
    if (isNew && path === 'TLSSocket') return 'tls-client';
  }
  return null;
}

function serverFactoryModule(module: string, path: string, isNew: boolean): ServerInfo['module'] | null {
  if (!SOCKET_MODULES.has(module)) return null;
  if (!isNew && path === 'createServer') return module as ServerInfo['module'];
  if (module === 'http2' && !isNew && path === 'createSecureServer') return 'http2';
  if (isNew && path === 'Server') return module as ServerInfo['module'];
  return null;
}

function normalizeModuleName(specifier: string): string | null {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return TRACKED_MODULES.has(name) ? name : null;
}

function isModuleScope(scope: TSESLint.Scope.Scope): boolean {
  return scope.type === 'global' || scope.type === 'module' || scope.block.type === AST_NODE_TYPES.Program;
}

/**
 * The socket facts of one file (spec section 0), computed once and shared by every rule.
 *
 * Values flow by a small abstract interpretation: each binding, class field, function
 * parameter and return holds a set of abstract values (a module member, a socket, a server,
 * a local function or class); assignments, calls and listener registrations are edges,
 * re-evaluated until nothing grows. Everything is plain data that rules query.
 */
export class FileAnalysis {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly settings: SocketConcurrencySettings;
  /** False when the file cannot obtain a socket: every query answers "nothing". */
  active: boolean;

  readonly sockets: SocketInfo[] = [];
  readonly servers: ServerInfo[] = [];
  readonly socketCalls: SocketCall[] = [];
  readonly listeners: SocketListener[] = [];
  readonly escapes: SocketEscape[] = [];
  readonly handlers = new Map<FunctionNode, HandlerInfo>();

  /** Every call and `new` of the file in source order. */
  readonly calls: CallLike[] = [];
  readonly functions: FunctionNode[] = [];
  /** Boundary syntax (`await`, `yield`, `for await`) in source order. */
  readonly boundarySyntax: (TSESTree.AwaitExpression | TSESTree.YieldExpression | TSESTree.ForOfStatement)[] = [];
  readonly returns: TSESTree.ReturnStatement[] = [];

  private readonly values = new ValueInterner();
  private readonly identifierVariables = new Map<TSESTree.Identifier, Variable>();
  private readonly variableValues = new Map<Variable, Set<Value>>();
  private readonly fieldValues = new Map<ClassNode, Map<string, Set<Value>>>();
  private readonly returnValues = new Map<FunctionNode, Set<Value>>();
  private readonly thisValues = new Map<FunctionNode, Set<Value>>();
  private readonly originsByNode = new Map<TSESTree.Node, SocketInfo>();
  private readonly serversByNode = new Map<TSESTree.Node, ServerInfo>();
  private readonly listenerOrigins = new Map<string, SocketInfo>();
  private readonly annotatedByVariable = new Map<Variable, SocketInfo>();
  private readonly declarators: TSESTree.VariableDeclarator[] = [];
  private readonly dynamicImports: TSESTree.ImportExpression[] = [];
  private readonly assignments: TSESTree.AssignmentExpression[] = [];
  private readonly classFields: TSESTree.PropertyDefinition[] = [];
  private readonly socketCallsByNode = new Map<TSESTree.Node, SocketCall[]>();
  private readonly socketsByCallFunction = new Map<FunctionNode, SocketCall[]>();
  private changed = false;
  /** JSDoc socket types are only looked for in files whose text could hold one. */
  private readonly mayHaveJsdocSockets: boolean;
  private callsByFunction: Map<FunctionNode, CallLike[]> | null = null;
  private callerIndex: Map<FunctionNode, TSESTree.CallExpression[]> | null = null;
  private socketIndex: {
    calls: Map<SocketInfo, SocketCall[]>;
    listeners: Map<SocketInfo, SocketListener[]>;
    escapes: Map<SocketInfo, SocketEscape[]>;
  } | null = null;
  private readonly calleeCache = new Map<FunctionNode, FunctionNode[]>();
  private readonly typeChecker: TypeSocketOracle | null;

  constructor(sourceCode: Readonly<TSESLint.SourceCode>, settings: SocketConcurrencySettings) {
    this.sourceCode = sourceCode;
    this.settings = settings;
    const text = sourceCode.text;
    this.active =
      SOCKET_SOURCE_HINT.test(text) ||
      settings.socketFactories.some((name) => text.includes(name)) ||
      settings.socketTypes.some((name) => text.includes(name));
    this.mayHaveJsdocSockets = this.active && /@param\s*\{[^}]*Socket/.test(text);
    this.typeChecker = this.active ? TypeSocketOracle.create(sourceCode, settings) : null;
    if (!this.active) return;
    this.collect();
    this.indexScopes();
    this.seedStaticValues();
    // The text hint is cheap but loose (a bundle may list "net" among module names): the value
    // flow only runs when a socket module is really bound, required, annotated or configured.
    if (!this.hasSocketSource()) {
      this.active = false;
      return;
    }
    this.solve();
    this.collectSocketFacts();
  }

  // ---------------------------------------------------------------- queries

  /** The sockets an expression may evaluate to (aliases, fields, parameters, returns followed). */
  /**
   * With type information, a new type lookup is made only for receivers of socket methods
   * (`askTypes`, used while collecting socket calls); every other query reuses those answers,
   * so a rule asking about arbitrary expressions never drives the type checker.
   */
  socketsOf(node: TSESTree.Node | null | undefined, askTypes = false): SocketInfo[] {
    if (!node || !this.active) return [];
    const result: SocketInfo[] = [];
    for (const value of this.valuesOf(node)) if (value.kind === 'socket') result.push(value.socket);
    if (result.length === 0 && this.typeChecker) {
      const typed = this.typedSocket(node, askTypes);
      if (typed) result.push(typed);
    }
    return result;
  }

  isSocket(node: TSESTree.Node | null | undefined): boolean {
    return this.socketsOf(node).length > 0;
  }

  /** The functions of this module an expression may evaluate to (named, inline, `.bind`, methods). */
  functionsOf(node: TSESTree.Node | null | undefined): FunctionNode[] {
    if (!node || !this.active) return [];
    const result: FunctionNode[] = [];
    for (const value of this.valuesOf(node)) if (value.kind === 'function') result.push(value.fn);
    return result;
  }

  /** `net.connect`-style resolution: the module member a callee or value stands for, if any. */
  moduleMembersOf(node: TSESTree.Node | null | undefined): { module: string; path: string }[] {
    if (!node || !this.active) return [];
    const result: { module: string; path: string }[] = [];
    for (const value of this.valuesOf(node)) if (value.kind === 'module') result.push(value);
    return result;
  }

  /** True when the callee of `call` is `module.path` (e.g. `events`, `once`) under any import form. */
  calleeIs(call: CallLike, module: string, path: string): boolean {
    return this.moduleMembersOf(call.callee).some((m) => m.module === module && m.path === path);
  }

  serversOf(node: TSESTree.Node | null | undefined): ServerInfo[] {
    if (!node || !this.active) return [];
    const result: ServerInfo[] = [];
    for (const value of this.valuesOf(node)) if (value.kind === 'server') result.push(value.server);
    return result;
  }

  variableOf(identifier: TSESTree.Identifier): Variable | null {
    return this.identifierVariables.get(identifier) ?? null;
  }

  /** The initializer of a `const` binding an identifier reads, for evaluating configuration constants. */
  constInit = (identifier: TSESTree.Identifier): TSESTree.Node | null => {
    const variable = this.identifierVariables.get(identifier);
    if (!variable || variable.defs.length !== 1) return null;
    const def = variable.defs[0];
    if (def.type !== 'Variable' || def.parent?.kind !== 'const') return null;
    const declarator = def.node as TSESTree.VariableDeclarator;
    return declarator.id.type === AST_NODE_TYPES.Identifier ? declarator.init : null;
  };

  /** An identifier that reads a global (`require`, `setTimeout`, `process`), not a binding of this file. */
  isGlobalReference(identifier: TSESTree.Identifier): boolean {
    const variable = this.identifierVariables.get(identifier);
    return !variable || variable.defs.length === 0;
  }

  /** Method calls on a socket, in source order. */
  callsOn(socket: SocketInfo): readonly SocketCall[] {
    return this.bySocket().calls.get(socket) ?? [];
  }

  listenersOf(socket: SocketInfo, event?: string): SocketListener[] {
    const all = this.bySocket().listeners.get(socket) ?? [];
    return event === undefined ? [...all] : all.filter((l) => l.event === event);
  }

  escapesOf(socket: SocketInfo): readonly SocketEscape[] {
    return this.bySocket().escapes.get(socket) ?? [];
  }

  /** Per-socket indexes, built once: queries per socket must not rescan the file's facts. */
  private bySocket(): { calls: Map<SocketInfo, SocketCall[]>; listeners: Map<SocketInfo, SocketListener[]>; escapes: Map<SocketInfo, SocketEscape[]> } {
    if (!this.socketIndex) {
      const index = { calls: new Map<SocketInfo, SocketCall[]>(), listeners: new Map<SocketInfo, SocketListener[]>(), escapes: new Map<SocketInfo, SocketEscape[]>() };
      for (const call of this.socketCalls) pushTo(index.calls, call.socket, call);
      for (const listener of this.listeners) pushTo(index.listeners, listener.socket, listener);
      for (const escape of this.escapes) pushTo(index.escapes, escape.socket, escape);
      this.socketIndex = index;
    }
    return this.socketIndex;
  }

  /** Every assignment expression of the file, in source order (read-only view). */
  get assignmentExpressions(): readonly TSESTree.AssignmentExpression[] {
    return this.assignments;
  }

  /** The socket calls made inside a function's own body (not inside nested functions). */
  socketCallsInFunction(fn: FunctionNode): SocketCall[] {
    return this.socketsByCallFunction.get(fn) ?? [];
  }

  socketCallsAt(call: TSESTree.Node): SocketCall[] {
    return this.socketCallsByNode.get(call) ?? [];
  }

  /** Local functions called from `fn`'s own body (including methods reached through `this`). */
  calleesOf(fn: FunctionNode): FunctionNode[] {
    let callees = this.calleeCache.get(fn);
    if (!callees) {
      const result = new Set<FunctionNode>();
      for (const call of this.callsInFunction(fn)) {
        if (call.type !== AST_NODE_TYPES.CallExpression) continue;
        for (const callee of this.functionsOf(call.callee)) result.add(callee);
      }
      callees = [...result];
      this.calleeCache.set(fn, callees);
    }
    return callees;
  }

  /** The calls (not `new`s) of this file whose callee may be `fn`, indexed once per file. */
  callersOf(fn: FunctionNode): readonly TSESTree.CallExpression[] {
    if (!this.callerIndex) {
      this.callerIndex = new Map();
      for (const call of this.calls) {
        if (call.type !== AST_NODE_TYPES.CallExpression) continue;
        for (const callee of this.functionsOf(call.callee)) pushTo(this.callerIndex, callee, call);
      }
    }
    return this.callerIndex.get(fn) ?? [];
  }

  /** Calls and `new`s made in `fn`'s own body (not in nested functions), in source order. */
  callsInFunction(fn: FunctionNode): readonly CallLike[] {
    if (!this.callsByFunction) {
      this.callsByFunction = new Map();
      for (const call of this.calls) {
        const owner = enclosingFunction(call);
        if (owner) pushTo(this.callsByFunction, owner, call);
      }
    }
    return this.callsByFunction.get(fn) ?? [];
  }

  /** Functions reachable from `fn` through local calls, `fn` included (bounded depth). */
  reachableFunctions(fn: FunctionNode, maxDepth = 4): Set<FunctionNode> {
    const seen = new Set<FunctionNode>([fn]);
    let frontier = [fn];
    for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
      const next: FunctionNode[] = [];
      for (const f of frontier) {
        for (const callee of this.calleesOf(f)) {
          if (!seen.has(callee)) {
            seen.add(callee);
            next.push(callee);
          }
        }
      }
      frontier = next;
    }
    return seen;
  }

  // ------------------------------------------------------------ collection

  private collect(): void {
    // One pre-order walk in source order; every later fact is read from these lists.
    const ordered: TSESTree.Node[] = [];
    walkAst(this.sourceCode.ast, this.sourceCode.visitorKeys, (node) => {
      ordered.push(node);
    });
    for (const node of ordered) {
      switch (node.type) {
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          this.calls.push(node);
          break;
        case AST_NODE_TYPES.FunctionDeclaration:
        case AST_NODE_TYPES.FunctionExpression:
        case AST_NODE_TYPES.ArrowFunctionExpression:
          this.functions.push(node);
          break;
        case AST_NODE_TYPES.VariableDeclarator:
          this.declarators.push(node);
          break;
        case AST_NODE_TYPES.AssignmentExpression:
          this.assignments.push(node);
          break;
        case AST_NODE_TYPES.PropertyDefinition:
          this.classFields.push(node);
          break;
        case AST_NODE_TYPES.ReturnStatement:
          this.returns.push(node);
          break;
        case AST_NODE_TYPES.ImportExpression:
          this.dynamicImports.push(node);
          break;
        case AST_NODE_TYPES.AwaitExpression:
        case AST_NODE_TYPES.YieldExpression:
          this.boundarySyntax.push(node);
          break;
        case AST_NODE_TYPES.ForOfStatement:
          if (node.await) this.boundarySyntax.push(node);
          break;
        default:
          break;
      }
    }
  }

  private indexScopes(): void {
    const manager = this.sourceCode.scopeManager;
    if (!manager) return;
    for (const scope of manager.scopes) {
      for (const reference of scope.references) {
        if (reference.resolved) this.identifierVariables.set(reference.identifier as TSESTree.Identifier, reference.resolved);
      }
      for (const variable of scope.variables) {
        for (const identifier of variable.identifiers) this.identifierVariables.set(identifier as TSESTree.Identifier, variable);
      }
    }
  }

  /** Values that need no flow: imports, function and class declarations, annotated sockets. */
  private seedStaticValues(): void {
    const manager = this.sourceCode.scopeManager;
    if (!manager) return;
    for (const scope of manager.scopes) {
      for (const variable of scope.variables) {
        for (const def of variable.defs) {
          switch (def.type) {
            case 'ImportBinding': {
              const declaration = def.parent as TSESTree.ImportDeclaration;
              const module = normalizeModuleName(String(declaration.source.value));
              if (!module) break;
              const specifier = def.node as TSESTree.ImportClause;
              if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
                const imported =
                  specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
                this.addVariableValue(variable, this.values.module(module, imported === 'default' ? '' : imported));
              } else {
                this.addVariableValue(variable, this.values.module(module, ''));
              }
              break;
            }
            case 'FunctionName':
              if (isFunctionNode(def.node)) this.addVariableValue(variable, this.values.fn(def.node));
              break;
            case 'ClassName':
              this.addVariableValue(variable, this.values.cls(def.node as ClassNode));
              break;
            case 'Parameter':
            case 'Variable': {
              const socket = this.annotatedSocket(variable, def.name as TSESTree.Identifier);
              if (socket) {
                this.addVariableValue(variable, this.values.socket(socket));
                // `constructor(private socket: Socket)` also declares the field `this.socket`.
                const property = def.name.parent;
                if (property?.type === AST_NODE_TYPES.TSParameterProperty && isFunctionNode(property.parent)) {
                  const cls = classOfMethod(property.parent);
                  if (cls) this.addTo(this.fieldValuesOf(cls, (def.name as TSESTree.Identifier).name), this.values.socket(socket));
                }
              }
              break;
            }
            default:
              break;
          }
        }
      }
    }
    for (const fn of this.functions) {
      // `this` inside a class method or field initializer is an instance of the class.
      const cls = classOfMethod(fn);
      if (cls) this.addTo(this.thisValuesOf(fn), this.values.instance(cls));
    }
  }

  private hasSocketSource(): boolean {
    if (this.settings.socketFactories.length > 0 || this.settings.socketTypes.length > 0) return true;
    if (this.annotatedByVariable.size > 0 || this.typeChecker) return true;
    for (const values of this.variableValues.values()) {
      for (const value of values) if (value.kind === 'module' && SOCKET_MODULES.has(value.module)) return true;
    }
    for (const call of this.calls) {
      const callee = call.callee;
      if (call.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require') {
        if (SOCKET_MODULES.has(normalizeModuleName(getStaticString(call.arguments[0]) ?? '') ?? '')) return true;
      }
    }
    for (const expression of this.dynamicImports) {
      if (SOCKET_MODULES.has(normalizeModuleName(getStaticString(expression.source) ?? '') ?? '')) return true;
    }
    return false;
  }

  // ------------------------------------------------------------ flow solver

  private solve(): void {
    // Edges whose source can never hold a tracked value (numbers, strings, arithmetic, literals)
    // are dropped once, before the rounds.
    const declarators = this.declarators.filter((d) => d.init != null && mayCarryValues(d.init));
    const assignments = this.assignments.filter(
      (a) => (a.operator === '=' || a.operator === '||=' || a.operator === '??=') && mayCarryValues(a.right),
    );
    const returns = this.returns.filter((r) => r.argument != null && mayCarryValues(r.argument));
    for (let round = 0; round < 12; round++) {
      this.changed = false;
      for (const declarator of declarators) this.bindPattern(declarator.id, declarator.init!);
      for (const assignment of assignments) this.bindPattern(assignment.left, assignment.right);
      for (const field of this.classFields) {
        const name = getPropertyName(field);
        const cls = field.parent.parent;
        if (name && field.value && !field.static && (cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression)) {
          this.addAll(this.fieldValuesOf(cls, name), this.valuesOf(field.value));
        }
      }
      for (const ret of returns) {
        const fn = enclosingFunction(ret);
        if (fn) this.addAll(this.returnValuesOf(fn), this.valuesOf(ret.argument!));
      }
      for (const fn of this.functions) {
        if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.expression) {
          this.addAll(this.returnValuesOf(fn), this.valuesOf(fn.body));
        }
      }
      for (const call of this.calls) this.flowCall(call);
      for (const fn of this.functions) this.flowParameterProperties(fn);
      if (!this.changed) break;
    }
  }

  private bindPattern(target: TSESTree.Node, source: TSESTree.Node): void {
    switch (target.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = this.identifierVariables.get(target);
        if (variable) this.addAll(this.variableValuesOf(variable), this.valuesOf(source));
        return;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = getPropertyName(target);
        if (!name) return;
        const sourceValues = this.valuesOf(source);
        if (sourceValues.size === 0) return;
        for (const owner of this.valuesOf(target.object)) {
          if (owner.kind === 'instance') this.addAll(this.fieldValuesOf(owner.cls, name), sourceValues);
        }
        return;
      }
      case AST_NODE_TYPES.ObjectPattern: {
        // `const { connect } = require('net')`: members of modules and instances.
        const sourceValues = this.valuesOf(source);
        if (sourceValues.size === 0) return;
        for (const prop of target.properties) {
          if (prop.type !== AST_NODE_TYPES.Property) continue;
          const key = getPropertyName(prop);
          if (!key) continue;
          let value = prop.value;
          if (value.type === AST_NODE_TYPES.AssignmentPattern) value = value.left;
          if (value.type !== AST_NODE_TYPES.Identifier) continue;
          const variable = this.identifierVariables.get(value);
          if (!variable) continue;
          this.addAll(this.variableValuesOf(variable), this.memberValues(sourceValues, key));
        }
        return;
      }
      case AST_NODE_TYPES.AssignmentPattern:
        this.bindPattern(target.left, source);
        return;
      default:
        return;
    }
  }

  private flowCall(call: CallLike): void {
    const callee = unwrapExpression(call.callee);
    // Arguments into the parameters of local functions and constructors.
    const targets: FunctionNode[] = [];
    let mayCreateServer = false;
    for (const value of this.valuesOf(callee)) {
      if (value.kind === 'function') targets.push(value.fn);
      else if (value.kind === 'class' && call.type === AST_NODE_TYPES.NewExpression) {
        const ctor = constructorOf(value.cls);
        if (ctor) targets.push(ctor);
      } else if (value.kind === 'module' && serverFactoryModule(value.module, value.path, call.type === AST_NODE_TYPES.NewExpression)) {
        mayCreateServer = true;
      }
    }
    for (const fn of targets) this.bindArguments(fn, call.arguments);

    // Listener registrations: connection listeners receive sockets; `this` in a socket listener is the socket.
    const method = getCalleeMethodName(call);
    if (call.type === AST_NODE_TYPES.CallExpression && method && LISTENER_METHODS.has(method) && call.arguments.length >= 2) {
      const receiver = (callee as TSESTree.MemberExpression).object;
      const event = getStaticString(call.arguments[0]);
      const listenerFns = this.functionsOf(call.arguments[1]);
      if (event && listenerFns.length > 0) {
        for (const value of this.valuesOf(receiver)) {
          if (value.kind === 'server') this.connectServerListener(value.server, event, listenerFns);
          else if (value.kind === 'socket') {
            for (const fn of listenerFns) {
              if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) this.addTo(this.thisValuesOf(fn), value);
            }
          }
        }
      }
    }

    // Server factories with a listener argument: `net.createServer(listener)`, `(options, listener)`.
    if (!mayCreateServer) return;
    for (const server of this.serversCreatedBy(call)) {
      if (server.module === 'net' || server.module === 'tls') {
        const last = call.arguments[call.arguments.length - 1];
        const listenerFns = last ? this.functionsOf(last) : [];
        if (listenerFns.length > 0) this.connectServerListener(server, server.module === 'tls' ? 'secureConnection' : 'connection', listenerFns);
      }
    }
  }

  /** `constructor(private socket: Socket)`: the field holds whatever the parameter holds. */
  private flowParameterProperties(fn: FunctionNode): void {
    if (fn.parent?.type !== AST_NODE_TYPES.MethodDefinition || fn.parent.kind !== 'constructor') return;
    const cls = classOfMethod(fn);
    if (!cls) return;
    for (const param of fn.params) {
      if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
      const inner = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
      if (inner.type !== AST_NODE_TYPES.Identifier) continue;
      const variable = this.identifierVariables.get(inner);
      const values = variable ? this.variableValues.get(variable) : undefined;
      if (values) this.addAll(this.fieldValuesOf(cls, inner.name), values);
    }
  }

  private bindArguments(fn: FunctionNode, args: readonly TSESTree.CallExpressionArgument[]): void {
    for (let i = 0; i < fn.params.length && i < args.length; i++) {
      const arg = args[i];
      if (arg.type === AST_NODE_TYPES.SpreadElement) break;
      let param: TSESTree.Node = fn.params[i];
      if (param.type === AST_NODE_TYPES.TSParameterProperty) param = param.parameter;
      if (param.type === AST_NODE_TYPES.AssignmentPattern) param = param.left;
      if (param.type !== AST_NODE_TYPES.Identifier) continue;
      const variable = this.identifierVariables.get(param);
      if (variable) this.addAll(this.variableValuesOf(variable), this.valuesOf(arg));
      // `constructor(private socket: Socket)` is also a field.
      if (fn.params[i].type === AST_NODE_TYPES.TSParameterProperty) {
        const cls = classOfMethod(fn);
        if (cls) this.addAll(this.fieldValuesOf(cls, param.name), this.valuesOf(arg));
      }
    }
  }

  private connectServerListener(server: ServerInfo, event: string, listenerFns: FunctionNode[]): void {
    let kind: SocketKind | null = null;
    let index = 0;
    if (server.module === 'net' && event === 'connection') kind = 'accepted';
    else if (server.module === 'tls' && event === 'secureConnection') kind = 'tls-accepted';
    else if (server.module === 'tls' && event === 'connection') kind = 'accepted';
    else if (server.module === 'http' || server.module === 'https' || server.module === 'http2') {
      if (event === 'connection') kind = 'http-connection';
      else if (event === 'upgrade') {
        kind = 'upgrade';
        index = 1;
      } else if (event === 'connect') {
        kind = 'tunnel';
        index = 1;
      } else if (event === 'secureConnection') kind = 'http-connection';
    }
    if (!kind) return;
    const key = `${server.id}:${event}`;
    let socket = this.listenerOrigins.get(key);
    for (const fn of listenerFns) {
      let param: TSESTree.Node | undefined = fn.params[index];
      if (param?.type === AST_NODE_TYPES.AssignmentPattern) param = param.left;
      if (!param || param.type !== AST_NODE_TYPES.Identifier) continue;
      if (!socket) {
        socket = {
          id: this.sockets.length,
          kind,
          isOrigin: true,
          node: param,
          params: [],
          listeners: [],
          call: null,
          server,
          wrapsExisting: false,
        };
        this.sockets.push(socket);
        this.listenerOrigins.set(key, socket);
        this.changed = true;
      }
      if (!socket.listeners.includes(fn)) {
        socket.listeners.push(fn);
        socket.params.push(param);
        this.changed = true;
      }
      const variable = this.identifierVariables.get(param);
      if (variable) this.addTo(this.variableValuesOf(variable), this.values.socket(socket));
    }
  }

  // ---------------------------------------------------------- evaluation

  private valuesOf(node: TSESTree.Node, depth = 0): ReadonlySet<Value> {
    if (depth > 12) return EMPTY_VALUES;
    const n = unwrapExpression(node);
    switch (n.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = this.identifierVariables.get(n);
        if (variable) return this.variableValues.get(variable) ?? EMPTY_VALUES;
        return EMPTY_VALUES;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = getPropertyName(n);
        if (!name) return EMPTY_VALUES;
        return this.memberValues(this.valuesOf(n.object, depth + 1), name);
      }
      case AST_NODE_TYPES.ThisExpression: {
        const fn = thisFunction(n);
        return fn ? (this.thisValues.get(fn) ?? EMPTY_VALUES) : EMPTY_VALUES;
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
        return this.valuesOf(n.argument, depth + 1);
      case AST_NODE_TYPES.ConditionalExpression:
        return union(this.valuesOf(n.consequent, depth + 1), this.valuesOf(n.alternate, depth + 1));
      case AST_NODE_TYPES.LogicalExpression:
        return union(this.valuesOf(n.left, depth + 1), this.valuesOf(n.right, depth + 1));
      case AST_NODE_TYPES.AssignmentExpression:
        return this.valuesOf(n.right, depth + 1);
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return new Set([this.values.fn(n)]);
      case AST_NODE_TYPES.ClassExpression:
        return new Set([this.values.cls(n)]);
      default:
        return EMPTY_VALUES;
    }
  }

  private memberValues(objects: ReadonlySet<Value>, name: string): ReadonlySet<Value> {
    if (objects.size === 0) return EMPTY_VALUES;
    let result: Set<Value> | null = null;
    const add = (value: Value) => {
      result ??= new Set();
      result.add(value);
    };
    for (const object of objects) {
      if (object.kind === 'module') {
        // `.default` of a module object is the module (interop helpers, default imports).
        if (object.path === '') {
          if (name === 'default') add(object);
          else if (name === 'promises') add(this.values.module(`${object.module}/promises`, ''));
          else add(this.values.module(object.module, name));
        } else add(this.values.module(object.module, `${object.path}.${name}`));
      } else if (object.kind === 'instance') {
        const fields = this.fieldValues.get(object.cls)?.get(name);
        if (fields) for (const v of fields) add(v);
        const method = methodOf(object.cls, name);
        if (method) add(this.values.fn(method));
      }
    }
    return result ?? EMPTY_VALUES;
  }

  private callValues(call: TSESTree.CallExpression, depth: number): ReadonlySet<Value> {
    const callee = unwrapExpression(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (callee.name === 'require' && this.isGlobalReference(callee)) {
        const module = normalizeModuleName(getStaticString(call.arguments[0]) ?? '');
        return module ? new Set([this.values.module(module, '')]) : EMPTY_VALUES;
      }
      if (INTEROP_HELPERS.has(callee.name) && call.arguments[0]) return this.valuesOf(call.arguments[0], depth + 1);
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(callee);
      if (name && INTEROP_HELPERS.has(name) && call.arguments[0]) return this.valuesOf(call.arguments[0], depth + 1);
      if (name && CHAINABLE_METHODS.has(name)) {
        // `connect(...).once('error', ...)`, `createServer().listen()`: these return the emitter itself.
        const chained = new Set<Value>();
        for (const v of this.valuesOf(callee.object, depth + 1)) if (v.kind === 'socket' || v.kind === 'server') chained.add(v);
        if (chained.size > 0) return chained;
      }
      if (name === 'bind') {
        const fns = new Set<Value>();
        for (const v of this.valuesOf(callee.object, depth + 1)) if (v.kind === 'function') fns.add(v);
        return fns;
      }
    }
    const calleeValues = this.valuesOf(callee, depth + 1);
    let result: Set<Value> | null = null;
    for (const value of calleeValues) {
      if (value.kind === 'module') {
        const kind = socketFactoryKind(value.module, value.path, false);
        if (kind) {
          result ??= new Set();
          result.add(this.values.socket(this.callOrigin(call, kind)));
          continue;
        }
        const serverModule = serverFactoryModule(value.module, value.path, false);
        if (serverModule) {
          result ??= new Set();
          result.add(this.values.server(this.serverFor(call, serverModule)));
        }
      } else if (value.kind === 'function') {
        const returned = this.returnValues.get(value.fn);
        if (returned) {
          result ??= new Set();
          for (const v of returned) result.add(v);
        }
      }
    }
    if (!result && this.isConfiguredFactory(callee)) {
      result = new Set([this.values.socket(this.callOrigin(call, 'factory'))]);
    }
    return result ?? EMPTY_VALUES;
  }

  private newValues(call: TSESTree.NewExpression, depth: number): ReadonlySet<Value> {
    let result: Set<Value> | null = null;
    for (const value of this.valuesOf(call.callee, depth + 1)) {
      if (value.kind === 'module') {
        const kind = socketFactoryKind(value.module, value.path, true);
        if (kind) {
          result ??= new Set();
          result.add(this.values.socket(this.callOrigin(call, kind)));
          continue;
        }
        const serverModule = serverFactoryModule(value.module, value.path, true);
        if (serverModule) {
          result ??= new Set();
          result.add(this.values.server(this.serverFor(call, serverModule)));
        }
      } else if (value.kind === 'class') {
        result ??= new Set();
        result.add(this.values.instance(value.cls));
      }
    }
    return result ?? EMPTY_VALUES;
  }

  private isConfiguredFactory(callee: TSESTree.Node): boolean {
    if (this.settings.socketFactories.length === 0) return false;
    const name =
      callee.type === AST_NODE_TYPES.Identifier
        ? callee.name
        : callee.type === AST_NODE_TYPES.MemberExpression
          ? getPropertyName(callee)
          : null;
    return name != null && this.settings.socketFactories.includes(name);
  }

  private callOrigin(call: CallLike, kind: SocketKind): SocketInfo {
    let socket = this.originsByNode.get(call);
    if (!socket) {
      const wrapsExisting =
        (call.type === AST_NODE_TYPES.NewExpression && kind === 'tls-client' && call.arguments.length > 0) ||
        (call.type === AST_NODE_TYPES.CallExpression && kind === 'tls-client' && call.arguments.some((arg) => this.optionsHaveSocket(arg, 0)));
      socket = {
        id: this.sockets.length,
        kind,
        isOrigin: true,
        node: call,
        params: [],
        listeners: [],
        call,
        server: null,
        wrapsExisting,
      };
      this.sockets.push(socket);
      this.originsByNode.set(call, socket);
      this.changed = true;
    }
    return socket;
  }

  /**
   * `tls.connect({ socket })`, also through a `const options = { ... }` binding or
   * `Object.assign({}, defaults, { socket })`, as compiled code builds its options.
   */
  private optionsHaveSocket(node: TSESTree.Node, depth: number): boolean {
    if (depth > 3) return false;
    const n = unwrapExpression(node);
    if (findObjectProperty(n, 'socket')) return true;
    if (n.type === AST_NODE_TYPES.Identifier) {
      const init = this.constInit(n);
      return init != null && this.optionsHaveSocket(init, depth + 1);
    }
    if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(n.callee) === 'assign') {
      return n.arguments.some((arg) => this.optionsHaveSocket(arg, depth + 1));
    }
    if (n.type === AST_NODE_TYPES.ObjectExpression) {
      return n.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement && this.optionsHaveSocket(p.argument, depth + 1));
    }
    return false;
  }

  private serverFor(call: CallLike, module: ServerInfo['module']): ServerInfo {
    let server = this.serversByNode.get(call);
    if (!server) {
      server = { id: this.servers.length, module, node: call };
      this.servers.push(server);
      this.serversByNode.set(call, server);
      this.changed = true;
    }
    return server;
  }

  private serversCreatedBy(call: CallLike): ServerInfo[] {
    const server = this.serversByNode.get(call);
    if (server) return [server];
    // Evaluating the call registers the server the first time round.
    for (const value of this.valuesOf(call)) if (value.kind === 'server' && value.server.node === call) return [value.server];
    return [];
  }

  // ---------------------------------------------------------- annotations

  private annotatedSocket(variable: Variable, identifier: TSESTree.Identifier): SocketInfo | null {
    if (!this.isSocketAnnotation(identifier)) return null;
    let socket = this.annotatedByVariable.get(variable);
    if (!socket) {
      socket = {
        id: this.sockets.length,
        kind: 'annotated',
        isOrigin: false,
        node: identifier,
        params: [],
        listeners: [],
        call: null,
        server: null,
        wrapsExisting: false,
      };
      this.sockets.push(socket);
      this.annotatedByVariable.set(variable, socket);
    }
    return socket;
  }

  private isSocketAnnotation(identifier: TSESTree.Identifier): boolean {
    const annotation = identifier.typeAnnotation?.typeAnnotation;
    if (annotation) return this.isSocketTypeNode(annotation);
    // JSDoc: `@param {net.Socket} socket` on the function that declares the parameter.
    if (!this.mayHaveJsdocSockets) return false;
    const fn = identifier.parent;
    if (isFunctionNode(fn) && fn.params.includes(identifier as TSESTree.Parameter)) {
      const comment = jsdocOf(this.sourceCode, fn);
      if (comment) {
        const pattern = new RegExp(`@param\\s+\\{([^}]+)\\}\\s+\\[?${identifier.name}\\b`);
        const match = pattern.exec(comment);
        if (match && this.isSocketTypeText(match[1])) return true;
      }
    }
    return false;
  }

  private isSocketTypeNode(type: TSESTree.TypeNode): boolean {
    if (type.type === AST_NODE_TYPES.TSUnionType) return type.types.some((t) => this.isSocketTypeNode(t) && !isNullishType(t)) && type.types.every((t) => isNullishType(t) || this.isSocketTypeNode(t));
    if (type.type !== AST_NODE_TYPES.TSTypeReference) return false;
    const name = type.typeName;
    if (name.type === AST_NODE_TYPES.Identifier) {
      if (this.settings.socketTypes.includes(name.name)) return true;
      const variable = this.identifierVariables.get(name) ?? this.resolveTypeName(name);
      const values = variable ? this.variableValues.get(variable) : undefined;
      if (values) {
        for (const v of values) if (v.kind === 'module' && (v.module === 'net' || v.module === 'tls') && (v.path === 'Socket' || v.path === 'TLSSocket')) return true;
      }
      return false;
    }
    if (name.type === AST_NODE_TYPES.TSQualifiedName && name.left.type === AST_NODE_TYPES.Identifier) {
      if (name.right.name !== 'Socket' && name.right.name !== 'TLSSocket') return false;
      const variable = this.identifierVariables.get(name.left) ?? this.resolveTypeName(name.left);
      const values = variable ? this.variableValues.get(variable) : undefined;
      if (values) for (const v of values) if (v.kind === 'module' && (v.module === 'net' || v.module === 'tls') && v.path === '') return true;
    }
    return false;
  }

  private resolveTypeName(identifier: TSESTree.Identifier): Variable | null {
    let scope: TSESLint.Scope.Scope | null = this.sourceCode.getScope(identifier);
    while (scope) {
      const variable = scope.set.get(identifier.name);
      if (variable) return variable;
      scope = scope.upper;
    }
    return null;
  }

  private isSocketTypeText(text: string): boolean {
    const trimmed = text.trim();
    if (this.settings.socketTypes.includes(trimmed)) return true;
    return /^(?:(?:net|tls)\.|import\(\s*['"](?:node:)?(?:net|tls)['"]\s*\)\.)(?:Socket|TLSSocket)$/.test(trimmed);
  }

  private typedSocket(node: TSESTree.Node, lookup: boolean): SocketInfo | null {
    return this.typeChecker?.socketFor(node, lookup, () => {
      const socket: SocketInfo = {
        id: this.sockets.length,
        kind: 'typed',
        isOrigin: false,
        node,
        params: [],
        listeners: [],
        call: null,
        server: null,
        wrapsExisting: false,
      };
      this.sockets.push(socket);
      return socket;
    }, (identifier) => this.identifierVariables.get(identifier) ?? null) ?? null;
  }

  // ------------------------------------------------------------ socket facts

  private collectSocketFacts(): void {
    for (const call of this.calls) {
      const callee = unwrapExpression(call.callee);
      if (call.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = getPropertyName(callee);
        if (method) {
          // The type checker is only asked about receivers of socket methods: the cheap check first.
          for (const socket of this.socketsOf(callee.object, SOCKET_METHOD_NAMES.has(method))) {
            const fact: SocketCall = { socket, node: call, method, receiver: callee.object };
            this.socketCalls.push(fact);
            pushTo(this.socketCallsByNode, call, fact);
            const fn = enclosingFunction(call);
            if (fn) pushTo(this.socketsByCallFunction, fn, fact);
            if (LISTENER_METHODS.has(method)) {
              const event = getStaticString(call.arguments[0]);
              if (event) {
                const listenerNode = call.arguments[1] ?? null;
                this.listeners.push({
                  socket,
                  event,
                  method,
                  registration: call,
                  listenerNode,
                  functions: listenerNode ? this.functionsOf(listenerNode) : [],
                });
              }
            }
          }
        }
      }
      this.collectEscapesThroughArguments(call);
    }
    this.collectEscapesThroughReturnsAndExports();
    this.collectHandlers();
  }

  private collectEscapesThroughArguments(call: CallLike): void {
    if (call.arguments.length === 0) return;
    let passed: SocketInfo[] | null = null;
    let untracked = false;
    const targets = this.localTargets(call);
    call.arguments.forEach((arg, index) => {
      const sockets = this.socketsInside(arg);
      if (sockets.length === 0) return;
      (passed ??= []).push(...sockets);
      // A local function follows the socket only through a plain parameter at that position:
      // `(...args) => cb(...args)` forwards it to code we cannot see.
      if (targets.some((fn) => !isTrackedParameter(fn.params[index]))) untracked = true;
    });
    if (!passed) return;
    if (!untracked && this.isNonOwningCallee(call)) return;
    for (const socket of passed as SocketInfo[]) this.escapes.push({ socket, node: call, reason: 'passed' });
  }

  private localTargets(call: CallLike): FunctionNode[] {
    const result: FunctionNode[] = [];
    for (const value of this.valuesOf(call.callee)) {
      if (value.kind === 'function') result.push(value.fn);
      else if (value.kind === 'class' && call.type === AST_NODE_TYPES.NewExpression) {
        const ctor = constructorOf(value.cls);
        if (ctor) result.push(ctor);
      }
    }
    return result;
  }

  /** Sockets an argument carries: itself, or inside an object or array literal. */
  private socketsInside(node: TSESTree.Node): SocketInfo[] {
    const n = unwrapExpression(node);
    if (n.type === AST_NODE_TYPES.ObjectExpression) {
      const result: SocketInfo[] = [];
      for (const prop of n.properties) {
        if (prop.type === AST_NODE_TYPES.Property) result.push(...this.socketsInside(prop.value));
        else result.push(...this.socketsOfValue(prop.argument));
      }
      return result;
    }
    if (n.type === AST_NODE_TYPES.ArrayExpression) {
      const result: SocketInfo[] = [];
      for (const element of n.elements) if (element) result.push(...this.socketsInside(element));
      return result;
    }
    if (n.type === AST_NODE_TYPES.SpreadElement) return this.socketsOfValue(n.argument);
    return this.socketsOfValue(n);
  }

  private socketsOfValue(node: TSESTree.Node): SocketInfo[] {
    const result: SocketInfo[] = [];
    for (const value of this.valuesOf(node)) if (value.kind === 'socket' && value.socket.isOrigin) result.push(value.socket);
    return result;
  }

  private isNonOwningCallee(call: CallLike): boolean {
    const callee = unwrapExpression(call.callee);
    const targets = this.valuesOf(callee);
    let local = false;
    for (const value of targets) {
      if (value.kind === 'function' || value.kind === 'class') local = true;
      if (value.kind === 'module') {
        const key = `${value.module}.${value.path}`;
        if (NON_OWNING_MODULE_FUNCTIONS.has(key) || value.module === 'util' || value.module === 'timers') return true;
        // `tls.connect({ socket })` and `new tls.TLSSocket(socket)` take the connection over.
        return false;
      }
      if (value.kind === 'socket' || value.kind === 'server') return true;
    }
    if (local) return true;
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = getPropertyName(callee);
      const object = unwrapExpression(callee.object);
      if (object.type === AST_NODE_TYPES.Identifier && NON_OWNING_GLOBALS.has(object.name) && this.isGlobalReference(object)) return true;
      if (method && NON_OWNING_METHODS.has(method)) return true;
      // Methods of sockets themselves (`other.pipe(socket)`, `socket.write`) never take ownership.
      if (this.socketsOfValue(object).length > 0) return true;
    }
    if (callee.type === AST_NODE_TYPES.Identifier && (callee.name === 'clearTimeout' || callee.name === 'clearInterval' || callee.name === 'setImmediate' || callee.name === 'setTimeout' || callee.name === 'queueMicrotask')) {
      return true;
    }
    return false;
  }

  private collectEscapesThroughReturnsAndExports(): void {
    for (const ret of this.returns) {
      if (!ret.argument) continue;
      const fn = enclosingFunction(ret);
      if (!fn || this.isInternalFunction(fn)) continue;
      for (const socket of this.socketsInside(ret.argument)) this.escapes.push({ socket, node: ret, reason: 'returned' });
    }
    for (const fn of this.functions) {
      if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.expression && !this.isInternalFunction(fn) && !returnValueIsDropped(fn)) {
        for (const socket of this.socketsInside(fn.body)) this.escapes.push({ socket, node: fn.body, reason: 'returned' });
      }
    }
    for (const assignment of this.assignments) {
      const left = assignment.left;
      if (left.type !== AST_NODE_TYPES.MemberExpression) continue;
      const sockets = this.socketsInside(assignment.right);
      if (sockets.length === 0) continue;
      const object = unwrapExpression(left.object);
      if (isExportsTarget(object) || (object.type === AST_NODE_TYPES.Identifier && object.name === 'module' && getPropertyName(left) === 'exports')) {
        for (const socket of sockets) this.escapes.push({ socket, node: assignment, reason: 'exported' });
        continue;
      }
      if (object.type === AST_NODE_TYPES.ThisExpression) continue;
      if (this.valuesOf(object).size > 0) continue; // a field of a local instance: the flow follows it
      if (object.type === AST_NODE_TYPES.Identifier) {
        const variable = this.identifierVariables.get(object);
        // A module-scope registry object (`clients[id] = socket`) keeps it in this module.
        if (variable && isModuleScope(variable.scope)) continue;
      }
      for (const socket of sockets) this.escapes.push({ socket, node: assignment, reason: 'stored' });
    }
    for (const declarator of this.declarators) {
      if (!declarator.init) continue;
      const declaration = declarator.parent;
      if (declaration.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) {
        for (const socket of this.socketsInside(declarator.init)) this.escapes.push({ socket, node: declarator, reason: 'exported' });
      }
    }
    for (const statement of this.sourceCode.ast.body) {
      if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && !isFunctionNode(statement.declaration)) {
        for (const socket of this.socketsInside(statement.declaration)) this.escapes.push({ socket, node: statement, reason: 'exported' });
      }
    }
  }

  /**
   * A function whose result stays in this module: a non-exported named function (or
   * function-valued binding) used only as a callee here, so the flow follows its result.
   */
  private isInternalFunction(fn: FunctionNode): boolean {
    let variable: Variable | undefined;
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) variable = this.identifierVariables.get(fn.id);
    else if (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) {
      variable = this.identifierVariables.get(fn.parent.id);
    } else if (fn.parent?.type === AST_NODE_TYPES.MethodDefinition || fn.parent?.type === AST_NODE_TYPES.PropertyDefinition) {
      // A private method (`#open()`, or one only ever called on `this`) is internal.
      const name = getPropertyName(fn.parent);
      if (name?.startsWith('#')) return true;
      return false;
    }
    if (!variable) return false;
    let exported = false;
    for (const def of variable.defs) {
      let parent: TSESTree.Node | undefined = def.node.parent;
      if (def.node.type === AST_NODE_TYPES.VariableDeclarator) parent = def.node.parent.parent;
      if (parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) exported = true;
    }
    if (exported) return false;
    let calls = 0;
    for (const reference of variable.references) {
      const id = reference.identifier;
      if (id === (fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id : null)) continue;
      if (reference.init) continue;
      const parent = id.parent;
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === id) calls++;
      else if (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === id) calls++;
      else return false;
    }
    return calls > 0;
  }

  private collectHandlers(): void {
    const ensure = (fn: FunctionNode): HandlerInfo => {
      let info = this.handlers.get(fn);
      if (!info) {
        info = { fn, kinds: new Set(), events: new Set(), sockets: new Set(), repeating: false, reentrantPerSocket: false };
        this.handlers.set(fn, info);
      }
      return info;
    };
    for (const socket of this.sockets) {
      for (const fn of socket.listeners) {
        const info = ensure(fn);
        info.kinds.add('connection');
        info.sockets.add(socket);
        info.repeating = true;
      }
    }
    for (const listener of this.listeners) {
      for (const fn of listener.functions) {
        const info = ensure(fn);
        info.kinds.add('socket-event');
        info.events.add(listener.event);
        info.sockets.add(listener.socket);
        if (listener.event === 'data' || listener.event === 'readable') {
          if (listener.method !== 'once' && listener.method !== 'prependOnceListener') info.repeating = true;
          if (fn.async) info.reentrantPerSocket = true;
        }
      }
    }
    // Same-module helpers that receive a socket from a handler (`handle(socket)`).
    for (const fn of this.functions) {
      if (this.handlers.has(fn)) continue;
      for (const declared of fn.params) {
        const param = declared.type === AST_NODE_TYPES.TSParameterProperty ? declared.parameter : declared;
        const id = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
        if (id.type !== AST_NODE_TYPES.Identifier) continue;
        const variable = this.identifierVariables.get(id);
        const values = variable ? this.variableValues.get(variable) : undefined;
        if (!values) continue;
        for (const value of values) {
          if (value.kind === 'socket' && value.socket.kind !== 'annotated') {
            const info = ensure(fn);
            info.kinds.add('helper');
            info.sockets.add(value.socket);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- storage

  private variableValuesOf(variable: Variable): Set<Value> {
    let set = this.variableValues.get(variable);
    if (!set) {
      set = new Set();
      this.variableValues.set(variable, set);
    }
    return set;
  }

  private addVariableValue(variable: Variable, value: Value): void {
    this.addTo(this.variableValuesOf(variable), value);
  }

  private fieldValuesOf(cls: ClassNode, name: string): Set<Value> {
    let fields = this.fieldValues.get(cls);
    if (!fields) {
      fields = new Map();
      this.fieldValues.set(cls, fields);
    }
    let set = fields.get(name);
    if (!set) {
      set = new Set();
      fields.set(name, set);
    }
    return set;
  }

  private returnValuesOf(fn: FunctionNode): Set<Value> {
    let set = this.returnValues.get(fn);
    if (!set) {
      set = new Set();
      this.returnValues.set(fn, set);
    }
    return set;
  }

  private thisValuesOf(fn: FunctionNode): Set<Value> {
    let set = this.thisValues.get(fn);
    if (!set) {
      set = new Set();
      this.thisValues.set(fn, set);
    }
    return set;
  }

  private addTo(target: Set<Value>, value: Value): void {
    if (!target.has(value)) {
      target.add(value);
      this.changed = true;
    }
  }

  private addAll(target: Set<Value>, values: ReadonlySet<Value>): void {
    for (const value of values) this.addTo(target, value);
  }
}

// ------------------------------------------------------------------ helpers

function union(a: ReadonlySet<Value>, b: ReadonlySet<Value>): ReadonlySet<Value> {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  const result = new Set(a);
  for (const v of b) result.add(v);
  return result;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current;
    current = current.parent;
  }
  return null;
}

/** The function whose `this` a `this` expression reads (arrows are transparent). */
function thisFunction(node: TSESTree.Node): FunctionNode | null {
  let current = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) return current;
    if (current.type === AST_NODE_TYPES.PropertyDefinition && current.value && node.range[0] >= current.value.range[0]) {
      // A class field initializer: `this` is the instance; arrow fields inherit it.
      const value = current.value;
      if (isFunctionNode(value)) return value;
      return null;
    }
    current = current.parent;
  }
  return null;
}

/** The class a method, accessor, constructor or field-initializer function belongs to. */
function classOfMethod(fn: FunctionNode): ClassNode | null {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition) {
    if (parent.static) return null;
    const cls = parent.parent.parent;
    if (cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression) return cls;
  }
  return null;
}

function methodOf(cls: ClassNode, name: string): FunctionNode | null {
  for (const member of cls.body.body) {
    if (
      (member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) &&
      !member.static &&
      getPropertyName(member) === name
    ) {
      const value = member.value;
      if (isFunctionNode(value)) return value;
    }
  }
  return null;
}

function constructorOf(cls: ClassNode): FunctionNode | null {
  for (const member of cls.body.body) {
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') return member.value as FunctionNode;
  }
  return null;
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

/** Callers that ignore what their callback returns. */
const DROPPING_CALLERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'nextTick', 'forEach']);

/** Expressions that may evaluate to a module, socket, server, local function or class. */
function mayCarryValues(node: TSESTree.Node): boolean {
  switch (unwrapExpression(node).type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.TaggedTemplateExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.UpdateExpression:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
      return false;
    default:
      return true;
  }
}

function isTrackedParameter(param: TSESTree.Parameter | undefined): boolean {
  if (!param) return false;
  const inner = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  const target = inner.type === AST_NODE_TYPES.AssignmentPattern ? inner.left : inner;
  return target.type === AST_NODE_TYPES.Identifier;
}

function isExportsTarget(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === 'exports';
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const object = unwrapExpression(node.object);
    return object.type === AST_NODE_TYPES.Identifier && object.name === 'module' && getPropertyName(node) === 'exports';
  }
  return false;
}

function isNullishType(type: TSESTree.TypeNode): boolean {
  return type.type === AST_NODE_TYPES.TSNullKeyword || type.type === AST_NODE_TYPES.TSUndefinedKeyword;
}

function jsdocOf(sourceCode: Readonly<TSESLint.SourceCode>, fn: FunctionNode): string | null {
  let target: TSESTree.Node = fn;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator) target = parent.parent;
  else if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.PropertyDefinition) target = parent;
  if (target.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || target.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) target = target.parent;
  const comments = sourceCode.getCommentsBefore(target);
  const last = comments[comments.length - 1];
  if (last && last.type === 'Block' && last.value.startsWith('*')) return last.value;
  return null;
}

/**
 * Type-based recognition, used only when typescript-eslint gives a program. Kept behind a
 * cheap syntactic filter: only identifiers and member reads are ever asked about, once each.
 */
class TypeSocketOracle {
  private readonly cache = new Map<unknown, SocketInfo | null>();

  private constructor(
    private readonly services: {
      esTreeNodeToTSNodeMap: { get(node: TSESTree.Node): unknown };
      program: { getTypeChecker(): TypeCheckerLike };
    },
    private readonly checker: TypeCheckerLike,
    private readonly configuredNames: ReadonlySet<string>,
  ) {}

  static create(sourceCode: Readonly<TSESLint.SourceCode>, settings: SocketConcurrencySettings): TypeSocketOracle | null {
    const services = sourceCode.parserServices as
      | { program?: { getTypeChecker(): TypeCheckerLike } | null; esTreeNodeToTSNodeMap?: { get(node: TSESTree.Node): unknown } }
      | undefined;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return null;
    const names = new Set(settings.socketTypes);
    return new TypeSocketOracle(
      services as { esTreeNodeToTSNodeMap: { get(node: TSESTree.Node): unknown }; program: { getTypeChecker(): TypeCheckerLike } },
      services.program.getTypeChecker(),
      names,
    );
  }

  socketFor(node: TSESTree.Node, lookup: boolean, make: () => SocketInfo, variableOf: (id: TSESTree.Identifier) => Variable | null): SocketInfo | null {
    const n = unwrapExpression(node);
    if (n.type !== AST_NODE_TYPES.Identifier && n.type !== AST_NODE_TYPES.MemberExpression) return null;
    // One socket per binding (identifiers) or per source text (member reads such as `this.conn`).
    const key: unknown =
      n.type === AST_NODE_TYPES.Identifier ? (variableOf(n) ?? `id:${n.name}`) : `member:${memberKey(n)}`;
    if (this.cache.has(key)) return this.cache.get(key) ?? null;
    if (!lookup) return null;
    let result: SocketInfo | null = null;
    try {
      const tsNode = this.services.esTreeNodeToTSNodeMap.get(n);
      if (tsNode) {
        const type = this.checker.getTypeAtLocation(tsNode);
        if (this.isSocketType(type, 0)) result = make();
      }
    } catch {
      result = null;
    }
    this.cache.set(key, result);
    return result;
  }

  private isSocketType(type: TypeLike | undefined, depth: number): boolean {
    if (!type || depth > 4) return false;
    if (type.isUnion?.()) return (type.types ?? []).some((t) => this.isSocketType(t, depth + 1));
    const symbol = type.getSymbol?.() ?? type.aliasSymbol;
    if (symbol) {
      const name = symbol.getName();
      if (this.configuredNames.has(name)) return true;
      if (name === 'Socket' || name === 'TLSSocket') {
        // Only Node's own classes: a `Socket` of socket.io or ws is another thing.
        const declarations = symbol.getDeclarations?.() ?? [];
        if (declarations.some((d) => /[\\/]@types[\\/]node[\\/]/.test(d.getSourceFile?.().fileName ?? ''))) return true;
      }
    }
    const bases = type.getBaseTypes?.() ?? [];
    return bases.some((base) => this.isSocketType(base, depth + 1));
  }
}

function memberKey(node: TSESTree.Node): string {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.Identifier) return n.name;
  if (n.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (n.type === AST_NODE_TYPES.MemberExpression) return `${memberKey(n.object)}.${getPropertyName(n) ?? '?'}`;
  return '?';
}

interface TypeLike {
  isUnion?(): boolean;
  types?: TypeLike[];
  getSymbol?(): SymbolLike | undefined;
  aliasSymbol?: SymbolLike;
  getBaseTypes?(): TypeLike[] | undefined;
}
interface SymbolLike {
  getName(): string;
  getDeclarations?(): { getSourceFile?(): { fileName: string } }[] | undefined;
}
interface TypeCheckerLike {
  getTypeAtLocation(node: unknown): TypeLike;
}
