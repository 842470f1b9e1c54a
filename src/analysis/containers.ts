import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { enclosingClass, getPropertyName, unwrapExpression } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';

/**
 * Shared mutable containers (spec 1): module-scope `Map`/`Set`/`WeakMap`/`WeakSet`/plain-object
 * registries, and `this` fields holding them in a class that accepts connections. Computed
 * lazily, once per file, from the shared analysis.
 */
export interface SharedContainer {
  readonly id: number;
  /** How the code names it: `clients`, `this.sessions`. */
  readonly name: string;
  readonly kind: 'map' | 'set' | 'object';
  /** The declarator or field that creates it. */
  readonly node: TSESTree.Node;
  /** For `this` fields: the class whose instances hold it. */
  readonly ownerClass: TSESTree.ClassDeclaration | TSESTree.ClassExpression | null;
  readonly accesses: ContainerAccess[];
}

export type AccessKind = 'read' | 'write' | 'read-write';

export interface ContainerAccess {
  readonly container: SharedContainer;
  /** The whole access: the call, the member read, the assignment, the `delete`, the `in` test or the loop. */
  readonly node: TSESTree.Node;
  readonly kind: AccessKind;
  /** `get`, `set`, `[]`, `in`, `delete`, `iterate`, `size`, ... */
  readonly operation: string;
  /** The key expression, when the access names one. */
  readonly key: TSESTree.Node | null;
  /** The written value (`set(k, v)`, `obj[k] = v`), when there is one. */
  readonly value: TSESTree.Node | null;
}

const COLLECTIONS: Record<string, SharedContainer['kind']> = { Map: 'map', Set: 'set', WeakMap: 'map', WeakSet: 'set' };
const READ_METHODS = new Set(['get', 'has', 'keys', 'values', 'entries', 'forEach']);
const WRITE_METHODS = new Set(['set', 'add', 'delete', 'clear']);
const ITERATING = new Set(['keys', 'values', 'entries']);

export class ContainerAnalysis {
  readonly containers: SharedContainer[] = [];
  private readonly byNode = new Map<TSESTree.Node, ContainerAccess>();

  constructor(private readonly analysis: FileAnalysis) {
    if (!analysis.active) return;
    this.collectModuleContainers();
    this.collectServerClassContainers();
  }

  /** The container access made by exactly this node (a call, member, assignment, ...), if any. */
  accessAt(node: TSESTree.Node): ContainerAccess | null {
    return this.byNode.get(node) ?? null;
  }

  private collectModuleContainers(): void {
    const scopeManager = this.analysis.sourceCode.scopeManager;
    if (!scopeManager) return;
    const scopes = [scopeManager.globalScope, ...(scopeManager.globalScope?.childScopes ?? [])];
    for (const scope of scopes) {
      if (!scope || scope.block.type !== AST_NODE_TYPES.Program) continue;
      for (const variable of scope.variables) {
        if (variable.defs.length !== 1) continue;
        const def = variable.defs[0];
        if (def.type !== 'Variable') continue;
        const declarator = def.node as TSESTree.VariableDeclarator;
        if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
        const kind = containerKind(declarator.init);
        if (!kind) continue;
        const container: SharedContainer = { id: this.containers.length, name: variable.name, kind, node: declarator, ownerClass: null, accesses: [] };
        let escapes = false;
        for (const reference of variable.references) {
          const id = reference.identifier as TSESTree.Identifier;
          if (id === declarator.id) continue;
          if (reference.isWrite()) {
            // Re-assigned to something that is not a fresh container: not a registry we understand.
            const parent = id.parent;
            if (!(parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === id && containerKind(parent.right) === kind)) {
              escapes = true;
            }
            continue;
          }
          this.addAccess(container, id);
        }
        if (escapes) continue;
        if (kind === 'object' && !container.accesses.some((a) => a.operation !== '.')) continue;
        this.register(container);
      }
    }
  }

  private collectServerClassContainers(): void {
    const classes = new Set<TSESTree.ClassDeclaration | TSESTree.ClassExpression>();
    for (const server of this.analysis.servers) {
      const cls = enclosingClass(server.node);
      if (cls) classes.add(cls);
    }
    for (const socket of this.analysis.sockets) {
      if (socket.kind === 'client' || socket.kind === 'tls-client' || socket.kind === 'factory' || socket.kind === 'annotated' || socket.kind === 'typed') continue;
      for (const fn of socket.listeners) {
        const cls = enclosingClass(fn);
        if (cls) classes.add(cls);
      }
    }
    for (const cls of classes) {
      const fields = new Map<string, { kind: SharedContainer['kind']; node: TSESTree.Node }>();
      const members: TSESTree.MemberExpression[] = [];
      // The class's fields and member reads from the syntax index, merged back into source order
      // (a field declared after the constructor's `this.x = new Map()` still names the container).
      const declared = this.analysis.classFieldsWithin(cls.body);
      const read = this.analysis.membersWithin(cls.body);
      for (let f = 0, m = 0; f < declared.length || m < read.length; ) {
        if (f < declared.length && (m >= read.length || declared[f].range[0] <= read[m].range[0])) {
          const field = declared[f++];
          if (field.static || !field.value || field.parent.parent !== cls) continue;
          const name = getPropertyName(field);
          const kind = containerKind(field.value);
          if (name && kind) fields.set(name, { kind, node: field });
          continue;
        }
        const member = read[m++];
        if (member.object.type !== AST_NODE_TYPES.ThisExpression || thisClass(member) !== cls) continue;
        members.push(member);
        const parent = member.parent;
        if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member && parent.operator === '=') {
          const name = getPropertyName(member);
          const kind = containerKind(parent.right);
          if (name && kind && !fields.has(name)) fields.set(name, { kind, node: parent });
        }
      }
      const containers = new Map<string, SharedContainer>();
      for (const [name, field] of fields) {
        containers.set(name, { id: -1, name: `this.${name}`, kind: field.kind, node: field.node, ownerClass: cls, accesses: [] });
      }
      const rejected = new Set<string>();
      for (const member of members) {
        const name = getPropertyName(member);
        const container = name ? containers.get(name) : undefined;
        if (!container || !name) continue;
        const parent = member.parent;
        if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member) {
          if (containerKind(parent.right) !== container.kind) rejected.add(name);
          continue;
        }
        this.addAccess(container, member);
      }
      for (const [name, container] of containers) {
        if (rejected.has(name)) continue;
        if (container.kind === 'object' && !container.accesses.some((a) => a.operation !== '.')) continue;
        this.register(container);
      }
    }
  }

  private register(container: SharedContainer): void {
    (container as { id: number }).id = this.containers.length;
    this.containers.push(container);
    for (const access of container.accesses) this.byNode.set(access.node, access);
  }

  /** Classifies one use of the container expression `ref` (an identifier or `this.x`). */
  private addAccess(container: SharedContainer, ref: TSESTree.Node): void {
    let expr: TSESTree.Node = ref;
    while (expr.parent && isTransparent(expr.parent, expr)) expr = expr.parent;
    const parent = expr.parent;
    if (!parent) return;
    const push = (node: TSESTree.Node, kind: AccessKind, operation: string, key: TSESTree.Node | null, value: TSESTree.Node | null): void => {
      container.accesses.push({ container, node, kind, operation, key, value });
    };
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === expr) {
      const name = parent.computed ? null : getPropertyName(parent);
      const call = parent.parent;
      if (container.kind !== 'object') {
        if (name === 'size') {
          push(parent, 'read', 'size', null, null);
          return;
        }
        if (!name || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return;
        const key = call.arguments[0] ?? null;
        if (READ_METHODS.has(name)) {
          if (ITERATING.has(name) && isIterated(call)) push(call, 'read', 'iterate', null, null);
          else push(call, 'read', name, name === 'get' || name === 'has' ? key : null, null);
        } else if (WRITE_METHODS.has(name)) {
          push(call, 'write', name, name === 'clear' ? null : key, name === 'set' ? (call.arguments[1] ?? null) : null);
        }
        return;
      }
      // Plain-object registry: computed members are entries; static members are config-like.
      const key = parent.computed ? parent.property : null;
      const operation = parent.computed ? '[]' : '.';
      const outer = parent.parent;
      if (outer?.type === AST_NODE_TYPES.AssignmentExpression && outer.left === parent) {
        push(outer, outer.operator === '=' ? 'write' : 'read-write', operation, key, outer.right);
      } else if (outer?.type === AST_NODE_TYPES.UnaryExpression && outer.operator === 'delete') {
        push(outer, 'write', 'delete', key, null);
      } else if (outer?.type === AST_NODE_TYPES.UpdateExpression) {
        push(outer, 'read-write', operation, key, null);
      } else if (outer?.type === AST_NODE_TYPES.CallExpression && outer.callee === parent) {
        return;
      } else {
        push(parent, 'read', operation, key, null);
      }
      return;
    }
    if (parent.type === AST_NODE_TYPES.BinaryExpression && parent.operator === 'in' && parent.right === expr) {
      push(parent, 'read', 'in', parent.left, null);
      return;
    }
    if ((parent.type === AST_NODE_TYPES.ForOfStatement || parent.type === AST_NODE_TYPES.ForInStatement) && parent.right === expr) {
      // The loop head reads the container before each iteration: the read is the iterated expression.
      push(expr, 'read', 'iterate', null, null);
      return;
    }
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === expr) {
      // Object.keys(registry), [...registry] and friends read every entry.
      const callee = parent.callee;
      if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && (callee.object.name === 'Object' || callee.object.name === 'Array')) {
        push(parent, 'read', 'iterate', null, null);
      }
    }
  }
}

function isTransparent(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  return (
    (parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression) &&
    parent.expression === child
  );
}

function isIterated(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  return (parent?.type === AST_NODE_TYPES.ForOfStatement && parent.right === call) || parent?.type === AST_NODE_TYPES.SpreadElement;
}

function containerKind(init: TSESTree.Node): SharedContainer['kind'] | null {
  const node = unwrapExpression(init);
  if (node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier) {
    return COLLECTIONS[node.callee.name] ?? null;
  }
  if (node.type === AST_NODE_TYPES.ObjectExpression && node.properties.length === 0) return 'object';
  if (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    node.callee.object.type === AST_NODE_TYPES.Identifier &&
    node.callee.object.name === 'Object' &&
    getPropertyName(node.callee) === 'create' &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    node.arguments[0].value === null
  ) {
    return 'object';
  }
  return null;
}


/** The class whose instance `this` in `member.object` is (arrows are transparent). */
function thisClass(member: TSESTree.MemberExpression): TSESTree.Node | null {
  let current: TSESTree.Node | undefined = member.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) {
      const holder = current.parent;
      if (holder?.type === AST_NODE_TYPES.MethodDefinition || holder?.type === AST_NODE_TYPES.PropertyDefinition) return holder.parent.parent;
      return null;
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition) return current.parent.parent;
    current = current.parent;
  }
  return null;
}


const cache = new WeakMap<object, ContainerAnalysis>();

/** Shared containers of the file, computed once per file (keyed by the FileAnalysis). */
export function getContainers(analysis: FileAnalysis): ContainerAnalysis {
  let entry = cache.get(analysis);
  if (!entry) {
    entry = new ContainerAnalysis(analysis);
    cache.set(analysis, entry);
  }
  return entry;
}
