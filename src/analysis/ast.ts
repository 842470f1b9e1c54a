import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node != null &&
    (node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      node.type === AST_NODE_TYPES.FunctionDeclaration ||
      node.type === AST_NODE_TYPES.FunctionExpression)
  );
}

/** Strips the wrappers that do not change a value: parentheses are already gone in ESTree, TS casts are not. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSInstantiationExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.SequenceExpression:
        current = current.expressions[current.expressions.length - 1];
        break;
      default:
        return current;
    }
  }
}

/** The static name of a member's property: `a.b`, `a['b']`, `` a[`b`] ``. */
export function getPropertyName(node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition | TSESTree.TSAbstractPropertyDefinition | TSESTree.TSAbstractMethodDefinition | TSESTree.AccessorProperty): string | null {
  const key = node.type === AST_NODE_TYPES.MemberExpression ? node.property : node.key;
  const computed = node.computed;
  if (!computed) {
    if (key.type === AST_NODE_TYPES.Identifier) return key.name;
    if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  }
  return getStaticString(key);
}

export function getStaticString(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === AST_NODE_TYPES.Literal) {
    return typeof node.value === 'string' ? node.value : null;
  }
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis[0].value.cooked ?? null;
  }
  if (node.type === AST_NODE_TYPES.Identifier && !('computed' in node)) {
    return null;
  }
  return null;
}

/** Array methods that call their callback once per element: a callback of one is a loop body. */
export const ARRAY_ITERATION_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex']);

/** `f(...)` → `f`, `a.b.f(...)` → `f`. */
export function getCalleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
}

/**
 * `[a, b]`, `[a, b, c]`: a list of two or three elements spelled out. Iterating it is a sequence
 * of two or three statements, not a loop (spec 0.1, literal lists; rules 4 and 6.3).
 */
export function isLiteralSequence(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  return n.type === AST_NODE_TYPES.ArrayExpression && n.elements.length >= 2 && n.elements.length <= 3 && n.elements.every((e) => e !== null && e.type !== AST_NODE_TYPES.SpreadElement);
}

/** `x.name(...)` → `name`; `x[name](...)` with a static key too. */
export function getCalleeMethodName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(callee);
  return null;
}

export function getCalleeObject(call: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.Expression | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) return callee.object;
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

export function isAncestorOf(ancestor: TSESTree.Node, node: TSESTree.Node): boolean {
  return ancestor.range[0] <= node.range[0] && node.range[1] <= ancestor.range[1] && ancestor !== node;
}

export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** Numeric value of a literal or of simple arithmetic over literals, or null. Identifiers are resolved by the caller-supplied lookup. */
export function evaluateNumber(
  node: TSESTree.Node | null | undefined,
  lookup: (id: TSESTree.Identifier) => TSESTree.Node | null = () => null,
  depth = 0,
): number | null {
  if (!node || depth > 8) return null;
  const n = unwrapExpression(node);
  switch (n.type) {
    case AST_NODE_TYPES.Literal:
      return typeof n.value === 'number' ? n.value : null;
    case AST_NODE_TYPES.UnaryExpression: {
      const v = evaluateNumber(n.argument, lookup, depth + 1);
      if (v == null) return null;
      if (n.operator === '-') return -v;
      if (n.operator === '+') return v;
      return null;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      const l = evaluateNumber(n.left, lookup, depth + 1);
      const r = evaluateNumber(n.right, lookup, depth + 1);
      if (l == null || r == null) return null;
      switch (n.operator) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return r === 0 ? null : l / r;
        case '%':
          return r === 0 ? null : l % r;
        case '**':
          return l ** r;
        default:
          return null;
      }
    }
    case AST_NODE_TYPES.Identifier: {
      const init = lookup(n);
      return init ? evaluateNumber(init, lookup, depth + 1) : null;
    }
    default:
      return null;
  }
}

export function isLiteralZero(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const n = unwrapExpression(node);
  return n.type === AST_NODE_TYPES.Literal && n.value === 0;
}

export function isLiteralFalse(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const n = unwrapExpression(node);
  return n.type === AST_NODE_TYPES.Literal && n.value === false;
}

/** The property named `name` of an object literal, ignoring spreads. */
export function findObjectProperty(object: TSESTree.Node | undefined, name: string): TSESTree.Property | null {
  if (!object) return null;
  const n = unwrapExpression(object);
  if (n.type !== AST_NODE_TYPES.ObjectExpression) return null;
  for (const prop of n.properties) {
    if (prop.type === AST_NODE_TYPES.Property && getPropertyName(prop) === name) return prop;
  }
  return null;
}

export type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

/**
 * Pre-order walk below `root` in source order, iterative so generated code cannot overflow the
 * stack. `visit` returns `true` to stop the walk (`walkAst` then returns true) or `'skip'` not
 * to descend into the node. The one AST walker of the project: analyses and rules use it.
 */
export function walkAst(root: TSESTree.Node, keys: VisitorKeys, visit: (node: TSESTree.Node) => boolean | 'skip' | void): boolean {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const verdict = visit(node);
    if (verdict === true) return true;
    if (verdict === 'skip') continue;
    const childKeys = keys[node.type] ?? [];
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
  return false;
}

export function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  let current = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) return current;
    current = current.parent;
  }
  return null;
}
