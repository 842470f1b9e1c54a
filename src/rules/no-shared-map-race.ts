import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  type Boundary,
  type BoundaryAnalysis,
  type FileAnalysis,
  contains,
  getAnalysis,
  getBoundaries,
  getCalleeName,
  getPropertyName,
  isFunctionNode,
  unwrapExpression,
} from '../analysis/index.js';
import { type ContainerAccess, type ContainerAnalysis, getContainers } from '../analysis/containers.js';
import { createRule } from '../create-rule.js';

type MessageIds = 'staleWrite';

export interface NoSharedMapRaceOptions {
  lockFunctions: string[];
}
type Options = [NoSharedMapRaceOptions];

/** Cheap text check first: a file that creates no container the rule understands costs one regex. */
const CONTAINER_HINT = /\bnew\s+(?:Weak)?(?:Map|Set)\b|Object\.create\(\s*null\s*\)|=\s*\{\s*\}/;
const RESERVING = new Set(['add', 'set', '[]']);
const ACQUIRE = new Set(['acquire', 'lock', 'acquireLock', 'waitLock']);
const RELEASE = new Set(['release', 'unlock', 'releaseLock']);

export default createRule<Options, MessageIds>({
  name: 'no-shared-map-race',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow check-then-act updates of shared maps and sets across an async boundary in socket handlers',
      recommended: true,
      strictOptions: [{ lockFunctions: ['runExclusive', 'acquire', 'lock', 'withLock', 'synchronized'] }],
    },
    schema: [
      {
        type: 'object',
        properties: {
          lockFunctions: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Names of functions or methods that run their callback under a lock (`navigator.locks.request` is always one).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ lockFunctions: ['runExclusive', 'acquire', 'lock', 'withLock', 'synchronized'] }],
    messages: {
      staleWrite:
        'This write to shared `{{container}}` depends on the read at line {{readLine}}, made before the async boundary at line {{boundaryLine}}: another connection can change `{{container}}` in between. Re-check after the boundary, reserve the key before it, or hold a lock.',
    },
  },
  create(context, [options]) {
    const lockFunctions = new Set(options.lockFunctions);
    return {
      'Program:exit'() {
        if (!CONTAINER_HINT.test(context.sourceCode.text)) return;
        const analysis = getAnalysis(context);
        const containers = getContainers(analysis);
        if (containers.containers.length === 0) return;
        const boundaries = getBoundaries(context);
        const checker = new RaceChecker(context, analysis, boundaries, containers, lockFunctions);
        checker.run();
      },
    };
  },
});

class RaceChecker {
  private readonly handlerRuns = new Set<TSESTree.Node>();
  private readonly taintCache = new Map<ContainerAccess, TSESTree.Identifier[]>();

  constructor(
    private readonly context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
    private readonly analysis: FileAnalysis,
    private readonly boundaries: BoundaryAnalysis,
    private readonly containers: ContainerAnalysis,
    private readonly lockFunctions: ReadonlySet<string>,
  ) {
    for (const fn of analysis.handlers.keys()) {
      for (const reachable of analysis.reachableFunctions(fn)) this.handlerRuns.add(reachable);
    }
  }

  run(): void {
    for (const container of this.containers.containers) {
      const writes = container.accesses.filter((a) => a.kind === 'write');
      if (writes.length === 0) continue;
      const reads = container.accesses.filter((a) => a.kind !== 'write');
      if (reads.length === 0) continue;
      for (const write of writes) this.check(write, reads);
    }
  }

  private check(write: ContainerAccess, reads: ContainerAccess[]): void {
    const root = this.boundaries.runRoot(write.node);
    if (!this.isHandlerRun(root, write)) return;
    if (this.boundaries.boundariesOfRun(root).length === 0) return;
    if (this.insideLockCallback(write.node, root)) return;
    const guards = controllingExpressions(write.node, root);
    for (const read of reads) {
      if (read.node.range[0] >= write.node.range[0] && !contains(write.node, read.node)) continue;
      if (this.boundaries.runRoot(read.node) !== root) continue;
      const boundary = this.boundaries.boundaryBetween(read.node, write.node);
      if (!boundary) continue;
      if (!this.depends(read, write, guards)) continue;
      if (this.revalidated(write, boundary, root)) continue;
      if (this.reserved(read, write, boundary, root)) continue;
      if (this.heldLock(read, write, root)) continue;
      this.context.report({
        node: write.node,
        messageId: 'staleWrite',
        data: {
          container: write.container.name,
          readLine: String(read.node.loc.start.line),
          boundaryLine: String(boundary.node.loc.start.line),
        },
      });
      return;
    }
  }

  /** A handler run (or a function it calls), or a method of the connection-accepting class that owns a `this` container. */
  private isHandlerRun(root: TSESTree.Node, write: ContainerAccess): boolean {
    if (!isFunctionNode(root)) return false;
    if (this.handlerRuns.has(root)) return true;
    const owner = write.container.ownerClass;
    if (owner) {
      const holder = root.parent;
      return (holder?.type === AST_NODE_TYPES.MethodDefinition || holder?.type === AST_NODE_TYPES.PropertyDefinition) && holder.parent.parent === owner;
    }
    return false;
  }

  /** The write depends on the read: the read (or a value derived from it) feeds its value or a test that decides it. */
  private depends(read: ContainerAccess, write: ContainerAccess, guards: TSESTree.Node[]): boolean {
    const tainted = this.taintedReferences(read);
    const uses = (expression: TSESTree.Node | null): boolean =>
      expression !== null && (contains(expression, read.node) || tainted.some((id) => contains(expression, id)));
    if (uses(write.value)) return true;
    return guards.some(uses);
  }

  /** Identifiers that read a variable whose value derives from the read (`const s = map.get(k)`, `const n = (s ?? 0) + 1`). */
  private taintedReferences(read: ContainerAccess): TSESTree.Identifier[] {
    const cached = this.taintCache.get(read);
    if (cached) return cached;
    const result: TSESTree.Identifier[] = [];
    const sources: TSESTree.Node[] = [read.node];
    const seen = new Set<unknown>();
    for (let i = 0; i < sources.length && i < 24; i++) {
      const source = sources[i];
      const holder = valueHolder(source);
      if (!holder) continue;
      for (const variable of this.context.sourceCode.getDeclaredVariables(holder.declaration)) {
        if (seen.has(variable)) continue;
        seen.add(variable);
        for (const reference of variable.references) {
          const id = reference.identifier as TSESTree.Identifier;
          if (reference.init || (holder.declaration.type === AST_NODE_TYPES.VariableDeclarator && id.parent === holder.declaration)) continue;
          if (!reference.isRead()) continue;
          result.push(id);
          sources.push(id);
        }
      }
    }
    this.taintCache.set(read, result);
    return result;
  }

  /** The entry is read again after the last boundary before the write, in the write's own segment. */
  private revalidated(write: ContainerAccess, boundary: Boundary, root: TSESTree.Node): boolean {
    for (const access of write.container.accesses) {
      if (access === write || access.kind === 'write') continue;
      if (access.node.range[0] < boundary.position || access.node.range[0] > write.node.range[0]) continue;
      if (this.boundaries.runRoot(access.node) !== root) continue;
      if (this.boundaries.boundaryBetween(access.node, write.node)) continue;
      if (this.boundaries.exclusive(access.node, write.node)) continue;
      return true;
    }
    return false;
  }

  /**
   * The run reserved the written key synchronously in the read's segment: in the same container, or in
   * another shared container that the same test checks (`if (map.has(k) || pending.has(k)) return; pending.add(k)`).
   */
  private reserved(read: ContainerAccess, write: ContainerAccess, boundary: Boundary, root: TSESTree.Node): boolean {
    if (!write.key) return false;
    const keyText = this.text(write.key);
    const test = enclosingTest(read.node);
    for (const container of this.containers.containers) {
      for (const access of container.accesses) {
        if (access.kind !== 'write' || !RESERVING.has(access.operation) || !access.key) continue;
        if (access.node.range[0] < read.node.range[1] || access.node.range[1] > boundary.position) continue;
        if (this.text(access.key) !== keyText) continue;
        if (this.boundaries.runRoot(access.node) !== root) continue;
        if (this.boundaries.boundaryBetween(read.node, access.node)) continue;
        if (container === write.container) return true;
        if (test && container.accesses.some((a) => a.kind !== 'write' && contains(test, a.node))) return true;
      }
    }
    return false;
  }

  /** `await mutex.acquire()` (or `lock()`) before the read, and no `release()` between it and the write. */
  private heldLock(read: ContainerAccess, write: ContainerAccess, root: TSESTree.Node): boolean {
    let acquiredAt = -1;
    for (const syntax of this.analysis.boundarySyntax) {
      if (syntax.type !== AST_NODE_TYPES.AwaitExpression || syntax.range[1] > read.node.range[0]) continue;
      const argument = unwrapExpression(syntax.argument);
      if (argument.type !== AST_NODE_TYPES.CallExpression) continue;
      const name = getCalleeName(argument);
      if (!name || !(ACQUIRE.has(name) || this.lockFunctions.has(name))) continue;
      if (this.boundaries.runRoot(syntax) !== root) continue;
      acquiredAt = Math.max(acquiredAt, syntax.range[1]);
    }
    if (acquiredAt < 0) return false;
    for (const call of this.analysis.callsNamed(...RELEASE)) {
      if (call.range[0] < acquiredAt || call.range[0] > write.node.range[0]) continue;
      if (call.type !== AST_NODE_TYPES.CallExpression) continue;
      const name = getCalleeName(call);
      if (name && RELEASE.has(name) && this.boundaries.runRoot(call) === root) return false;
    }
    return true;
  }

  /** The write runs in a callback handed to a lock function (`mutex.runExclusive(async () => ...)`). */
  private insideLockCallback(node: TSESTree.Node, root: TSESTree.Node): boolean {
    let current: TSESTree.Node | undefined = node.parent;
    while (current) {
      if (isFunctionNode(current)) {
        const call = current.parent;
        if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(current as TSESTree.CallExpressionArgument)) {
          const name = getCalleeName(call);
          if (name && this.lockFunctions.has(name)) return true;
          if (name === 'request' && isNavigatorLocks(call.callee)) return true;
        }
        if (current === root) break;
      }
      current = current.parent;
    }
    return false;
  }

  private text(node: TSESTree.Node): string {
    return this.context.sourceCode.getText(node).replace(/\s+/g, '');
  }
}

function isNavigatorLocks(callee: TSESTree.Node): boolean {
  const node = unwrapExpression(callee);
  if (node.type !== AST_NODE_TYPES.MemberExpression) return false;
  const locks = unwrapExpression(node.object);
  if (locks.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(locks) !== 'locks') return false;
  const navigator = unwrapExpression(locks.object);
  return navigator.type === AST_NODE_TYPES.Identifier && navigator.name === 'navigator';
}

/** The declaration that stores the value of `source`, looking through the expressions that pass it on. */
function valueHolder(source: TSESTree.Node): { declaration: TSESTree.Node } | null {
  let current: TSESTree.Node = source;
  for (let depth = 0; depth < 8 && current.parent; depth++) {
    const parent: TSESTree.Node = current.parent;
    switch (parent.type) {
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === current ? { declaration: parent } : null;
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement:
        return parent.right === current && parent.left.type === AST_NODE_TYPES.VariableDeclaration ? { declaration: parent.left.declarations[0] } : null;
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.TemplateLiteral:
        current = parent;
        break;
      case AST_NODE_TYPES.MemberExpression:
        if (parent.object !== current) return null;
        current = parent;
        break;
      default:
        return null;
    }
  }
  return null;
}

/** The smallest test expression (`if`, `?:`, loop, `&&`/`||` chain) holding `node`. */
function enclosingTest(node: TSESTree.Node): TSESTree.Node | null {
  let current: TSESTree.Node = node;
  while (current.parent) {
    const parent: TSESTree.Node = current.parent;
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression || parent.type === AST_NODE_TYPES.WhileStatement) && parent.test === current) return current;
    if (isFunctionNode(parent) || parent.type === AST_NODE_TYPES.BlockStatement) return null;
    current = parent;
  }
  return null;
}

/** Tests that decide whether `node` runs: enclosing branches and loop heads, and earlier `if (...) return` guards, up to `root`. */
function controllingExpressions(node: TSESTree.Node, root: TSESTree.Node): TSESTree.Node[] {
  const result: TSESTree.Node[] = [];
  let current: TSESTree.Node = node;
  while (current.parent && current !== root) {
    const parent: TSESTree.Node = current.parent;
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test !== current) result.push(parent.test);
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.right === current) result.push(parent.left);
        break;
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        if (parent.body === current) result.push(parent.test);
        break;
      case AST_NODE_TYPES.ForStatement:
        if (parent.body === current && parent.test) result.push(parent.test);
        break;
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement:
        if (parent.body === current) result.push(parent.right);
        break;
      case AST_NODE_TYPES.SwitchCase:
        if (parent.test && parent.test !== current) result.push(parent.test, parent.parent.discriminant);
        break;
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.Program:
      case AST_NODE_TYPES.StaticBlock: {
        const list = parent.body as TSESTree.Node[];
        const index = list.indexOf(current);
        for (let i = 0; i < index; i++) {
          const statement = list[i];
          if (statement.type === AST_NODE_TYPES.IfStatement && alwaysExits(statement.consequent)) result.push(statement.test);
        }
        break;
      }
      default:
        break;
    }
    current = parent;
  }
  return result;
}

function alwaysExits(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement || statement.type === AST_NODE_TYPES.ContinueStatement || statement.type === AST_NODE_TYPES.BreakStatement) return true;
  if (statement.type === AST_NODE_TYPES.BlockStatement) {
    const last = statement.body[statement.body.length - 1];
    return last !== undefined && alwaysExits(last);
  }
  return false;
}
