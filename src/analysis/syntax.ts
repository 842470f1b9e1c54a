import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, enclosingFunction, getPropertyName, getStaticString, isFunctionNode, unwrapExpression } from './ast.js';
import { pushTo } from './values.js';

export type Variable = TSESLint.Scope.Variable;
export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;
export type BoundarySyntax = TSESTree.AwaitExpression | TSESTree.YieldExpression | TSESTree.ForOfStatement;
type Scope = TSESLint.Scope.Scope;

/**
 * The nodes of one file the analysis reads, by kind, in source order (only in files that pass
 * the cheap exit): gathered while ESLint traverses the file for the rules
 * (`collectingListeners`), or by one walk of the AST when the analysis is asked for without them.
 */
export class SyntaxLists {
  readonly calls: CallLike[] = [];
  readonly functions: FunctionNode[] = [];
  readonly declarators: TSESTree.VariableDeclarator[] = [];
  readonly assignments: TSESTree.AssignmentExpression[] = [];
  readonly returns: TSESTree.ReturnStatement[] = [];
  readonly classFields: TSESTree.PropertyDefinition[] = [];
  readonly classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];
  readonly dynamicImports: TSESTree.ImportExpression[] = [];
  readonly boundarySyntax: BoundarySyntax[] = [];
  readonly members: TSESTree.MemberExpression[] = [];
  readonly thisExpressions: TSESTree.ThisExpression[] = [];
  /** `delete x[k]` expressions. */
  readonly deletes: TSESTree.UnaryExpression[] = [];

  /**
   * The same lists, gathered while ESLint traverses the file for the rules (its enter events
   * come in the walk's pre-order), so an active file's AST is read once, not twice: `done` is
   * called at `Program:exit`, when the lists are complete.
   */
  collectingListeners(done: () => void): TSESLint.RuleListener {
    const call = (node: CallLike) => {
      this.calls.push(node);
    };
    const fn = (node: FunctionNode) => {
      this.functions.push(node);
    };
    const cls = (node: TSESTree.ClassDeclaration | TSESTree.ClassExpression) => {
      this.classes.push(node);
    };
    const boundary = (node: TSESTree.AwaitExpression | TSESTree.YieldExpression) => {
      this.boundarySyntax.push(node);
    };
    return {
      CallExpression: call,
      NewExpression: call,
      MemberExpression: (node) => {
        this.members.push(node);
      },
      ThisExpression: (node) => {
        this.thisExpressions.push(node);
      },
      AssignmentExpression: (node) => {
        this.assignments.push(node);
      },
      VariableDeclarator: (node) => {
        this.declarators.push(node);
      },
      ReturnStatement: (node) => {
        this.returns.push(node);
      },
      FunctionDeclaration: fn,
      FunctionExpression: fn,
      ArrowFunctionExpression: fn,
      UnaryExpression: (node) => {
        if (node.operator === 'delete') this.deletes.push(node);
      },
      AwaitExpression: boundary,
      YieldExpression: boundary,
      ForOfStatement: (node) => {
        if (node.await) this.boundarySyntax.push(node);
      },
      PropertyDefinition: (node) => {
        this.classFields.push(node);
      },
      ClassDeclaration: cls,
      ClassExpression: cls,
      ImportExpression: (node) => {
        this.dynamicImports.push(node);
      },
      'Program:exit': done,
    };
  }

  /**
   * The lists without ESLint's traversal (a caller that asks for the analysis before it ends, or
   * never registered the collector): the same listeners, fed by a walk in the same pre-order
   * (children by the parser's visitor keys). Iterative: generated code with very deep
   * expressions cannot overflow the stack.
   */
  static walk(sourceCode: Readonly<TSESLint.SourceCode>): SyntaxLists {
    const lists = new SyntaxLists();
    const listeners = lists.collectingListeners(() => {}) as Record<string, ((node: TSESTree.Node) => void) | undefined>;
    const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
    // Children are pushed in reverse so nodes come off the stack in source order.
    const stack: TSESTree.Node[] = [sourceCode.ast];
    let node: TSESTree.Node | undefined;
    while ((node = stack.pop()) !== undefined) {
      listeners[node.type]?.(node);
      const childKeys = keys[node.type];
      if (!childKeys) continue;
      for (let k = childKeys.length - 1; k >= 0; k--) {
        const child = (node as unknown as Record<string, unknown>)[childKeys[k]];
        if (Array.isArray(child)) {
          for (let i = child.length - 1; i >= 0; i--) {
            const item = child[i] as TSESTree.Node | null;
            if (item && typeof item.type === 'string') stack.push(item);
          }
        } else if (child && typeof (child as TSESTree.Node).type === 'string') {
          stack.push(child as TSESTree.Node);
        }
      }
    }
    return lists;
  }
}

/**
 * The syntax of one file, indexed the ways the analysis looks things up: calls by callee name,
 * member reads by property name, `this` by the function whose `this` it is, returns by
 * function. Each index is built on first use; bindings are resolved per scope, on demand.
 */
export class FileSyntax {
  readonly calls: CallLike[];
  readonly functions: FunctionNode[];
  readonly declarators: TSESTree.VariableDeclarator[];
  readonly assignments: TSESTree.AssignmentExpression[];
  readonly returns: TSESTree.ReturnStatement[];
  readonly classFields: TSESTree.PropertyDefinition[];
  readonly classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[];
  readonly dynamicImports: TSESTree.ImportExpression[];
  readonly boundarySyntax: BoundarySyntax[];
  readonly deletes: TSESTree.UnaryExpression[];
  private readonly lists: SyntaxLists;
  private readonly membersByName = new Map<string, TSESTree.MemberExpression[]>();
  private callsByNameIndex: Map<string, CallLike[]> | null = null;
  private fieldWritesByNameIndex: Map<string, TSESTree.AssignmentExpression[]> | null = null;
  private returnsByFunctionIndex: Map<FunctionNode, TSESTree.ReturnStatement[]> | null = null;
  private callsByFunctionIndex: Map<FunctionNode, CallLike[]> | null = null;
  private readonly resolved = new Map<TSESTree.Identifier, Variable | null>();

  constructor(
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    lists: SyntaxLists,
  ) {
    this.lists = lists;
    this.calls = lists.calls;
    this.functions = lists.functions;
    this.declarators = lists.declarators;
    this.assignments = lists.assignments;
    this.returns = lists.returns;
    this.classFields = lists.classFields;
    this.classes = lists.classes;
    this.dynamicImports = lists.dynamicImports;
    this.boundarySyntax = lists.boundarySyntax;
    this.deletes = lists.deletes;
  }

  /**
   * `x.name` (also `x['name']`, `this.#name`) for one `name`. One scan per name asked, not an
   * index of every name: the corpus's 121 analysed files hold 45,000 member expressions and the
   * analysis asks about 262 names in all (`prototype`, `bind` and the fields that carry a value).
   */
  membersNamed(name: string): readonly TSESTree.MemberExpression[] {
    let found = this.membersByName.get(name);
    if (found) return found;
    found = [];
    const privateName = name.startsWith('#') ? name.slice(1) : null;
    for (const member of this.lists.members) {
      const property = member.property;
      if (member.computed) {
        if (getPropertyName(member) === name) found.push(member);
      } else if (property.type === AST_NODE_TYPES.Identifier ? privateName === null && property.name === name : privateName !== null && (property as TSESTree.PrivateIdentifier).name === privateName) {
        found.push(member);
      }
    }
    this.membersByName.set(name, found);
    return found;
  }

  /** Calls by the name they call: `f(...)` → `f`, `x.m(...)`, `x.m.call(...)` → `m`. */
  get callsByName(): ReadonlyMap<string, CallLike[]> {
    if (!this.callsByNameIndex) {
      this.callsByNameIndex = new Map();
      for (const call of this.calls) {
        const name = calleeName(call);
        if (name) pushTo(this.callsByNameIndex, name, call);
      }
    }
    return this.callsByNameIndex;
  }

  /** `x.name = value` by `name`. */
  get fieldWritesByName(): ReadonlyMap<string, TSESTree.AssignmentExpression[]> {
    if (!this.fieldWritesByNameIndex) {
      this.fieldWritesByNameIndex = new Map();
      for (const assignment of this.assignments) {
        if (assignment.left.type !== AST_NODE_TYPES.MemberExpression) continue;
        const name = getPropertyName(assignment.left);
        if (name) pushTo(this.fieldWritesByNameIndex, name, assignment);
      }
    }
    return this.fieldWritesByNameIndex;
  }

  /** The member expressions inside `node`, in source order (the list is in source order: a range lookup). */
  membersWithin(node: TSESTree.Node): readonly TSESTree.MemberExpression[] {
    return withinRange(this.lists.members, node.range);
  }

  /** The class fields (`x = ...`, `#x`, static or not) inside `node`, in source order. */
  classFieldsWithin(node: TSESTree.Node): readonly TSESTree.PropertyDefinition[] {
    return withinRange(this.lists.classFields, node.range);
  }

  /** The `this` expressions that read `owner`'s `this` (the list is in source order: a range lookup). */
  thisExpressionsOf(owner: TSESTree.Node): TSESTree.ThisExpression[] {
    const result: TSESTree.ThisExpression[] = [];
    for (const expression of withinRange(this.lists.thisExpressions, owner.range)) if (thisOwner(expression) === owner) result.push(expression);
    return result;
  }

  /** The `return` statements of a function's own body. */
  returnsOf(fn: FunctionNode): readonly TSESTree.ReturnStatement[] {
    if (!this.returnsByFunctionIndex) {
      this.returnsByFunctionIndex = new Map();
      for (const ret of this.returns) {
        const owner = enclosingFunction(ret);
        if (owner) pushTo(this.returnsByFunctionIndex, owner, ret);
      }
    }
    return this.returnsByFunctionIndex.get(fn) ?? [];
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

  /**
   * The binding an identifier reads or declares: the nearest enclosing scope that declares the
   * name, as the language resolves it (the scope manager's `set`s, no per-reference index).
   */
  variableOf(identifier: TSESTree.Identifier): Variable | null {
    const known = this.resolved.get(identifier);
    if (known !== undefined) return known;
    let found: Variable | null = null;
    for (let scope: Scope | null = this.sourceCode.getScope(identifier); scope; scope = scope.upper) {
      const variable = scope.set.get(identifier.name);
      if (variable) {
        found = variable;
        break;
      }
    }
    this.resolved.set(identifier, found);
    return found;
  }

  /** An identifier that reads a global (`require`, `setTimeout`, `process`), not a binding of this file. */
  isGlobalReference(identifier: TSESTree.Identifier): boolean {
    const variable = this.variableOf(identifier);
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
}

/** The nodes of a source-ordered list (pre-order: by start) that start inside `range`. */
export function withinRange<T extends TSESTree.Node>(all: readonly T[], range: TSESTree.Range): T[] {
  let low = 0;
  let high = all.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (all[mid].range[0] < range[0]) low = mid + 1;
    else high = mid;
  }
  let end = low;
  while (end < all.length && all[end].range[0] < range[1]) end++;
  return all.slice(low, end);
}

/** `f(...)` → `f`; `x.m(...)` → `m`; `x.m.call(...)`/`.apply` → `m`. */
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
