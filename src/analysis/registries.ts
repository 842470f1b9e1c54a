import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { enclosingClass, getPropertyName, isFunctionNode, unwrapExpression } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';
import type { SocketInfo } from './model.js';

type Variable = TSESLint.Scope.Variable;

/**
 * A container the module keeps sockets (or connection data) in: a `Map`, `Set`, array or
 * plain object held by a binding or by a `this.field` of a class.
 */
export interface Registry {
  /** `variable:<name>` or `field:<class offset>.<name>`: stable identity. */
  readonly key: string;
  /** The binding, for variable registries. */
  readonly variable: Variable | null;
  /** A binding declared at module scope. */
  readonly moduleScope: boolean;
  /** Declared as `new WeakMap()`/`new WeakSet()`: entries die with their key. */
  readonly weak: boolean;
  readonly additions: RegistryAddition[];
  /** `delete`, `clear`, `splice`, `pop`, `shift`, `delete r[k]`, re-assignment, `length = 0`, `filter` re-assigned. */
  readonly removals: TSESTree.Node[];
}

export interface RegistryAddition {
  readonly registry: Registry;
  /** The `add`/`set`/`push` call or the `r[k] = v` assignment. */
  readonly node: TSESTree.CallExpression | TSESTree.AssignmentExpression;
  /** Sockets the entry's value is or holds (`{ socket }`, `new Client(socket)`). */
  readonly valueSockets: SocketInfo[];
  /** Sockets the entry's key is, or is taken from (`socket.remotePort`). */
  readonly keySockets: SocketInfo[];
  /** The value holds the socket inside an object: the property names that lead to it (`socket`, `conn`). */
  readonly holderProperties: Set<string>;
}

const ADDING_METHODS = new Set(['add', 'set', 'push', 'unshift']);
const REMOVING_METHODS = new Set(['delete', 'clear', 'splice', 'pop', 'shift']);

const cache = new WeakMap<FileAnalysis, RegistryAnalysis>();

/** Registries of a file, computed on first use and cached per analysis. */
export function getRegistries(analysis: FileAnalysis): RegistryAnalysis {
  let result = cache.get(analysis);
  if (!result) {
    result = new RegistryAnalysis(analysis);
    cache.set(analysis, result);
  }
  return result;
}

export class RegistryAnalysis {
  readonly registries: Registry[] = [];
  private readonly byKey = new Map<string, Registry>();

  constructor(private readonly analysis: FileAnalysis) {
    if (!analysis.active) return;
    this.collectAdditions();
    if (this.registries.length > 0) this.collectRemovals();
  }

  /** The registry a container expression (`clients`, `this.clients`) names, if the module stores sockets in it. */
  registryOf(node: TSESTree.Node | null | undefined): Registry | null {
    if (!node) return null;
    const key = this.keyOf(node);
    return key ? (this.byKey.get(key.key) ?? null) : null;
  }

  /**
   * The sockets an expression holds when it is an element drawn from a registry of sockets:
   * the variable of `for (const c of clients)`, of `clients.forEach((c) => ...)`, the value of
   * `for (const [id, c] of map)`, `map.get(k)`, `Object.values(obj)`, and `c.socket` when the
   * registry holds objects with a `socket` field.
   */
  elementSockets(node: TSESTree.Node): SocketInfo[] {
    const n = unwrapExpression(node);
    if (n.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(n);
      const holder = this.elementRegistry(n.object);
      if (holder && name) {
        return holder.additions.filter((a) => a.holderProperties.has(name)).flatMap((a) => a.valueSockets);
      }
      // `map.get(k)` style access through an index: `clients[id]`.
      if (n.computed) {
        const registry = this.registryOf(n.object);
        if (registry) return registry.additions.filter((a) => a.holderProperties.size === 0).flatMap((a) => a.valueSockets);
      }
      return [];
    }
    const registry = this.elementRegistry(n);
    if (!registry) return this.serverClientSockets(n);
    return registry.additions.filter((a) => a.holderProperties.size === 0).flatMap((a) => a.valueSockets);
  }

  /**
   * `for (const c of wss.clients)`, `wss.clients.forEach((c) => ...)`, `[...wss.clients]`: an
   * element of a ws server's own client set (spec 8.2) is one of that server's connections.
   */
  serverClientSockets(node: TSESTree.Node): SocketInfo[] {
    const n = this.analysis.aliasRoot(node);
    if (n.type !== AST_NODE_TYPES.Identifier) return [];
    const variable = this.analysis.variableOf(n);
    if (!variable || variable.defs.length !== 1) return [];
    const def = variable.defs[0];
    let iterable: TSESTree.Node | null = null;
    if (def.type === 'Parameter') {
      const fn = def.node as TSESTree.Node;
      const call = fn.parent;
      if (isFunctionNode(fn) && fn.params[0] === def.name && call?.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === fn) {
        const callee = unwrapExpression(call.callee);
        const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
        if (method === 'forEach' || method === 'map' || method === 'filter' || method === 'some' || method === 'every') iterable = (callee as TSESTree.MemberExpression).object;
      }
    } else if (def.type === 'Variable') {
      const declarator = def.node as TSESTree.VariableDeclarator;
      const loop = declarator.parent.parent;
      if (loop?.type === AST_NODE_TYPES.ForOfStatement && loop.left === declarator.parent && declarator.id === def.name) iterable = loop.right;
    }
    for (let depth = 0; iterable && depth < 3; depth++) {
      const it: TSESTree.Node = unwrapExpression(iterable);
      if (it.type === AST_NODE_TYPES.ArrayExpression && it.elements.length === 1 && it.elements[0]?.type === AST_NODE_TYPES.SpreadElement) {
        iterable = it.elements[0].argument;
      } else if (it.type === AST_NODE_TYPES.CallExpression && it.callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = getPropertyName(it.callee);
        const object = unwrapExpression(it.callee.object);
        if (method === 'from' && object.type === AST_NODE_TYPES.Identifier && object.name === 'Array') iterable = it.arguments[0] ?? null;
        else if (method === 'values') iterable = it.callee.object;
        else return [];
      } else if (it.type === AST_NODE_TYPES.MemberExpression && getPropertyName(it) === 'clients') {
        const servers = this.analysis.serversOf(it.object).filter((server) => server.module === 'ws');
        return this.analysis.sockets.filter((s) => s.kind === 'ws-connection' && s.server !== null && servers.includes(s.server));
      } else {
        return [];
      }
    }
    return [];
  }

  /** The registry an element expression was drawn from. */
  private elementRegistry(node: TSESTree.Node): Registry | null {
    const n = unwrapExpression(node);
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrapExpression(n.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'get') return this.registryOf(callee.object);
      return null;
    }
    if (n.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = this.analysis.variableOf(n);
    if (!variable || variable.defs.length !== 1) return null;
    const def = variable.defs[0];
    if (def.type === 'Parameter') {
      const fn = def.node as TSESTree.Node;
      if (!isFunctionNode(fn) || fn.params[0] !== def.name) return null;
      const call = fn.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return null;
      const callee = unwrapExpression(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
      const method = getPropertyName(callee);
      if (method !== 'forEach' && method !== 'map' && method !== 'filter' && method !== 'some' && method !== 'every') return null;
      // `Map#forEach` and `Set#forEach` pass the value first, like an array's.
      if (method === 'forEach') return this.iterableRegistry(callee.object) ?? this.registryOf(callee.object);
      return this.iterableRegistry(callee.object);
    }
    if (def.type === 'Variable') {
      const declarator = def.node as TSESTree.VariableDeclarator;
      const declaration = declarator.parent;
      const loop = declaration.parent;
      if (loop?.type === AST_NODE_TYPES.ForOfStatement && loop.left === declaration) {
        if (declarator.id === def.name) return this.iterableRegistry(loop.right);
        // `for (const [id, c] of map)`: the second element of an entry.
        if (declarator.id.type === AST_NODE_TYPES.ArrayPattern && declarator.id.elements[1] === def.name) {
          return this.iterableRegistry(loop.right, true);
        }
        return null;
      }
      if (declarator.init && declarator.id === def.name) return this.elementRegistry(declarator.init);
    }
    return null;
  }

  private iterableRegistry(node: TSESTree.Node, entries = false): Registry | null {
    let n = unwrapExpression(node);
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrapExpression(n.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = getPropertyName(callee);
        const object = unwrapExpression(callee.object);
        // `Object.values(registry)`, `[...registry.values()]`.
        if (object.type === AST_NODE_TYPES.Identifier && object.name === 'Object' && (method === 'values' || method === 'entries') && n.arguments[0]) {
          if ((method === 'entries') !== entries) return null;
          return this.registryOf(n.arguments[0]);
        }
        if (object.type === AST_NODE_TYPES.Identifier && object.name === 'Array' && method === 'from' && n.arguments[0]) {
          return this.iterableRegistry(n.arguments[0], entries);
        }
        if (method === 'values' && !entries) return this.registryOf(callee.object);
        if (method === 'entries' && entries) return this.registryOf(callee.object);
        return null;
      }
      return null;
    }
    if (n.type === AST_NODE_TYPES.ArrayExpression && n.elements.length === 1 && n.elements[0]?.type === AST_NODE_TYPES.SpreadElement) {
      n = n.elements[0].argument;
      return this.iterableRegistry(n, entries);
    }
    const registry = this.registryOf(n);
    if (!registry) return null;
    // A Map iterates entries; a Set or array iterates values.
    const isMap = registry.additions.some((a) => a.node.type === AST_NODE_TYPES.CallExpression && getPropertyName(a.node.callee as TSESTree.MemberExpression) === 'set');
    return isMap === entries ? registry : null;
  }

  // ------------------------------------------------------------ collection

  private keyOf(node: TSESTree.Node): { key: string; variable: Variable | null; moduleScope: boolean } | null {
    const n = unwrapExpression(node);
    if (n.type === AST_NODE_TYPES.Identifier) {
      const variable = this.analysis.variableOf(n);
      if (!variable || variable.defs.length === 0) return null;
      const scope = variable.scope;
      const moduleScope = scope.type === 'module' || scope.type === 'global' || scope.block.type === AST_NODE_TYPES.Program;
      return { key: `variable:${variable.name}:${variable.defs[0].name.range[0]}`, variable, moduleScope };
    }
    if (n.type === AST_NODE_TYPES.MemberExpression && !n.computed) {
      // `this.clients`, and containers nested in fields: `this.namespaces[ns].clients`, also through `self = this`.
      const parts: string[] = [];
      let current: TSESTree.Node = n;
      while (current.type === AST_NODE_TYPES.MemberExpression) {
        const part = current.computed ? '[]' : getPropertyName(current);
        if (!part) return null;
        parts.unshift(part);
        current = unwrapExpression(current.object);
      }
      if (current.type !== AST_NODE_TYPES.ThisExpression && !(current.type === AST_NODE_TYPES.Identifier && this.analysis.constInit(current)?.type === AST_NODE_TYPES.ThisExpression)) return null;
      const cls = enclosingClass(n);
      if (!cls) return null;
      return { key: `field:${cls.range[0]}.${parts.join('.')}`, variable: null, moduleScope: false };
    }
    return null;
  }

  private ensure(info: { key: string; variable: Variable | null; moduleScope: boolean }): Registry {
    let registry = this.byKey.get(info.key);
    if (!registry) {
      registry = { key: info.key, variable: info.variable, moduleScope: info.moduleScope, weak: isWeak(info.variable), additions: [], removals: [] };
      this.byKey.set(info.key, registry);
      this.registries.push(registry);
    }
    return registry;
  }

  private collectAdditions(): void {
    for (const call of this.analysis.callsNamed(...ADDING_METHODS)) {
      if (call.type !== AST_NODE_TYPES.CallExpression) continue;
      const callee = unwrapExpression(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
      const method = getPropertyName(callee);
      if (!method || !ADDING_METHODS.has(method) || call.arguments.length === 0) continue;
      if (this.analysis.isSocket(callee.object)) continue;
      let keyNode: TSESTree.Node | null = null;
      let valueNode: TSESTree.Node;
      if (method === 'set') {
        if (call.arguments.length < 2) continue;
        keyNode = call.arguments[0];
        valueNode = call.arguments[1];
      } else {
        valueNode = call.arguments[0];
      }
      this.record(callee.object, call, keyNode, valueNode);
    }
    for (const assignment of this.assignmentsOf()) {
      const left = assignment.left;
      if (left.type !== AST_NODE_TYPES.MemberExpression || !left.computed) continue;
      this.record(left.object, assignment, left.property, assignment.right);
    }
  }

  private record(
    container: TSESTree.Node,
    node: TSESTree.CallExpression | TSESTree.AssignmentExpression,
    keyNode: TSESTree.Node | null,
    valueNode: TSESTree.Node,
  ): void {
    const holderProperties = new Set<string>();
    const valueSockets = this.heldSockets(valueNode, holderProperties, 0);
    const keySockets = keyNode ? this.keySockets(keyNode, 0) : [];
    if (valueSockets.length === 0 && keySockets.length === 0) return;
    const info = this.keyOf(container);
    if (!info) return;
    const registry = this.ensure(info);
    registry.additions.push({ registry, node, valueSockets, keySockets, holderProperties });
  }

  /** Sockets a value is or holds: `socket`, `{ socket }`, `{ conn: socket }`, `new Client(socket)`, a `const` bound to one. */
  private heldSockets(node: TSESTree.Node, holderProperties: Set<string>, depth: number): SocketInfo[] {
    if (depth > 3) return [];
    const n = unwrapExpression(node);
    const direct = this.analysis.socketsOf(n);
    if (direct.length > 0) return direct;
    if (n.type === AST_NODE_TYPES.ObjectExpression) {
      const result: SocketInfo[] = [];
      for (const prop of n.properties) {
        if (prop.type !== AST_NODE_TYPES.Property) continue;
        const sockets = this.analysis.socketsOf(prop.value);
        if (sockets.length > 0) {
          const name = getPropertyName(prop);
          if (name) holderProperties.add(name);
          result.push(...sockets);
        }
      }
      return result;
    }
    if (n.type === AST_NODE_TYPES.NewExpression) {
      const result: SocketInfo[] = [];
      for (const arg of n.arguments) result.push(...this.analysis.socketsOf(arg));
      if (result.length > 0) holderProperties.add('*');
      return result;
    }
    if (n.type === AST_NODE_TYPES.Identifier) {
      const init = this.analysis.constInit(n) ?? letInit(this.analysis, n);
      if (init) return this.heldSockets(init, holderProperties, depth + 1);
    }
    return [];
  }

  /** Sockets a key is or is taken from: `socket`, `socket.remotePort`, `` `${socket.remoteAddress}:${socket.remotePort}` ``. */
  private keySockets(node: TSESTree.Node, depth: number): SocketInfo[] {
    if (depth > 3) return [];
    const n = unwrapExpression(node);
    const direct = this.analysis.socketsOf(n);
    if (direct.length > 0) return direct;
    switch (n.type) {
      case AST_NODE_TYPES.MemberExpression:
        return this.analysis.socketsOf(n.object);
      case AST_NODE_TYPES.TemplateLiteral:
        return n.expressions.flatMap((e) => this.keySockets(e, depth + 1));
      case AST_NODE_TYPES.BinaryExpression:
        return [...this.keySockets(n.left, depth + 1), ...this.keySockets(n.right, depth + 1)];
      case AST_NODE_TYPES.Identifier: {
        const init = this.analysis.constInit(n) ?? letInit(this.analysis, n);
        return init ? this.keySockets(init, depth + 1) : [];
      }
      default:
        return [];
    }
  }

  private collectRemovals(): void {
    for (const call of this.analysis.callsNamed(...REMOVING_METHODS)) {
      if (call.type !== AST_NODE_TYPES.CallExpression) continue;
      const callee = unwrapExpression(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
      const method = getPropertyName(callee);
      if (!method || !REMOVING_METHODS.has(method)) continue;
      this.registryOf(callee.object)?.removals.push(call);
    }
    for (const assignment of this.assignmentsOf()) {
      const left = assignment.left;
      // `registry = new Map()`, `registry = registry.filter(...)`, `registry.length = 0`.
      const direct = this.registryOf(left);
      if (direct) direct.removals.push(assignment);
      else if (left.type === AST_NODE_TYPES.MemberExpression && getPropertyName(left) === 'length') this.registryOf(left.object)?.removals.push(assignment);
    }
    const visit = (node: TSESTree.Node): void => {
      if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete' && node.argument.type === AST_NODE_TYPES.MemberExpression) {
        this.registryOf(node.argument.object)?.removals.push(node);
      }
    };
    for (const token of this.deleteExpressions()) visit(token);
  }

  private assignmentsOf(): readonly TSESTree.AssignmentExpression[] {
    return this.analysis.assignmentExpressions;
  }

  /** `delete registry[key]`, gathered with the rest of the file's syntax. */
  private deleteExpressions(): readonly TSESTree.UnaryExpression[] {
    return this.analysis.deleteExpressions;
  }

}


function isWeak(variable: Variable | null): boolean {
  if (!variable || variable.defs.length !== 1) return false;
  const def = variable.defs[0];
  if (def.type !== 'Variable') return false;
  const init = (def.node as TSESTree.VariableDeclarator).init;
  if (!init) return false;
  const n = unwrapExpression(init);
  return (
    n.type === AST_NODE_TYPES.NewExpression &&
    n.callee.type === AST_NODE_TYPES.Identifier &&
    (n.callee.name === 'WeakMap' || n.callee.name === 'WeakSet')
  );
}

/** The initializer of a `let`/`var` binding assigned nowhere else (`let key = socket.remotePort`). */
function letInit(analysis: FileAnalysis, identifier: TSESTree.Identifier): TSESTree.Node | null {
  const variable = analysis.variableOf(identifier);
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0];
  if (def.type !== 'Variable') return null;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return null;
  if (variable.references.some((r) => r.isWrite() && !r.init)) return null;
  return declarator.init;
}

