import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { SocketAnnotations } from './annotations.js';
import { type FunctionNode, getPropertyName, getStaticString, unwrapExpression } from './ast.js';
import { type SocketFacts, collectFacts } from './facts.js';
import { DynamicFlow } from './flow.js';
import type { HandlerInfo, ServerInfo, SocketCall, SocketEscape, SocketInfo, SocketListener, SocketPropertyHandler } from './model.js';
import { type SourceScan, normalizeModuleName } from './modules.js';
import { constructorOf } from './objects.js';
import { OriginRegistry } from './origins.js';
import type { SocketConcurrencySettings } from './settings.js';
import { StaticResolver, invokedExpression } from './statics.js';
import { type BoundarySyntax, type CallLike, FileSyntax, type SyntaxLists, type Variable, withinRange } from './syntax.js';
import { TypeSocketOracle } from './types.js';
import { type ObjectKey, EMPTY_VALUES, ValueInterner, innerMap, pushTo } from './values.js';


const NO_NAMES: ReadonlySet<string> = new Set();

const EMPTY_FACTS: SocketFacts = {
  socketCalls: [],
  listeners: [],
  propertyHandlers: [],
  escapes: [],
  handlers: new Map(),
  socketCallsByNode: new Map(),
  socketCallsByFunction: new Map(),
};

/**
 * The socket facts of one file (spec section 0), computed once and shared by every rule.
 *
 * The file first passes a cheap exit (`scanSocketSources`: no AST walk). Then its syntax lists,
 * gathered during ESLint's own traversal, are indexed (`FileSyntax`); the object model and the module's own functions and objects are
 * resolved on demand (`StaticResolver`); module bindings, sockets and servers are pushed from
 * their sources along def-use chains (`DynamicFlow`); and the per-socket facts are read from the
 * edges that flow reached (`collectFacts`). Everything is plain data that rules query.
 */
export class FileAnalysis {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly settings: SocketConcurrencySettings;
  /** False when the file cannot obtain a socket: every query answers "nothing". */
  readonly active: boolean;

  private readonly syntax: FileSyntax | null = null;
  private readonly statics: StaticResolver | null = null;
  private readonly flow: DynamicFlow | null = null;
  private readonly origins: OriginRegistry | null = null;
  private readonly typeChecker: TypeSocketOracle | null = null;
  private readonly facts: SocketFacts = EMPTY_FACTS;
  private readonly values = new ValueInterner();
  private callerIndex = new Map<FunctionNode, TSESTree.CallExpression[]>();
  private readonly calleeCache = new Map<FunctionNode, FunctionNode[]>();
  private readonly reachableCache = new Map<FunctionNode, Map<string, ReadonlySet<FunctionNode>>>();
  private socketIndex: {
    calls: Map<SocketInfo, SocketCall[]>;
    listeners: Map<SocketInfo, SocketListener[]>;
    escapes: Map<SocketInfo, SocketEscape[]>;
  } | null = null;
  private readonly typedSockets = new Map<unknown, SocketInfo | null>();

  constructor(
    sourceCode: Readonly<TSESLint.SourceCode>,
    settings: SocketConcurrencySettings,
    scan: SourceScan,
    typeChecker: TypeSocketOracle | null,
    lists: SyntaxLists | null,
  ) {
    this.sourceCode = sourceCode;
    this.settings = settings;
    this.active = scan.active && lists !== null;
    if (!this.active || !lists) return;
    this.typeChecker = typeChecker;
    const syntax = new FileSyntax(sourceCode, lists);
    const statics = new StaticResolver(syntax, this.values);
    const origins = new OriginRegistry(syntax);
    const flow = new DynamicFlow(syntax, statics, origins, this.values, settings);
    this.syntax = syntax;
    this.statics = statics;
    this.origins = origins;
    this.flow = flow;
    flow.requireCalls = new Set(scan.requireCalls);
    this.seed(scan.requireCalls, scan.mayHaveJsdocSockets, scan.mayAnnotateSockets);
    flow.solve();
    // A file that binds a socket module but makes no socket or server (`net.isIP`, `http.STATUS_CODES`)
    // has no facts: typed sockets are the only ones found later, while facts are collected.
    if (origins.sockets.length === 0 && origins.servers.length === 0 && !typeChecker) return;
    this.facts = collectFacts({
      touched: flow.touched,
      calls: syntax.calls,
      returns: syntax.returns,
      assignments: syntax.assignments,
      declarators: syntax.declarators,
      functions: syntax.functions,
      program: sourceCode.ast,
      sockets: origins.sockets,
      socketsOf: (node, askTypes) => this.socketsOf(node, askTypes),
      originSocketsOf: (node) => this.socketsOf(node).filter((s) => s.isOrigin),
      functionsOf: (node) => statics.functionsOf(node),
      objectsOf: (node) => statics.objectsOf(node),
      staticStrings: (node) => syntax.staticStrings(node),
      localTargets: (call) => this.localTargets(call),
      calleeKinds: (call) => this.calleeKinds(call),
      forwardedSockets: (call, method) => this.forwardedSockets(call, method),
      // Forwarding only yields sockets the flow holds: with none (a TypeScript file analysed for its
      // types alone), the object model is not built for it.
      forwardedMethodNames: origins.sockets.length > 0 ? statics.objects.forwardedMethodNames : NO_NAMES,
      askTypesForCalls: typeChecker !== null,
      callsNamed: (...names) => this.callsNamed(...names),
      variableOf: (id) => syntax.variableOf(id),
      isGlobalReference: (id) => syntax.isGlobalReference(id),
      variableSockets: (variable) => {
        const result: SocketInfo[] = [];
        for (const v of flow.variableValues(variable)) if (v.kind === 'socket') result.push(v.socket);
        return result;
      },
      isTlsOptionsObject: (node) => this.isTlsOptionsObject(node),
      socketParameters: function* () {
        for (const [variable, values] of flow.socketParameters()) {
          const sockets: SocketInfo[] = [];
          for (const v of values) if (v.kind === 'socket') sockets.push(v.socket);
          if (sockets.length > 0) yield [variable, sockets];
        }
      },
    });
  }

  // ---------------------------------------------------------------- seeding

  private seed(requireCalls: readonly TSESTree.CallExpression[], mayHaveJsdoc: boolean, mayAnnotate: boolean): void {
    const syntax = this.syntax!;
    const flow = this.flow!;
    const manager = this.sourceCode.scopeManager;
    const annotatedParams: { variable: Variable; identifier: TSESTree.Identifier }[] = [];
    // Import bindings live in the module scope (or the global scope of a script with `import x = require`).
    const moduleScope = manager?.globalScope ? (manager.globalScope.childScopes.find((s) => s.type === 'module') ?? manager.globalScope) : null;
    for (const variable of moduleScope?.variables ?? []) {
      for (const def of variable.defs) {
        if (def.type !== 'ImportBinding') continue;
        const module = importedModule(def.node);
        if (module) flow.seedVariable(variable, this.values.module(module.module, module.path));
      }
    }
    // Annotated sockets: only in files whose text names a socket type at all.
    const text = this.sourceCode.text;
    // A type annotation needs TypeScript syntax (`: Socket`, `: net.Socket | null`): `mayAnnotate`.
    // JSDoc: only parameters a `@param {...Socket...} name` tag names can be annotated sockets.
    const jsdocNames = new Set<string>();
    if (mayHaveJsdoc) for (const match of text.matchAll(/@param\s*\{[^}]*Socket[^}]*\}\s*\[?([\w$]+)/g)) jsdocNames.add(match[1]);
    if (manager && (mayAnnotate || jsdocNames.size > 0)) {
      for (const scope of manager.scopes) {
        for (const variable of scope.variables) {
          // Without TypeScript annotations only the names the JSDoc tags give can be annotated.
          if (!mayAnnotate && !jsdocNames.has(variable.name)) continue;
          for (const def of variable.defs) {
            if ((def.type !== 'Parameter' && def.type !== 'Variable') || def.name.type !== AST_NODE_TYPES.Identifier) continue;
            if (def.name.typeAnnotation ? mayAnnotate && annotationMayNameSocket(text, def.name.typeAnnotation, this.settings) : def.type === 'Parameter' && jsdocNames.has(def.name.name)) {
              annotatedParams.push({ variable, identifier: def.name });
            }
          }
        }
      }
    }
    for (const call of requireCalls) flow.seedExpression(call);
    for (const expression of syntax.dynamicImports) {
      if (normalizeModuleName(getStaticString(expression.source) ?? '')) flow.seedExpression(expression);
    }
    for (const name of this.settings.socketFactories) for (const call of syntax.callsByName.get(name) ?? []) flow.seedExpression(call);
    // Annotations read the module values of type names, so they come after the imports.
    const annotations = new SocketAnnotations(this.sourceCode, syntax, this.settings, mayHaveJsdoc, (variable) => flow.variableValues(variable));
    for (const { variable, identifier } of annotatedParams) {
      if (!annotations.isSocketAnnotation(identifier)) continue;
      const socket = this.origins!.annotated(identifier);
      flow.seedVariable(variable, this.values.socket(socket));
      // `constructor(private socket: Socket)` also declares the field `this.socket`.
      const property = identifier.parent;
      if (property?.type === AST_NODE_TYPES.TSParameterProperty && property.parent?.parent?.type === AST_NODE_TYPES.MethodDefinition) {
        flow.seedField(property.parent.parent.parent.parent as ObjectKey, identifier.name, this.values.socket(socket));
      }
    }
    // `socket: Socket;` / `#socket?: net.Socket` fields, and JSDoc `@type {import('net').Socket}` on `this.x = ...`.
    for (const field of mayAnnotate || mayHaveJsdoc ? syntax.classFields : []) {
      const name = getPropertyName(field);
      const type = field.typeAnnotation?.typeAnnotation;
      if (!name || field.static) continue;
      if ((type && annotations.isSocketTypeNode(type)) || annotations.isSocketJsdocType(field)) {
        const socket = this.origins!.annotated(field.key as TSESTree.Identifier);
        flow.seedField(field.parent.parent as ObjectKey, name, this.values.socket(socket));
      }
    }
    if (mayHaveJsdoc) {
      for (const assignment of syntax.assignments) {
        if (assignment.left.type !== AST_NODE_TYPES.MemberExpression || assignment.parent?.type !== AST_NODE_TYPES.ExpressionStatement) continue;
        const name = getPropertyName(assignment.left);
        if (!name || !annotations.isSocketJsdocType(assignment.parent)) continue;
        const socket = this.origins!.annotated(assignment.left.property as TSESTree.Identifier);
        for (const key of this.statics!.objectsOf(assignment.left.object)) flow.seedField(key, name, this.values.socket(socket));
      }
    }
  }

  // ---------------------------------------------------------------- the file's syntax

  /** Every call and `new` of the file in source order. */
  get calls(): readonly CallLike[] {
    return this.syntax?.calls ?? [];
  }

  get functions(): readonly FunctionNode[] {
    return this.syntax?.functions ?? [];
  }

  /** Boundary syntax (`await`, `yield`, `for await`) in source order. */
  get boundarySyntax(): readonly BoundarySyntax[] {
    return this.syntax?.boundarySyntax ?? [];
  }

  get returns(): readonly TSESTree.ReturnStatement[] {
    return this.syntax?.returns ?? [];
  }

  /** `delete x[k]` expressions of the file, in source order. */
  get deleteExpressions(): readonly TSESTree.UnaryExpression[] {
    return this.syntax?.deletes ?? [];
  }

  /** Every assignment expression of the file, in source order (read-only view). */
  get assignmentExpressions(): readonly TSESTree.AssignmentExpression[] {
    return this.syntax?.assignments ?? [];
  }

  /** The member expressions inside `node`, in source order (from the syntax index, no walk). */
  membersWithin(node: TSESTree.Node): readonly TSESTree.MemberExpression[] {
    return this.syntax?.membersWithin(node) ?? [];
  }

  /** The class fields inside `node`, in source order. */
  classFieldsWithin(node: TSESTree.Node): readonly TSESTree.PropertyDefinition[] {
    return this.syntax?.classFieldsWithin(node) ?? [];
  }

  get sockets(): readonly SocketInfo[] {
    return this.origins?.sockets ?? [];
  }

  /**
   * The file makes, receives or annotates a socket or a server. Final once the analysis is
   * built: typed sockets are looked up only while the facts are collected.
   */
  get hasSockets(): boolean {
    return this.origins !== null && (this.origins.sockets.length > 0 || this.origins.servers.length > 0);
  }

  get servers(): readonly ServerInfo[] {
    return this.origins?.servers ?? [];
  }

  get socketCalls(): readonly SocketCall[] {
    return this.facts.socketCalls;
  }

  get listeners(): readonly SocketListener[] {
    return this.facts.listeners;
  }

  get escapes(): readonly SocketEscape[] {
    return this.facts.escapes;
  }

  get handlers(): ReadonlyMap<FunctionNode, HandlerInfo> {
    return this.facts.handlers;
  }

  variableOf(identifier: TSESTree.Identifier): Variable | null {
    return this.syntax?.variableOf(identifier) ?? null;
  }

  /** An identifier that reads a global (`require`, `setTimeout`, `process`), not a binding of this file. */
  isGlobalReference(identifier: TSESTree.Identifier): boolean {
    return this.syntax ? this.syntax.isGlobalReference(identifier) : true;
  }

  /** The initializer of a `const` binding an identifier reads, for evaluating configuration constants. */
  constInit = (identifier: TSESTree.Identifier): TSESTree.Node | null => {
    const variable = this.variableOf(identifier);
    if (!variable || variable.defs.length !== 1) return null;
    const def = variable.defs[0];
    if (def.type !== 'Variable' || def.parent?.kind !== 'const') return null;
    const declarator = def.node as TSESTree.VariableDeclarator;
    return declarator.id.type === AST_NODE_TYPES.Identifier ? declarator.init : null;
  };

  /**
   * The binding a `const` alias names (`const ws = client`, `const ws = client as Live`), followed
   * to the first binding that is not one: syntactic shapes keyed on a binding (a loop element of
   * `wss.clients`) see through aliases as the value flow does.
   */
  aliasRoot(node: TSESTree.Node): TSESTree.Node {
    let current = unwrapExpression(node);
    for (let depth = 0; depth < 4 && current.type === AST_NODE_TYPES.Identifier; depth++) {
      const init = this.constInit(current);
      if (!init) break;
      const next = unwrapExpression(init);
      if (next.type !== AST_NODE_TYPES.Identifier) break;
      current = next;
    }
    return current;
  }

  /** The strings a literal list spells (spec 0.1, "literal lists"): `'error'`, or `ev` of `['error', 'close'].forEach((ev) => ...)`. */
  staticStrings(node: TSESTree.Node | null | undefined): string[] | null {
    return this.syntax?.staticStrings(node) ?? null;
  }

  // ---------------------------------------------------------------- values

  /**
   * The sockets an expression may evaluate to (aliases, fields of every object kind,
   * parameters, returns followed). With type information, a new type lookup is made only for
   * receivers of socket methods (`askTypes`, used while collecting socket calls); every other
   * query reuses those answers, so a rule asking about arbitrary expressions never drives the
   * type checker.
   */
  socketsOf(node: TSESTree.Node | null | undefined, askTypes = false): SocketInfo[] {
    if (!node || !this.flow) return [];
    const result: SocketInfo[] = [];
    const values = this.flow.valuesOf(node);
    for (const value of values) if (value.kind === 'socket') result.push(value.socket);
    // A value whose provenance is known (a module member, a server, a request) needs no type.
    if (values.size === 0 && this.typeChecker) {
      const typed = this.typedSocket(node, askTypes);
      if (typed) result.push(typed);
    }
    return result;
  }

  isSocket(node: TSESTree.Node | null | undefined): boolean {
    return this.socketsOf(node).length > 0;
  }

  /** The functions of this module an expression may evaluate to (named, inline, `.bind`, methods of every object kind). */
  functionsOf(node: TSESTree.Node | null | undefined): FunctionNode[] {
    if (!node || !this.statics) return [];
    return this.statics.functionsOf(node);
  }

  /** The module's object kinds an expression may be an instance of (classes, constructor functions, literals). */
  objectsOf(node: TSESTree.Node | null | undefined): ObjectKey[] {
    if (!node || !this.statics) return [];
    return this.statics.objectsOf(node);
  }

  /** `net.connect`-style resolution: the module member a callee or value stands for, if any. */
  moduleMembersOf(node: TSESTree.Node | null | undefined): { module: string; path: string }[] {
    if (!node || !this.flow) return [];
    const result: { module: string; path: string }[] = [];
    for (const value of this.flow.valuesOf(node)) if (value.kind === 'module') result.push(value);
    return result;
  }

  /** True when the callee of `call` is `module.path` (e.g. `events`, `once`) under any import form. */
  calleeIs(call: CallLike, module: string, path: string): boolean {
    return this.moduleMembersOf(call.callee).some((m) => m.module === module && m.path === path);
  }

  serversOf(node: TSESTree.Node | null | undefined): ServerInfo[] {
    if (!node || !this.flow) return [];
    const result: ServerInfo[] = [];
    for (const value of this.flow.valuesOf(node)) if (value.kind === 'server') result.push(value.server);
    return result;
  }

  // ---------------------------------------------------------------- per-socket facts

  /** Method calls on a socket, in source order. */
  callsOn(socket: SocketInfo): readonly SocketCall[] {
    return this.bySocket().calls.get(socket) ?? [];
  }

  listenersOf(socket: SocketInfo, event?: string): SocketListener[] {
    const all = this.bySocket().listeners.get(socket) ?? [];
    return event === undefined ? [...all] : all.filter((l) => l.event === event);
  }

  /** `ws.onerror = fn`-style handlers of a socket, for one event (`'error'`) or all. */
  propertyHandlersOf(socket: SocketInfo, event?: string): SocketPropertyHandler[] {
    return this.facts.propertyHandlers.filter((h) => h.socket === socket && (event === undefined || h.event === event));
  }

  escapesOf(socket: SocketInfo): readonly SocketEscape[] {
    return this.bySocket().escapes.get(socket) ?? [];
  }

  /** The socket calls made inside a function's own body (not inside nested functions). */
  socketCallsInFunction(fn: FunctionNode): SocketCall[] {
    return this.facts.socketCallsByFunction.get(fn) ?? [];
  }

  socketCallsAt(call: TSESTree.Node): SocketCall[] {
    return this.facts.socketCallsByNode.get(call) ?? [];
  }

  private bySocket(): NonNullable<FileAnalysis['socketIndex']> {
    if (!this.socketIndex) {
      const index = { calls: new Map<SocketInfo, SocketCall[]>(), listeners: new Map<SocketInfo, SocketListener[]>(), escapes: new Map<SocketInfo, SocketEscape[]>() };
      for (const call of this.facts.socketCalls) pushTo(index.calls, call.socket, call);
      for (const listener of this.facts.listeners) pushTo(index.listeners, listener.socket, listener);
      for (const escape of this.facts.escapes) pushTo(index.escapes, escape.socket, escape);
      this.socketIndex = index;
    }
    return this.socketIndex;
  }

  // ---------------------------------------------------------------- call graph

  /** Local functions called from `fn`'s own body (including methods reached through `this`, `self`, prototypes). */
  calleesOf(fn: FunctionNode): FunctionNode[] {
    let callees = this.calleeCache.get(fn);
    if (!callees) {
      const result = new Set<FunctionNode>();
      for (const call of this.callsInFunction(fn)) {
        if (call.type !== AST_NODE_TYPES.CallExpression) continue;
        const invoked = invokedExpression(call);
        if (!this.statics!.mayBeLocal(invoked)) continue;
        for (const callee of this.functionsOf(invoked)) result.add(callee);
      }
      callees = [...result];
      this.calleeCache.set(fn, callees);
    }
    return callees;
  }

  /** The calls (not `new`s) of this file that may run `fn` (`fn.call`/`fn.apply` included). */
  callersOf(fn: FunctionNode): readonly TSESTree.CallExpression[] {
    let callers = this.callerIndex.get(fn);
    if (!callers) {
      callers = (this.statics?.invocationsOf(fn) ?? []).filter((c): c is TSESTree.CallExpression => c.type === AST_NODE_TYPES.CallExpression);
      this.callerIndex.set(fn, callers);
    }
    return callers;
  }

  /**
   * The calls and `new`s of the file that call a given name (`f(...)`, `x.f(...)`,
   * `x.f.call(...)`), in source order: a rule looking for `setTimeout` or `write` asks here
   * instead of scanning every call.
   */
  callsNamed(...names: string[]): readonly CallLike[] {
    if (!this.syntax) return [];
    if (names.length === 1) return this.syntax.callsByName.get(names[0]) ?? [];
    const result: CallLike[] = [];
    for (const name of names) for (const call of this.syntax.callsByName.get(name) ?? []) result.push(call);
    return result.sort((a, b) => a.range[0] - b.range[0]);
  }

  /** The calls and `new`s inside `node` (nested functions included), in source order: a range lookup. */
  callsWithin(node: TSESTree.Node): readonly CallLike[] {
    return withinRange(this.calls, node.range);
  }

  /** Calls and `new`s made in `fn`'s own body (not in nested functions), in source order. */
  callsInFunction(fn: FunctionNode): readonly CallLike[] {
    return this.syntax?.callsInFunction(fn) ?? [];
  }

  /** Functions reachable from `fn` through local calls, `fn` included (bounded depth); shared by every rule that asks. */
  reachableFunctions(fn: FunctionNode, maxDepth = 4): ReadonlySet<FunctionNode> {
    const key = `${maxDepth}`;
    const byDepth = innerMap(this.reachableCache, fn);
    let seen = byDepth.get(key);
    if (seen) return seen;
    const reached = new Set<FunctionNode>([fn]);
    seen = reached;
    let frontier = [fn];
    for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
      const next: FunctionNode[] = [];
      for (const f of frontier) {
        for (const callee of this.calleesOf(f)) {
          if (!reached.has(callee)) {
            reached.add(callee);
            next.push(callee);
          }
        }
      }
      frontier = next;
    }
    byDepth.set(key, seen);
    return seen;
  }


  // ---------------------------------------------------------------- helpers for the facts

  private localTargets(call: CallLike): FunctionNode[] {
    const result = this.functionsOf(invokedExpression(call));
    if (call.type === AST_NODE_TYPES.NewExpression) {
      for (const value of this.statics!.staticOf(call.callee)) {
        if (value.kind === 'class') {
          const ctor = constructorOf(value.cls);
          if (ctor) result.push(ctor);
        }
      }
    }
    return result;
  }

  private calleeKinds(call: CallLike) {
    const callee = unwrapExpression(call.callee);
    const statics = this.statics!.staticOf(callee);
    let local = false;
    for (const v of statics) if (v.kind === 'function' || v.kind === 'class' || v.kind === 'object') local = true;
    const modules: { module: string; path: string }[] = [];
    let socketOrServer = false;
    const servers: { module: string }[] = [];
    for (const v of this.flow!.valuesOf(callee)) {
      if (v.kind === 'module') modules.push(v);
      else if (v.kind === 'socket' || v.kind === 'server') socketOrServer = true;
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      for (const v of this.flow!.valuesOf(callee.object)) if (v.kind === 'server') servers.push(v.server);
      // A method of one of the module's objects; not `new this.socketClass(socket)`, which
      // constructs whatever class the field holds (another module's, as far as we know).
      if (!local && call.type === AST_NODE_TYPES.CallExpression) for (const v of this.statics!.staticOf(callee.object)) if (v.kind === 'object') local = true;
    }
    return { local, modules, socketOrServer, servers };
  }

  private forwardedSockets(call: TSESTree.CallExpression, method: string): SocketInfo[] {
    const callee = unwrapExpression(call.callee) as TSESTree.MemberExpression;
    const result: SocketInfo[] = [];
    for (const key of this.statics!.objectsOf(callee.object)) {
      const field = this.statics!.objects.forwardedField(key, method);
      if (!field) continue;
      for (const value of this.flow!.valuesOf(callee.object)) if (value.kind === 'socket') result.push(value.socket);
      const member = { type: AST_NODE_TYPES.MemberExpression, object: callee.object, property: { type: AST_NODE_TYPES.Identifier, name: field }, computed: false } as unknown as TSESTree.MemberExpression;
      for (const value of this.flow!.valuesOf(member)) if (value.kind === 'socket' && !result.includes(value.socket)) result.push(value.socket);
    }
    return result;
  }

  /** `opts` in `opts.socket = raw; tls.connect(opts)`: the options of a TLS wrapper (spec 0.4). */
  private isTlsOptionsObject(node: TSESTree.Node): boolean {
    const n = unwrapExpression(node);
    if (n.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.variableOf(n);
    if (!variable) return false;
    for (const reference of variable.references) {
      const parent = reference.identifier.parent;
      if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.arguments.includes(reference.identifier as TSESTree.Expression)) {
        const origin = this.origins!.originMadeBy(parent);
        if (origin?.kind === 'tls-client') return true;
      }
    }
    return false;
  }

  private typedSocket(node: TSESTree.Node, lookup: boolean): SocketInfo | null {
    return (
      this.typeChecker?.socketFor(node, lookup, () => this.origins!.typed(node), (identifier) => this.variableOf(identifier)) ?? null
    );
  }
}

function annotationMayNameSocket(text: string, annotation: TSESTree.Node, settings: SocketConcurrencySettings): boolean {
  const written = text.slice(annotation.range[0], annotation.range[1]);
  return written.includes('Socket') || settings.socketTypes.some((name) => written.includes(name));
}

/** The module and member an import binding names: `import net from 'net'` → net; `import { connect }` → net.connect. */
function importedModule(node: TSESTree.Node): { module: string; path: string } | null {
  if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    const reference = node.moduleReference;
    if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return null;
    const module = normalizeModuleName(getStaticString(reference.expression) ?? '');
    return module ? { module, path: '' } : null;
  }
  const declaration = node.parent;
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return null;
  const module = normalizeModuleName(String(declaration.source.value));
  if (!module) return null;
  if (node.type === AST_NODE_TYPES.ImportSpecifier) {
    const imported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : String(node.imported.value);
    return { module, path: imported === 'default' ? '' : imported };
  }
  return { module, path: '' };
}

export { EMPTY_VALUES };
