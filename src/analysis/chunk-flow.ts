import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { contains, type FunctionNode, getPropertyName, isFunctionNode, unwrapExpression, walkAst } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';

/**
 * How an expression inside a `data` listener relates to the chunk the event delivered:
 * - `whole`: the chunk itself, or text/bytes made from it alone (`chunk.toString().trim()`);
 * - `mixed`: the chunk combined with something else (`rest + chunk`, `Buffer.concat([buf, chunk])`);
 * - `piece`: a piece of a split of either (`text.split('\n')` and its elements).
 */
export type ChunkDerivation = 'whole' | 'mixed' | 'piece';

/** The functions a chunk reaches from one `data` listener, with the parameter holding it in each. */
export interface ChunkFlow {
  readonly listener: FunctionNode;
  /** Every function the chunk flows into (the listener first), with the local states computed. */
  readonly scopes: ChunkScope[];
  /** Some scope stores the chunk (or text made from it) in state that outlives the call. */
  readonly accumulates: boolean;
}

export interface ChunkScope {
  readonly fn: FunctionNode;
  derivationOf(node: TSESTree.Node): ChunkDerivation | null;
  /** Every node of the function's body, nested callbacks included, in pre-order. */
  readonly nodes: readonly TSESTree.Node[];
}

/** Methods that keep a value's relation to the chunk (`chunk.toString('utf8').trim()`). */
const PRESERVING_METHODS = new Set([
  'toString',
  'trim',
  'trimStart',
  'trimEnd',
  'trimLeft',
  'trimRight',
  'toLowerCase',
  'toUpperCase',
  'replace',
  'replaceAll',
  'normalize',
  'slice',
  'subarray',
  'substring',
  'substr',
]);
/** Array methods whose callback's first parameter is an element. */
const ELEMENT_CALLBACK_METHODS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'flatMap', 'reduce']);
/** Calls on a long-lived holder that keep the chunk past the call (a buffer list, a parser). */
const HOLDING_METHODS = new Set(['push', 'unshift', 'append', 'write', 'feed', 'execute', 'add', 'set']);
const MAX_HELPER_DEPTH = 2;

const cache = new WeakMap<FileAnalysis, Map<FunctionNode, ChunkFlow | null>>();

/**
 * Follows the first parameter of a `data` listener through local variables and into the
 * same-module functions the listener calls with it (up to two calls deep).
 */
export function chunkFlowOf(analysis: FileAnalysis, listener: FunctionNode): ChunkFlow | null {
  let perFile = cache.get(analysis);
  if (!perFile) {
    perFile = new Map();
    cache.set(analysis, perFile);
  }
  if (perFile.has(listener)) return perFile.get(listener) ?? null;
  const flow = computeFlow(analysis, listener);
  perFile.set(listener, flow);
  return flow;
}

function computeFlow(analysis: FileAnalysis, listener: FunctionNode): ChunkFlow | null {
  const param = firstParam(listener);
  if (!param) return null;
  const scopes: ChunkScope[] = [];
  const seen = new Set<FunctionNode>();
  let accumulates = false;
  const visit = (fn: FunctionNode, chunkParam: TSESTree.Identifier, depth: number) => {
    if (seen.has(fn)) return;
    seen.add(fn);
    const scope = new Scope(analysis, fn, chunkParam);
    scopes.push(scope);
    if (scope.accumulates()) accumulates = true;
    if (depth >= MAX_HELPER_DEPTH) return;
    for (const node of scope.nodes) {
      if (node.type !== AST_NODE_TYPES.CallExpression) continue;
      const index = node.arguments.findIndex((arg) => {
        const d = scope.derivationOf(arg);
        return d === 'whole' || d === 'mixed';
      });
      if (index < 0) continue;
      for (const callee of analysis.functionsOf(node.callee)) {
        if (callee === fn) continue;
        const p = callee.params[index];
        if (p?.type === AST_NODE_TYPES.Identifier) visit(callee, p, depth + 1);
      }
    }
  };
  visit(listener, param, 0);
  return { listener, scopes, accumulates };
}

function firstParam(fn: FunctionNode): TSESTree.Identifier | null {
  let p: TSESTree.Node | undefined = fn.params[0];
  if (p?.type === AST_NODE_TYPES.AssignmentPattern) p = p.left;
  return p?.type === AST_NODE_TYPES.Identifier ? p : null;
}

type Variable = TSESLint.Scope.Variable;

class Scope implements ChunkScope {
  readonly nodes: TSESTree.Node[] = [];
  private readonly states = new Map<Variable, ChunkDerivation>();
  private readonly chunkVariable: Variable | null;

  constructor(
    private readonly analysis: FileAnalysis,
    readonly fn: FunctionNode,
    chunkParam: TSESTree.Identifier,
  ) {
    this.chunkVariable = analysis.variableOf(chunkParam);
    this.collect();
    this.solve();
  }

  derivationOf(node: TSESTree.Node, depth = 0): ChunkDerivation | null {
    if (depth > 10) return null;
    const n = unwrapExpression(node);
    switch (n.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = this.analysis.variableOf(n);
        if (!variable) return null;
        if (variable === this.chunkVariable) return 'whole';
        return this.states.get(variable) ?? null;
      }
      case AST_NODE_TYPES.MemberExpression: {
        // An element of the pieces (`lines[0]`); `.length` and other fields carry no text.
        if (n.computed && this.derivationOf(n.object, depth + 1) === 'piece') return 'piece';
        return null;
      }
      case AST_NODE_TYPES.CallExpression:
        return this.callDerivation(n, depth);
      case AST_NODE_TYPES.TemplateLiteral: {
        const parts = n.expressions.map((e) => this.derivationOf(e, depth + 1));
        if (parts.every((p) => p === null)) return null;
        const bare = n.quasis.every((q) => q.value.cooked === '');
        if (bare && n.expressions.length === 1) return parts[0];
        return 'mixed';
      }
      case AST_NODE_TYPES.BinaryExpression: {
        if (n.operator !== '+') return null;
        const left = this.derivationOf(n.left, depth + 1);
        const right = this.derivationOf(n.right, depth + 1);
        if (left === null && right === null) return null;
        const other = left === null ? n.left : right === null ? n.right : null;
        if (other && isEmptyString(other)) return left ?? right;
        return 'mixed';
      }
      case AST_NODE_TYPES.ArrayExpression:
        return n.elements.some((e) => e && e.type !== AST_NODE_TYPES.SpreadElement && this.derivationOf(e, depth + 1) !== null) ? 'mixed' : null;
      case AST_NODE_TYPES.ConditionalExpression:
        return merge(this.derivationOf(n.consequent, depth + 1), this.derivationOf(n.alternate, depth + 1));
      case AST_NODE_TYPES.LogicalExpression:
        return merge(this.derivationOf(n.left, depth + 1), this.derivationOf(n.right, depth + 1));
      case AST_NODE_TYPES.AssignmentExpression:
        return this.derivationOf(n.right, depth + 1);
      default:
        return null;
    }
  }

  /** The function stores the chunk (or what it made from it) where the next event sees it. */
  accumulates(): boolean {
    for (const node of this.nodes) {
      if (node.type === AST_NODE_TYPES.AssignmentExpression) {
        if (this.isLocalTarget(node.left)) continue;
        if (this.derivationOf(node.right) !== null) return true;
      } else if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrapExpression(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
        const method = getPropertyName(callee);
        if (!method || !HOLDING_METHODS.has(method)) continue;
        if (this.isLocalTarget(callee.object) || this.analysis.isSocket(callee.object)) continue;
        // A function of this module is followed instead (`chunkFlowOf` visits it with the chunk).
        if (this.analysis.functionsOf(callee).length > 0) continue;
        // A registry keyed or valued by a parsed field (`nicknames.set(nick, socket)`) keeps no
        // remainder: only the chunk's text itself, or a list of pieces, carries over.
        const keyed = method === 'set' || method === 'add';
        if (node.arguments.some((arg) => {
          const derivation = this.derivationOf(arg);
          return derivation !== null && !(keyed && derivation === 'piece');
        })) return true;
      }
    }
    return false;
  }

  private callDerivation(call: TSESTree.CallExpression, depth: number): ChunkDerivation | null {
    const callee = unwrapExpression(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      // `String(chunk)`
      if (callee.name === 'String' && call.arguments[0] && this.analysis.isGlobalReference(callee)) return this.derivationOf(call.arguments[0], depth + 1);
      return null;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = getPropertyName(callee);
    if (!method) return null;
    const object = unwrapExpression(callee.object);
    if (PRESERVING_METHODS.has(method)) return this.derivationOf(object, depth + 1);
    if (method === 'split') {
      const d = this.derivationOf(object, depth + 1);
      return d === null ? null : 'piece';
    }
    if (method === 'pop' || method === 'shift' || method === 'at') return this.derivationOf(object, depth + 1) === 'piece' ? 'piece' : null;
    // `Buffer.from(chunk)`, `Buffer.concat([buf, chunk])`
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'Buffer' && call.arguments[0]) {
      const d = this.derivationOf(call.arguments[0], depth + 1);
      if (method === 'from') return d;
      if (method === 'concat') {
        const list = unwrapExpression(call.arguments[0]);
        // `Buffer.concat([chunk])` is the chunk alone.
        if (list.type === AST_NODE_TYPES.ArrayExpression && list.elements.length === 1 && list.elements[0]) return this.derivationOf(list.elements[0], depth + 1);
        return d === null ? null : 'mixed';
      }
      return null;
    }
    // `decoder.write(chunk)`: text of the chunk, less a partial character kept in the decoder.
    if ((method === 'write' || method === 'end') && call.arguments[0] && /decoder$/i.test(memberText(object))) {
      return this.derivationOf(call.arguments[0], depth + 1);
    }
    return null;
  }

  private isLocalTarget(target: TSESTree.Node): boolean {
    let t = unwrapExpression(target);
    const member = t.type === AST_NODE_TYPES.MemberExpression;
    // `local.field = x` stays local; `this.field` and outer objects do not.
    while (t.type === AST_NODE_TYPES.MemberExpression) t = unwrapExpression(t.object);
    if (t.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.analysis.variableOf(t);
    if (!variable) return false;
    const def = variable.defs[0];
    if (def == null || !contains(this.fn, def.name)) return false;
    // `var self = this; self.pending = buffer`: a field of `this` under a local alias outlives the call.
    if (member && def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init?.type === AST_NODE_TYPES.ThisExpression) return false;
    return true;
  }

  private collect(): void {
    walkAst(this.fn.body, this.analysis.sourceCode.visitorKeys, (node) => {
      this.nodes.push(node);
    });
  }

  /** Local variables' relation to the chunk, to a fixed point (declarations, assignments, loops, element callbacks). */
  private solve(): void {
    for (let round = 0; round < 4; round++) {
      let changed = false;
      const set = (id: TSESTree.Node, d: ChunkDerivation | null) => {
        if (d === null || id.type !== AST_NODE_TYPES.Identifier) return;
        const variable = this.analysis.variableOf(id);
        if (!variable || variable === this.chunkVariable || !this.isLocalTarget(id)) return;
        const next = merge(this.states.get(variable) ?? null, d);
        if (next !== null && next !== this.states.get(variable)) {
          this.states.set(variable, next);
          changed = true;
        }
      };
      for (const node of this.nodes) {
        switch (node.type) {
          case AST_NODE_TYPES.VariableDeclarator:
            if (node.init) {
              const d = this.derivationOf(node.init);
              if (node.id.type === AST_NODE_TYPES.ArrayPattern && d === 'piece') {
                for (const element of node.id.elements) if (element) set(element, 'piece');
              } else set(node.id, d);
            }
            break;
          case AST_NODE_TYPES.AssignmentExpression: {
            const d = this.derivationOf(node.right);
            set(node.left, node.operator === '=' ? d : d === null ? null : 'mixed');
            break;
          }
          case AST_NODE_TYPES.ForOfStatement:
          case AST_NODE_TYPES.ForInStatement: {
            if (node.type === AST_NODE_TYPES.ForInStatement) break;
            if (this.derivationOf(node.right) !== 'piece') break;
            const left = node.left.type === AST_NODE_TYPES.VariableDeclaration ? node.left.declarations[0]?.id : node.left;
            if (left) set(left, 'piece');
            break;
          }
          case AST_NODE_TYPES.CallExpression: {
            const callee = unwrapExpression(node.callee);
            if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
            const method = getPropertyName(callee);
            // `parts.push(chunk)` on a local list: the list now holds the chunk.
            if ((method === 'push' || method === 'unshift') && node.arguments.some((arg) => this.derivationOf(arg) !== null)) {
              set(unwrapExpression(callee.object), 'mixed');
              break;
            }
            if (!method || !ELEMENT_CALLBACK_METHODS.has(method)) break;
            if (this.derivationOf(callee.object) !== 'piece') break;
            const callback = node.arguments[0];
            if (!callback || !isFunctionNode(callback)) break;
            const element = callback.params[method === 'reduce' ? 1 : 0];
            if (element) set(element, 'piece');
            break;
          }
          default:
            break;
        }
      }
      if (!changed) break;
    }
  }
}

function merge(a: ChunkDerivation | null, b: ChunkDerivation | null): ChunkDerivation | null {
  if (a === null) return b;
  if (b === null || a === b) return a;
  if (a === 'piece' || b === 'piece') return 'piece';
  return 'mixed';
}

function isEmptyString(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  return (n.type === AST_NODE_TYPES.Literal && n.value === '') || (n.type === AST_NODE_TYPES.TemplateLiteral && n.expressions.length === 0 && n.quasis[0].value.cooked === '');
}

/** `this.decoder`, `state.decoder`, `decoder` → the last name. */
function memberText(node: TSESTree.Node): string {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(node) ?? '';
  return '';
}
