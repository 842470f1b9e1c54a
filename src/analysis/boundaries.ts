import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, contains, getCalleeMethodName, isFunctionNode, unwrapExpression } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';
import { LISTENER_METHODS } from './model.js';

/**
 * How a function given as an argument runs relative to the code that passes it (spec 0.3):
 * - `sync`: during the call (array callbacks, the Promise executor): same segment;
 * - `continuation`: once, later, as a continuation of the same logical run (`.then`, timers,
 *   `nextTick`, I/O completion callbacks): a later segment of the same run;
 * - `listener`: its own run, possibly many times (`on`, `once`, `setInterval`);
 * - `declared`: not an argument (declarations, methods, stored functions): its own run;
 * - `unknown`: passed to something we cannot see: its own run, with no ordering claim.
 */
export type CallbackKind = 'sync' | 'continuation' | 'listener' | 'interval' | 'declared' | 'unknown';

export interface Boundary {
  /** `await`, `yield`, `for await`, or the continuation function whose entry is the boundary. */
  readonly node: TSESTree.Node;
  readonly kind: 'await' | 'yield' | 'for-await' | 'continuation';
  /** Source offset at which the suspension happens (after an `await`'s operand is evaluated). */
  readonly position: number;
}

const SYNC_ARRAY_METHODS = new Set([
  'forEach',
  'map',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
  'toSorted',
]);
const PROMISE_CONTINUATIONS = new Set(['then', 'catch', 'finally']);
const TIMER_CONTINUATIONS = new Set(['setTimeout', 'setImmediate', 'queueMicrotask']);
/** Stream methods whose trailing callback runs once the operation completes. */
const STREAM_COMPLETION_METHODS = new Set(['write', 'end', 'connect', 'close', 'listen', 'finished']);
const ERROR_FIRST_PARAM = /^(?:err|error|e|er|ex)$/i;

/** Boundary facts of one file, derived from the shared analysis on first use. */
export class BoundaryAnalysis {
  private readonly kindCache = new Map<FunctionNode, CallbackKind>();
  private readonly ownerCache = new Map<FunctionNode, TSESTree.Node>();
  private readonly ownedBoundaries = new Map<TSESTree.Node, Boundary[]>();

  constructor(private readonly analysis: FileAnalysis) {
    for (const syntax of analysis.boundarySyntax) {
      const owner = this.segmentOwner(syntax);
      const boundary: Boundary =
        syntax.type === AST_NODE_TYPES.ForOfStatement
          ? { node: syntax, kind: 'for-await', position: syntax.body.range[0] }
          : syntax.type === AST_NODE_TYPES.AwaitExpression
            ? { node: syntax, kind: 'await', position: syntax.argument.range[1] }
            : { node: syntax, kind: 'yield', position: syntax.argument ? syntax.argument.range[1] : syntax.range[0] };
      const list = this.ownedBoundaries.get(owner);
      if (list) list.push(boundary);
      else this.ownedBoundaries.set(owner, [boundary]);
    }
  }

  /** How `fn` is run relative to the code around it. */
  callbackKind(fn: FunctionNode): CallbackKind {
    let kind = this.kindCache.get(fn);
    if (kind === undefined) {
      kind = this.computeCallbackKind(fn);
      this.kindCache.set(fn, kind);
    }
    return kind;
  }

  /**
   * The function (or Program) whose body holds the synchronous segment `node` is in, seen
   * through synchronous callbacks. Continuations are their own segment owners.
   */
  segmentOwner(node: TSESTree.Node): TSESTree.Node {
    let current = node.parent;
    while (current) {
      if (isFunctionNode(current)) return this.functionSegmentOwner(current);
      if (current.type === AST_NODE_TYPES.Program) return current;
      current = current.parent;
    }
    return node;
  }

  /** The segment owner of the code directly in `fn`'s body, once per function (rules ask per call). */
  private functionSegmentOwner(fn: FunctionNode): TSESTree.Node {
    let owner = this.ownerCache.get(fn);
    if (owner === undefined) {
      // An async (or generator) function given as a synchronous callback runs only up to its first
      // suspension in the caller's segment: its awaits suspend it, not the caller.
      owner = this.callbackKind(fn) !== 'sync' || fn.async || fn.generator ? fn : this.segmentOwner(fn);
      this.ownerCache.set(fn, owner);
    }
    return owner;
  }

  /**
   * The run `node` belongs to: the function whose invocation executes it. Continuations
   * belong to the run that scheduled them; listeners and declared functions are runs of their own.
   */
  runRoot(node: TSESTree.Node): TSESTree.Node {
    let owner = this.segmentOwner(node);
    while (isFunctionNode(owner) && this.callbackKind(owner) === 'continuation') {
      owner = this.segmentOwner(owner);
    }
    return owner;
  }

  /** Boundaries that suspend the segment owned by `owner` (awaits in its body, not in nested runs). */
  boundariesOwnedBy(owner: TSESTree.Node): readonly Boundary[] {
    return this.ownedBoundaries.get(owner) ?? [];
  }

  /** Every boundary of a run, continuations' entries included, in source order. */
  boundariesOfRun(root: TSESTree.Node): Boundary[] {
    const result: Boundary[] = [];
    for (const [owner, boundaries] of this.ownedBoundaries) {
      if (this.runRoot(owner) === root || owner === root) result.push(...boundaries);
    }
    for (const fn of this.analysis.functions) {
      if (this.callbackKind(fn) === 'continuation' && this.runRoot(fn) === root) {
        result.push({ node: fn, kind: 'continuation', position: fn.body.range[0] });
      }
    }
    return result.sort((a, b) => a.position - b.position);
  }

  /**
   * A boundary that can suspend the run after `before` executes and before `after` does, or
   * null when both always execute in one synchronous segment (or on exclusive paths, or in
   * different runs). Positions are execution points: a call executes at its end.
   */
  boundaryBetween(before: TSESTree.Node, after: TSESTree.Node): Boundary | null {
    const ownerBefore = this.segmentOwner(before);
    const ownerAfter = this.segmentOwner(after);
    if (ownerBefore !== ownerAfter) {
      // `after` inside a continuation scheduled in `before`'s run: the continuation's entry divides them.
      let owner: TSESTree.Node = ownerAfter;
      while (isFunctionNode(owner) && this.callbackKind(owner) === 'continuation') {
        const parentOwner = this.segmentOwner(owner);
        if (parentOwner === ownerBefore || contains(parentOwner, ownerBefore)) {
          if (!contains(owner, before)) return { node: owner, kind: 'continuation', position: owner.body.range[0] };
        }
        owner = parentOwner;
      }
      return null;
    }
    const from = before.range[1];
    const to = after.range[1];
    for (const boundary of this.boundariesOwnedBy(ownerBefore)) {
      const inOrder = from <= boundary.position && boundary.position < to;
      const loopCarried = !inOrder && to <= from && this.sharedLoopHasBoundary(before, after, boundary);
      // A \`for await\` loop awaits the iterator once more after its last iteration before it exits.
      const loopExit =
        !inOrder &&
        boundary.node.type === AST_NODE_TYPES.ForOfStatement &&
        contains(boundary.node.body, before) &&
        after.range[0] >= boundary.node.range[1];
      if (!inOrder && !loopCarried && !loopExit) continue;
      if (inOrder && !this.onPath(before, boundary.node, after)) continue;
      return boundary;
    }
    return null;
  }

  /** True when `a` and `b` sit in different branches of one `if`, `switch` or `?:`. */
  exclusive(a: TSESTree.Node, b: TSESTree.Node): boolean {
    let current: TSESTree.Node | undefined = a.parent;
    while (current) {
      if (contains(current, b)) {
        const childA = childContaining(current, a);
        const childB = childContaining(current, b);
        if (!childA || !childB || childA === childB) return false;
        if (current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) {
          return childA !== current.test && childB !== current.test;
        }
        if (current.type === AST_NODE_TYPES.SwitchStatement) {
          return childA.type === AST_NODE_TYPES.SwitchCase && childB.type === AST_NODE_TYPES.SwitchCase && !fallsThrough(childA);
        }
        return false;
      }
      current = current.parent;
    }
    return false;
  }

  /** `node` cannot be followed by `later`: it sits in a block that returns or throws first. */
  exitsBefore(node: TSESTree.Node, later: TSESTree.Node): boolean {
    let current: TSESTree.Node = node;
    while (current.parent && !contains(current.parent, later)) {
      // `if (bad) return socket.write(err)`: the call is the returned value, so the path ends with it.
      if (current.type === AST_NODE_TYPES.ReturnStatement || current.type === AST_NODE_TYPES.ThrowStatement) return true;
      const parent: TSESTree.Node = current.parent;
      const list =
        parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program
          ? parent.body
          : parent.type === AST_NODE_TYPES.SwitchCase
            ? parent.consequent
            : null;
      if (list) {
        const index = list.indexOf(current as TSESTree.Statement);
        for (let i = index; i < list.length; i++) {
          if (leavesBefore(list[i], later)) return true;
        }
      }
      if (isFunctionNode(parent)) return false;
      current = parent;
    }
    return false;
  }

  private onPath(before: TSESTree.Node, middle: TSESTree.Node, after: TSESTree.Node): boolean {
    if (this.exclusive(before, middle) || this.exclusive(middle, after)) return false;
    // \`before\` sits in a block that returns or throws before reaching the boundary.
    if (this.exitsBefore(before, middle) || this.exitsBefore(before, after)) return false;
    if (this.exitsBefore(middle, after)) return false;
    return true;
  }

  private sharedLoopHasBoundary(a: TSESTree.Node, b: TSESTree.Node, boundary: Boundary): boolean {
    let current: TSESTree.Node | undefined = a.parent;
    while (current && !isFunctionNode(current)) {
      if (isLoop(current) && contains(current, b) && contains(current, boundary.node)) return true;
      current = current.parent;
    }
    return false;
  }

  private computeCallbackKind(fn: FunctionNode): CallbackKind {
    const parent = fn.parent;
    if (!parent || (parent.type !== AST_NODE_TYPES.CallExpression && parent.type !== AST_NODE_TYPES.NewExpression)) return 'declared';
    if (!parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) return 'declared';
    const callee = unwrapExpression(parent.callee);
    if (parent.type === AST_NODE_TYPES.NewExpression) {
      return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Promise' ? 'sync' : 'unknown';
    }
    const method = getCalleeMethodName(parent);
    const calleeName = callee.type === AST_NODE_TYPES.Identifier ? callee.name : method;
    if (method && LISTENER_METHODS.has(method)) return 'listener';
    if (calleeName === 'setInterval') return 'interval';
    if (method && PROMISE_CONTINUATIONS.has(method)) return 'continuation';
    if (calleeName && TIMER_CONTINUATIONS.has(calleeName)) return 'continuation';
    if (method === 'nextTick' && callee.type === AST_NODE_TYPES.MemberExpression) {
      const object = unwrapExpression(callee.object);
      if (object.type === AST_NODE_TYPES.Identifier && object.name === 'process') return 'continuation';
    }
    if (method && SYNC_ARRAY_METHODS.has(method)) return 'sync';
    if (method && STREAM_COMPLETION_METHODS.has(method) && parent.arguments[parent.arguments.length - 1] === fn) {
      if (callee.type === AST_NODE_TYPES.MemberExpression && this.analysis.isSocket(callee.object)) return 'continuation';
    }
    // Node-style completion callbacks: a module function of fs/dns/... or any call whose last
    // argument takes an error first.
    if (parent.arguments[parent.arguments.length - 1] === fn) {
      const members = this.analysis.moduleMembersOf(callee);
      if (members.some((m) => m.module === 'fs' || m.module === 'child_process')) return 'continuation';
      const first = fn.params[0];
      if (first?.type === AST_NODE_TYPES.Identifier && ERROR_FIRST_PARAM.test(first.name)) return 'continuation';
    }
    return 'unknown';
  }
}

/**
 * `statement` ends the path before `later` runs: a return or throw, or a `continue`/`break`
 * whose loop (or switch) still contains `later`, which then only runs in another iteration.
 */
function leavesBefore(statement: TSESTree.Node, later: TSESTree.Node): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  if ((statement.type === AST_NODE_TYPES.ContinueStatement || statement.type === AST_NODE_TYPES.BreakStatement) && !statement.label) {
    let target: TSESTree.Node | undefined = statement.parent;
    while (target && !isFunctionNode(target)) {
      if (isLoop(target) || (statement.type === AST_NODE_TYPES.BreakStatement && target.type === AST_NODE_TYPES.SwitchStatement)) {
        return contains(target, later);
      }
      target = target.parent;
    }
  }
  return false;
}

function childContaining(parent: TSESTree.Node, node: TSESTree.Node): TSESTree.Node | null {
  let current: TSESTree.Node | undefined = node;
  while (current && current.parent !== parent) current = current.parent;
  return current ?? null;
}

function fallsThrough(switchCase: TSESTree.Node): boolean {
  if (switchCase.type !== AST_NODE_TYPES.SwitchCase) return false;
  const last = switchCase.consequent[switchCase.consequent.length - 1];
  if (!last) return true;
  if (last.type === AST_NODE_TYPES.BlockStatement) {
    const inner = last.body[last.body.length - 1];
    return !inner || !isExit(inner);
  }
  return !isExit(last);
}

function isExit(statement: TSESTree.Node): boolean {
  return (
    statement.type === AST_NODE_TYPES.ReturnStatement ||
    statement.type === AST_NODE_TYPES.ThrowStatement ||
    statement.type === AST_NODE_TYPES.BreakStatement ||
    statement.type === AST_NODE_TYPES.ContinueStatement
  );
}

export function isLoop(node: TSESTree.Node): node is TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement {
  return (
    node.type === AST_NODE_TYPES.ForStatement ||
    node.type === AST_NODE_TYPES.ForInStatement ||
    node.type === AST_NODE_TYPES.ForOfStatement ||
    node.type === AST_NODE_TYPES.WhileStatement ||
    node.type === AST_NODE_TYPES.DoWhileStatement
  );
}
