import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, getPropertyName, getStaticString, isFunctionNode, unwrapExpression } from './ast.js';
import type { FileSyntax } from './syntax.js';
import { type ClassNode, type ObjectKey, innerMap, pushTo } from './values.js';

/**
 * The module's object kinds and their methods, in every spelling published code uses
 * (spec 0.1, "objects of every era"): ES classes; constructor functions with methods on the
 * prototype (`X.prototype.m = fn`, `Object.assign(X.prototype, {...})`, `X.prototype = {...}`,
 * methods generated from a literal list); object literals; and inheritance through `extends`,
 * `util.inherits`, `Object.setPrototypeOf`, `Object.create` and the compilers' `__extends`.
 *
 * Built once per analysed file from the syntax index, without value flow: a constructor is
 * named by a binding of this module (`function X`, `const X = function`, `class X`).
 */
export class ObjectModel {
  /** Prototype methods of constructor functions, by name. */
  private readonly prototypeMethods = new Map<ObjectKey, Map<string, FunctionNode[]>>();
  /** Object literals installed as a constructor's prototype, and the constructor. */
  private readonly prototypeLiterals = new Map<TSESTree.ObjectExpression, ObjectKey>();
  /** Functions installed as prototype methods, and the constructors they belong to. */
  private readonly installedMethods = new Map<FunctionNode, ObjectKey[]>();
  private readonly bases = new Map<ObjectKey, ObjectKey[]>();
  private readonly subclasses = new Map<ObjectKey, ObjectKey[]>();
  /** `W.prototype.on = function () { return this._sock.on.apply(this._sock, arguments) }`: method → field. */
  private readonly forwarders = new Map<ObjectKey, Map<string, string>>();
  /** Constructor functions known from their prototype or inheritance. */
  readonly constructors = new Set<FunctionNode>();

  constructor(private readonly syntax: FileSyntax) {
    for (const assignment of syntax.assignments) this.readGeneratedLiteralMethod(assignment);
    for (const member of syntax.membersNamed('prototype')) this.readPrototypeUse(member);
    for (const name of ['inherits', '__extends', '_inherits', '_inheritsLoose', 'setPrototypeOf']) {
      for (const call of syntax.callsByName.get(name) ?? []) this.readInheritanceCall(call);
    }
    for (const cls of syntax.classes) {
      const base = cls.superClass ? this.declaredKey(cls.superClass) : null;
      if (base) this.addBase(cls, base);
    }
  }

  /** The methods named `name` of objects of `key`, its own before its bases'. */
  methodsOf(key: ObjectKey, name: string, depth = 0): FunctionNode[] {
    const own = this.ownMethods(key, name);
    if (own.length > 0 || depth > 6) return own;
    for (const base of this.bases.get(key) ?? []) {
      const inherited = this.methodsOf(base, name, depth + 1);
      if (inherited.length > 0) return inherited;
    }
    return [];
  }

  /** The field a method forwards to under the same name (`this._sock[m].apply(this._sock, arguments)`), if any. */
  forwardedField(key: ObjectKey, method: string, depth = 0): string | null {
    const own = this.forwarders.get(key)?.get(method);
    if (own || depth > 6) return own ?? null;
    for (const base of this.bases.get(key) ?? []) {
      const inherited = this.forwardedField(base, method, depth + 1);
      if (inherited) return inherited;
    }
    return null;
  }

  get forwardedMethodNames(): ReadonlySet<string> {
    const names = new Set<string>();
    for (const methods of this.forwarders.values()) for (const name of methods.keys()) names.add(name);
    return names;
  }

  /**
   * The object kinds whose `this` a function is when it runs as a method: a class member, a
   * prototype method, a method of an object literal (or of a literal installed as a prototype),
   * a constructor function itself. Subclasses included: a base method runs on their instances.
   */
  methodOwners(fn: FunctionNode): ObjectKey[] {
    const owners: ObjectKey[] = [];
    const parent = fn.parent;
    if ((parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition) && !parent.static) {
      const cls = parent.parent.parent;
      if (cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression) owners.push(cls);
    } else if (parent?.type === AST_NODE_TYPES.Property && parent.value === fn && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
      const literal = parent.parent;
      owners.push(this.prototypeLiterals.get(literal) ?? literal);
    }
    owners.push(...(this.installedMethods.get(fn) ?? []));
    if (this.constructors.has(fn)) owners.push(fn);
    return this.withSubclasses(owners);
  }

  withSubclasses(keys: readonly ObjectKey[]): ObjectKey[] {
    if (keys.length === 0) return [];
    const result = new Set<ObjectKey>(keys);
    const stack = [...keys];
    while (stack.length > 0) {
      for (const sub of this.subclasses.get(stack.pop()!) ?? []) {
        if (!result.has(sub)) {
          result.add(sub);
          stack.push(sub);
        }
      }
    }
    return [...result];
  }

  isPrototypeLiteral(literal: TSESTree.ObjectExpression): boolean {
    return this.prototypeLiterals.has(literal);
  }

  // ------------------------------------------------------------------ building

  private ownMethods(key: ObjectKey, name: string): FunctionNode[] {
    if (key.type === AST_NODE_TYPES.ClassDeclaration || key.type === AST_NODE_TYPES.ClassExpression) {
      const method = classMethod(key, name);
      return method ? [method] : [];
    }
    if (key.type === AST_NODE_TYPES.ObjectExpression) {
      const method = literalMethod(key, name);
      if (method) return [method];
    }
    return this.prototypeMethods.get(key)?.get(name) ?? [];
  }

  /** `X.prototype` in one of its method-installing or inheriting shapes. */
  private readPrototypeUse(member: TSESTree.MemberExpression): void {
    const owner = this.declaredKey(member.object);
    if (!owner) return;
    const parent = member.parent;
    // X.prototype.m = fn / X.prototype[m] = fn (m from a literal list)
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === member) {
      const assignment = parent.parent;
      if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== parent) return;
      const names = parent.computed && parent.property.type === AST_NODE_TYPES.Identifier ? this.syntax.staticStrings(parent.property) : null;
      const name = getPropertyName(parent);
      for (const fn of this.declaredFunctions(assignment.right)) {
        for (const method of names ?? (name ? [name] : [])) this.addMethod(owner, method, fn);
      }
      return;
    }
    // X.prototype = { ... } / Object.create(Base.prototype) / new Base()
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member) {
      this.readPrototypeValue(owner, parent.right);
      return;
    }
    // Object.assign(X.prototype, {...}, ...) / Object.setPrototypeOf(X.prototype, Base.prototype)
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === member) {
      const callee = unwrapExpression(parent.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      if (method === 'assign' || method === 'extend') {
        for (const arg of parent.arguments.slice(1)) this.readPrototypeValue(owner, arg);
      }
    }
  }

  /**
   * `obj[m] = function () {...}` for `m` of a literal list, `obj` a binding of an object literal
   * (spec 0.1, generated forwarders): the literal's methods, also when it is later merged into a
   * prototype (`Object.assign(W.prototype, obj)`).
   */
  private readGeneratedLiteralMethod(assignment: TSESTree.AssignmentExpression): void {
    const left = assignment.left;
    if (assignment.operator !== '=' || left.type !== AST_NODE_TYPES.MemberExpression || !left.computed || left.property.type !== AST_NODE_TYPES.Identifier) return;
    const literal = this.literalBinding(left.object);
    if (!literal) return;
    const names = this.syntax.staticStrings(left.property);
    if (!names) return;
    for (const fn of this.declaredFunctions(assignment.right)) for (const name of names) this.addMethod(literal, name, fn);
  }

  /** The object literal a `const`/`var` binding is initialized with. */
  private literalBinding(node: TSESTree.Node): TSESTree.ObjectExpression | null {
    const n = unwrapExpression(node);
    if (n.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = this.syntax.variableOf(n);
    const def = variable?.defs.length === 1 ? variable.defs[0] : null;
    if (def?.type !== 'Variable') return null;
    const init = (def.node as TSESTree.VariableDeclarator).init;
    const value = init && unwrapExpression(init);
    return value?.type === AST_NODE_TYPES.ObjectExpression ? value : null;
  }

  private readPrototypeValue(owner: ObjectKey, value: TSESTree.Node): void {
    const literal = this.literalBinding(value);
    if (literal) {
      this.readPrototypeValue(owner, literal);
      for (const [name, fns] of this.prototypeMethods.get(literal) ?? []) for (const fn of fns) this.addMethod(owner, name, fn);
      return;
    }
    const n = unwrapExpression(value);
    if (n.type === AST_NODE_TYPES.ObjectExpression) {
      this.prototypeLiterals.set(n, owner);
      if (isFunctionNode(owner)) this.constructors.add(owner);
      for (const prop of n.properties) {
        if (prop.type !== AST_NODE_TYPES.Property) continue;
        const name = getPropertyName(prop);
        if (!name) continue;
        for (const fn of this.declaredFunctions(prop.value)) this.addMethod(owner, name, fn);
      }
      return;
    }
    // Object.create(Base.prototype) / new Base()
    if (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.NewExpression) {
      const arg = n.type === AST_NODE_TYPES.NewExpression ? n.callee : n.arguments[0];
      const baseExpr = arg && unwrapExpression(arg);
      const base =
        baseExpr?.type === AST_NODE_TYPES.MemberExpression && getPropertyName(baseExpr) === 'prototype'
          ? this.declaredKey(baseExpr.object)
          : baseExpr
            ? this.declaredKey(baseExpr)
            : null;
      if (base) this.addBase(owner, base);
    }
  }

  /** `util.inherits(D, B)`, `__extends(D, B)`, `Object.setPrototypeOf(D.prototype, B.prototype)`. */
  private readInheritanceCall(call: TSESTree.CallExpression | TSESTree.NewExpression): void {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length < 2) return;
    const stripPrototype = (node: TSESTree.Node) => {
      const n = unwrapExpression(node);
      return n.type === AST_NODE_TYPES.MemberExpression && getPropertyName(n) === 'prototype' ? n.object : n;
    };
    const derived = this.declaredKey(stripPrototype(call.arguments[0]));
    const base = this.declaredKey(stripPrototype(call.arguments[1]));
    if (derived && base) this.addBase(derived, base);
  }

  private addBase(derived: ObjectKey, base: ObjectKey): void {
    if (derived === base) return;
    pushTo(this.bases, derived, base);
    pushTo(this.subclasses, base, derived);
    if (isFunctionNode(derived)) this.constructors.add(derived);
    if (isFunctionNode(base)) this.constructors.add(base);
  }

  private addMethod(owner: ObjectKey, name: string, fn: FunctionNode): void {
    const methods = innerMap(this.prototypeMethods, owner);
    const list = methods.get(name);
    if (list) {
      if (!list.includes(fn)) list.push(fn);
    } else methods.set(name, [fn]);
    const owners = this.installedMethods.get(fn);
    if (!owners) this.installedMethods.set(fn, [owner]);
    else if (!owners.includes(owner)) owners.push(owner);
    if (isFunctionNode(owner)) this.constructors.add(owner);
    const field = forwardedFieldOf(fn, name);
    if (field) {
      innerMap(this.forwarders, owner).set(name, field);
    }
  }

  /** The constructor or class a name declares in this module: `function X`, `class X`, `const X = function`. */
  declaredKey(node: TSESTree.Node): ObjectKey | null {
    const n = unwrapExpression(node);
    if (isFunctionNode(n) && n.type !== AST_NODE_TYPES.ArrowFunctionExpression) return n;
    if (n.type === AST_NODE_TYPES.ClassExpression) return n;
    if (n.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = this.syntax.variableOf(n);
    if (!variable) return null;
    for (const def of variable.defs) {
      if (def.type === 'FunctionName' && isFunctionNode(def.node)) return def.node;
      if (def.type === 'ClassName') return def.node as ClassNode;
      if (def.type === 'Variable') {
        const init = (def.node as TSESTree.VariableDeclarator).init;
        if (init) {
          const value = unwrapExpression(init);
          if ((value.type === AST_NODE_TYPES.FunctionExpression || value.type === AST_NODE_TYPES.ClassExpression)) return value;
        }
      }
    }
    return null;
  }

  /** The functions a method value names without flow: an inline function, a declared one, `fn.bind(...)`. */
  private declaredFunctions(node: TSESTree.Node): FunctionNode[] {
    const n = unwrapExpression(node);
    if (isFunctionNode(n)) return [n];
    if (n.type === AST_NODE_TYPES.Identifier) {
      const key = this.declaredKey(n);
      if (key && isFunctionNode(key)) return [key];
      const variable = this.syntax.variableOf(n);
      for (const def of variable?.defs ?? []) {
        const init = def.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
        if (init && isFunctionNode(unwrapExpression(init))) return [unwrapExpression(init) as FunctionNode];
      }
    }
    if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(n.callee) === 'bind') {
      return this.declaredFunctions(n.callee.object);
    }
    return [];
  }
}

function classMethod(cls: ClassNode, name: string): FunctionNode | null {
  for (const member of cls.body.body) {
    if ((member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) && !member.static && getPropertyName(member) === name) {
      const value = member.value;
      if (isFunctionNode(value)) return value;
    }
  }
  return null;
}

function literalMethod(literal: TSESTree.ObjectExpression, name: string): FunctionNode | null {
  for (const prop of literal.properties) {
    if (prop.type === AST_NODE_TYPES.Property && getPropertyName(prop) === name) {
      const value = unwrapExpression(prop.value);
      if (isFunctionNode(value)) return value;
    }
  }
  return null;
}

export function constructorOf(cls: ClassNode): FunctionNode | null {
  for (const member of cls.body.body) {
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') return member.value as FunctionNode;
  }
  return null;
}

/**
 * A method whose whole body hands its call to the same method of a field:
 * `return this._sock[m].apply(this._sock, arguments)`, `this.socket.setTimeout.apply(this.socket, arguments)`,
 * `return this.conn[m](...args)`. Returns the field's name.
 */
function forwardedFieldOf(fn: FunctionNode, method: string): string | null {
  let expression: TSESTree.Node | null = null;
  if (fn.body.type === AST_NODE_TYPES.BlockStatement) {
    if (fn.body.body.length !== 1) return null;
    const statement = fn.body.body[0];
    if (statement.type === AST_NODE_TYPES.ReturnStatement) expression = statement.argument;
    else if (statement.type === AST_NODE_TYPES.ExpressionStatement) expression = statement.expression;
  } else expression = fn.body;
  if (!expression) return null;
  const call = unwrapExpression(expression);
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  let target = unwrapExpression(call.callee);
  if (target.type === AST_NODE_TYPES.MemberExpression && !target.computed) {
    const name = getPropertyName(target);
    if (name === 'apply' || name === 'call') target = unwrapExpression(target.object);
  }
  if (target.type !== AST_NODE_TYPES.MemberExpression) return null;
  const forwardedName = target.computed && target.property.type === AST_NODE_TYPES.Identifier ? method : getPropertyName(target);
  if (forwardedName !== method) return null;
  const field = unwrapExpression(target.object);
  if (field.type !== AST_NODE_TYPES.MemberExpression || unwrapExpression(field.object).type !== AST_NODE_TYPES.ThisExpression) return null;
  return getPropertyName(field);
}

/** The method name a string literal list spells, for callers that only need `getStaticString`. */
export function staticName(node: TSESTree.Node | null | undefined): string | null {
  return getStaticString(node);
}
