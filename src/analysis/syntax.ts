import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, getPropertyName, getStaticString, isFunctionNode, unwrapExpression, walkAst } from './ast.js';
import { pushTo } from './values.js';

export type Variable = TSESLint.Scope.Variable;
export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;
export type BoundarySyntax = TSESTree.AwaitExpression | TSESTree.YieldExpression | TSESTree.ForOfStatement;

/**
 * The syntax of one file, gathered in one pre-order walk (source order) and indexed the ways
 * the analysis looks things up: calls by callee name, member reads by property name, `this` by
 * the function whose `this` it is. Built only for files that pass the cheap exit.
 */
export class FileSyntax {
  readonly calls: CallLike[] = [];
  readonly functions: FunctionNode[] = [];
  readonly declarators: TSESTree.VariableDeclarator[] = [];
  readonly assignments: TSESTree.AssignmentExpression[] = [];
  readonly returns: TSESTree.ReturnStatement[] = [];
  readonly classFields: TSESTree.PropertyDefinition[] = [];
  readonly classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];
  readonly dynamicImports: TSESTree.ImportExpression[] = [];
  readonly boundarySyntax: BoundarySyntax[] = [];
  /** `x.name` (also `x['name']`) by `name`. */
  readonly membersByName = new Map<string, TSESTree.MemberExpression[]>();
  /** Calls by the name they call: `f(...)` → `f`, `x.m(...)`, `x.m.call(...)` → `m`. */
  readonly callsByName = new Map<string, CallLike[]>();
  /** `x.name = value` by `name`. */
  readonly fieldWritesByName = new Map<string, TSESTree.AssignmentExpression[]>();
  /** `this` expressions by the function whose `this` they read (null: module level). */
  readonly thisByFunction = new Map<TSESTree.Node | null, TSESTree.ThisExpression[]>();
  private readonly identifierVariables = new Map<TSESTree.Identifier, Variable>();
  private callsByFunctionIndex: Map<FunctionNode, CallLike[]> | null = null;

  constructor(readonly sourceCode: Readonly<TSESLint.SourceCode>) {
    walkAst(sourceCode.ast, sourceCode.visitorKeys, (node) => {
      switch (node.type) {
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression: {
          this.calls.push(node);
          const name = calleeName(node);
          if (name) pushTo(this.callsByName, name, node);
          break;
        }
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
          if (node.left.type === AST_NODE_TYPES.MemberExpression) {
            const name = getPropertyName(node.left);
            if (name) pushTo(this.fieldWritesByName, name, node);
          }
          break;
        case AST_NODE_TYPES.MemberExpression: {
          const name = getPropertyName(node);
          if (name) pushTo(this.membersByName, name, node);
          break;
        }
        case AST_NODE_TYPES.ThisExpression:
          pushTo(this.thisByFunction, thisOwner(node), node);
          break;
        case AST_NODE_TYPES.PropertyDefinition:
          this.classFields.push(node);
          break;
        case AST_NODE_TYPES.ClassDeclaration:
        case AST_NODE_TYPES.ClassExpression:
          this.classes.push(node);
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
    });
    const manager = sourceCode.scopeManager;
    if (manager) {
      for (const scope of manager.scopes) {
        for (const reference of scope.references) {
          if (reference.resolved) this.identifierVariables.set(reference.identifier as TSESTree.Identifier, reference.resolved);
        }
        for (const variable of scope.variables) {
          for (const identifier of variable.identifiers) this.identifierVariables.set(identifier as TSESTree.Identifier, variable);
        }
      }
    }
  }

  variableOf(identifier: TSESTree.Identifier): Variable | null {
    return this.identifierVariables.get(identifier) ?? null;
  }

  /** An identifier that reads a global (`require`, `setTimeout`, `process`), not a binding of this file. */
  isGlobalReference(identifier: TSESTree.Identifier): boolean {
    const variable = this.identifierVariables.get(identifier);
    return !variable || variable.defs.length === 0;
  }

  /**
   * The strings a name stands for when it walks a literal list (spec 0.1, "literal lists"): the
   * parameter of `['error', 'close'].forEach((ev) => ...)`, the variable of
   * `for (const ev of ['error', 'close'])`, also through a `const EVENTS = [...]` binding.
   * A string literal stands for itself. Null when it is not a literal list of strings.
   */
  staticStrings(node: TSESTree.Node | null | undefined): string[] | null {
    if (!node) return null;
    const n = unwrapExpression(node);
    const single = getStaticString(n);
    if (single !== null) return [single];
    // `this.ssl ? 'secureConnect' : 'connect'`: one of two known names.
    if (n.type === AST_NODE_TYPES.ConditionalExpression) {
      const consequent = getStaticString(unwrapExpression(n.consequent));
      const alternate = getStaticString(unwrapExpression(n.alternate));
      return consequent !== null && alternate !== null ? [...new Set([consequent, alternate])] : null;
    }
    if (n.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = this.variableOf(n);
    const def = variable?.defs.length === 1 ? variable.defs[0] : null;
    if (!def || variable!.references.some((r) => r.isWrite() && !r.init)) return null;
    if (def.type === 'Parameter' && isFunctionNode(def.node) && def.node.params[0] === def.name) {
      const call = def.node.parent;
      if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === def.node && call.callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = getPropertyName(call.callee);
        if (method === 'forEach' || method === 'map') return this.literalStringList(call.callee.object);
      }
      return null;
    }
    if (def.type === 'Variable') {
      const declarator = def.node as TSESTree.VariableDeclarator;
      const loop = declarator.parent.parent;
      if (loop?.type === AST_NODE_TYPES.ForOfStatement && loop.left === declarator.parent) return this.literalStringList(loop.right);
    }
    return null;
  }

  /** `['a', 'b']`, or a `const` bound to one. */
  literalStringList(node: TSESTree.Node): string[] | null {
    let n = unwrapExpression(node);
    if (n.type === AST_NODE_TYPES.Identifier) {
      const variable = this.variableOf(n);
      const def = variable?.defs.length === 1 ? variable.defs[0] : null;
      if (def?.type !== 'Variable' || def.parent?.kind !== 'const') return null;
      const init = (def.node as TSESTree.VariableDeclarator).init;
      if (!init) return null;
      n = unwrapExpression(init);
    }
    if (n.type !== AST_NODE_TYPES.ArrayExpression || n.elements.length === 0) return null;
    const result: string[] = [];
    for (const element of n.elements) {
      const value = element && element.type !== AST_NODE_TYPES.SpreadElement ? getStaticString(element) : null;
      if (value === null) return null;
      result.push(value);
    }
    return result;
  }

  /** Calls and `new`s made in `fn`'s own body (not in nested functions), in source order. */
  callsInFunction(fn: FunctionNode): readonly CallLike[] {
    if (!this.callsByFunctionIndex) {
      this.callsByFunctionIndex = new Map();
      for (const call of this.calls) {
        const owner = enclosingFunction(call);
        if (owner) pushTo(this.callsByFunctionIndex, owner, call);
      }
    }
    return this.callsByFunctionIndex.get(fn) ?? [];
  }
}

/** `f(...)` → `f`; `x.m(...)` → `m`; `x.m.call(...)`/`.apply`/`.bind` → `m`. */
export function calleeName(call: CallLike): string | null {
  let callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(callee);
    if ((name === 'call' || name === 'apply') && call.type === AST_NODE_TYPES.CallExpression) {
      callee = unwrapExpression(callee.object);
      if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
      if (callee.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(callee);
      return null;
    }
    return name;
  }
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return null;
}

export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current;
    current = current.parent;
  }
  return null;
}

/**
 * The function whose `this` a `this` expression reads (arrows are transparent; a class field
 * initializer reads the instance: its owner is the field's value when that is a function, else
 * the class body). Null at module level.
 */
export function thisOwner(node: TSESTree.Node): TSESTree.Node | null {
  let current = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) return current;
    if (current.type === AST_NODE_TYPES.PropertyDefinition && current.value && node.range[0] >= current.value.range[0]) {
      return isFunctionNode(current.value) ? current.value : current.parent;
    }
    current = current.parent;
  }
  return null;
}
