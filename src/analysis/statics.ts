import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, enclosingFunction, getPropertyName, isFunctionNode, unwrapExpression } from './ast.js';
import { ObjectModel, constructorOf } from './objects.js';
import { type CallLike, type FileSyntax, type Variable, calleeName, thisOwner } from './syntax.js';
import { type ObjectKey, type StaticValue, EMPTY_VALUES, ValueInterner, innerMap, union } from './values.js';

type StaticSet = ReadonlySet<StaticValue>;
const MAX_DEPTH = 40;

/**
 * The module's own functions, classes and objects an expression may evaluate to, computed on
 * demand (pull) and memoized: they come from declarations, not from socket sources, so they
 * never need the pushed flow. Follows bindings, re-assignments, parameters (from every call
 * site, `.call`/`.apply` and `arguments` forwarding included), returns, fields (`this.x = v`,
 * class fields, literal properties), methods of the object model, `this` (methods, constructors,
 * `fn.call(this)`, `.bind(this)`, `var self = this`), and `.bind`.
 */
export class StaticResolver {
  private model: ObjectModel | null = null;
  private readonly nodeMemo = new Map<TSESTree.Node, StaticSet>();
  private readonly variableMemo = new Map<Variable, StaticSet>();
  private readonly returnMemo = new Map<FunctionNode, StaticSet>();
  private readonly thisMemo = new Map<TSESTree.Node | null, StaticSet>();
  private readonly paramMemo = new Map<FunctionNode, Map<number, StaticSet>>();
  private readonly fieldMemo = new Map<ObjectKey, Map<string, StaticSet>>();
  private readonly invocationMemo = new Map<FunctionNode, CallLike[]>();
  private depth = 0;
  private bindIndex: Map<FunctionNode, TSESTree.Node[]> | null = null;

  constructor(
    private readonly syntax: FileSyntax,
    private readonly values: ValueInterner,
  ) {
  }

  /** The object model, built when first needed (a file whose sockets never meet an object needs none). */
  get objects(): ObjectModel {
    this.model ??= new ObjectModel(this.syntax);
    return this.model;
  }

  staticOf(node: TSESTree.Node): StaticSet {
    return this.memo(this.nodeMemo, node, () => this.compute(unwrapExpression(node)));
  }

  functionsOf(node: TSESTree.Node | null | undefined): FunctionNode[] {
    if (!node) return [];
    const result: FunctionNode[] = [];
    for (const value of this.staticOf(node)) if (value.kind === 'function') result.push(value.fn);
    return result;
  }

  /**
   * False when an expression cannot name a function of this module, known without resolving
   * anything: a global (`setTimeout`, `require`) or a member of one (`console.log`,
   * `Buffer.from`, `process.nextTick`).
   */
  mayBeLocal(node: TSESTree.Node): boolean {
    let root = unwrapExpression(node);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrapExpression(root.object);
    if (root.type !== AST_NODE_TYPES.Identifier) return true;
    const variable = this.syntax.variableOf(root);
    return variable !== null && variable.defs.length > 0;
  }

  objectsOf(node: TSESTree.Node): ObjectKey[] {
    const result: ObjectKey[] = [];
    for (const value of this.staticOf(node)) if (value.kind === 'object') result.push(value.key);
    return result;
  }

  /** The objects `this` may be inside `owner` (a function, a class body for field initializers, or null). */
  thisObjects(owner: TSESTree.Node | null): StaticSet {
    return this.memo(this.thisMemo, owner, () => this.computeThis(owner));
  }

  /** What the calls of `fn` may return. */
  returnsOf(fn: FunctionNode): StaticSet {
    return this.memo(this.returnMemo, fn, () => {
      let result: StaticSet = EMPTY_VALUES;
      if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.expression) return this.staticOf(fn.body);
      for (const ret of this.syntax.returnsOf(fn)) if (ret.argument) result = union(result, this.staticOf(ret.argument));
      return result;
    });
  }

  /**
   * The calls and `new`s that may run `fn`, found by the names `fn` is known by (its binding,
   * its method names) plus calls through parameters, then checked by resolving their callee.
   * `fn.call(...)`/`fn.apply(...)` count as calls of `fn`.
   */
  invocationsOf(fn: FunctionNode): readonly CallLike[] {
    let calls = this.invocationMemo.get(fn);
    if (!calls) {
      calls = [];
      this.invocationMemo.set(fn, calls);
      const candidates = new Set<CallLike>();
      for (const name of namesOf(fn)) for (const call of this.syntax.callsByName.get(name) ?? []) candidates.add(call);
      for (const call of this.callsThroughBindings(fn)) candidates.add(call);
      const ctorOwner = fn.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor' ? fn.parent.parent.parent : null;
      if (ctorOwner) {
        const name = (ctorOwner as TSESTree.ClassDeclaration).id?.name;
        for (const call of (name && this.syntax.callsByName.get(name)) || []) candidates.add(call);
      }
      for (const call of candidates) {
        const callee = invokedExpression(call);
        if (this.functionsOf(callee).includes(fn)) calls.push(call);
        else if (ctorOwner && call.type === AST_NODE_TYPES.NewExpression) {
          for (const value of this.staticOf(call.callee)) if (value.kind === 'class' && value.cls === ctorOwner) calls.push(call);
        }
      }
    }
    return calls;
  }

  /**
   * Calls that may run `fn` after it was handed on: through the parameter of a module function
   * it is passed to (`run(onData)` → `function run(cb) { cb(x) }`), a variable it is stored in
   * (`const cb = onData`), or a field (`this.cb = onData` → `this.cb(x)`). A callback given to
   * anything else (an emitter's `on`, `setTimeout`, `forEach`) is called by code we cannot see.
   */
  private callsThroughBindings(fn: FunctionNode): CallLike[] {
    const uses: TSESTree.Node[] = [fn];
    const parent = fn.parent;
    let id: TSESTree.Identifier | null = null;
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) id = fn.id;
    else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) id = parent.id;
    const variable = id && this.syntax.variableOf(id);
    if (variable) for (const reference of variable.references) if (!reference.init) uses.push(reference.identifier);
    const result: CallLike[] = [];
    for (const use of uses) {
      const holder = use.parent;
      if (!holder) continue;
      if ((holder.type === AST_NODE_TYPES.CallExpression || holder.type === AST_NODE_TYPES.NewExpression) && holder.callee !== use) {
        const index = holder.arguments.indexOf(use as TSESTree.CallExpressionArgument);
        if (index < 0) continue;
        for (const target of this.functionsOf(invokedExpression(holder))) {
          const param = target.params[index] && parameterIdentifier(target.params[index]);
          const paramVariable = param && this.syntax.variableOf(param);
          if (paramVariable) result.push(...callsOfBinding(paramVariable));
        }
      } else if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === use && holder.id.type === AST_NODE_TYPES.Identifier) {
        const stored = this.syntax.variableOf(holder.id);
        if (stored) result.push(...callsOfBinding(stored));
      } else if (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.right === use) {
        if (holder.left.type === AST_NODE_TYPES.Identifier) {
          const stored = this.syntax.variableOf(holder.left);
          if (stored) result.push(...callsOfBinding(stored));
        } else if (holder.left.type === AST_NODE_TYPES.MemberExpression) {
          const name = getPropertyName(holder.left);
          if (name) result.push(...(this.syntax.callsByName.get(name) ?? []));
        }
      }
    }
    return result;
  }

  private callsLocalFunction(call: CallLike): boolean {
    if (this.functionsOf(invokedExpression(call)).length > 0) return true;
    if (call.type === AST_NODE_TYPES.NewExpression) for (const v of this.staticOf(call.callee)) if (v.kind === 'class') return true;
    return false;
  }

  /** The argument a call passes to `fn`'s parameter `index` (`.call` shifts by one; `.apply(x, arguments)` forwards). */
  argumentFor(call: CallLike, index: number): TSESTree.Node | 'forwarded' | null {
    const shape = invocationShape(call);
    if (shape === 'apply') {
      const list = call.arguments[1];
      if (!list) return null;
      const n = unwrapExpression(list);
      if (n.type === AST_NODE_TYPES.Identifier && n.name === 'arguments') return 'forwarded';
      if (n.type === AST_NODE_TYPES.ArrayExpression) {
        const element = n.elements[index];
        return element && element.type !== AST_NODE_TYPES.SpreadElement ? element : null;
      }
      return null;
    }
    const args = call.arguments;
    const position = shape === 'call' ? index + 1 : index;
    for (let i = 0; i < position && i < args.length; i++) {
      if (args[i].type === AST_NODE_TYPES.SpreadElement) {
        const spread = unwrapExpression((args[i] as TSESTree.SpreadElement).argument);
        return spread.type === AST_NODE_TYPES.Identifier && spread.name === 'arguments' && i === (shape === 'call' ? 1 : 0) ? 'forwarded' : null;
      }
    }
    const arg = args[position];
    if (!arg) return null;
    if (arg.type === AST_NODE_TYPES.SpreadElement) {
      const spread = unwrapExpression(arg.argument);
      return spread.type === AST_NODE_TYPES.Identifier && spread.name === 'arguments' && position === (shape === 'call' ? 1 : 0) ? 'forwarded' : null;
    }
    return arg;
  }

  /** What the `this` argument of `fn.call(x)`/`fn.apply(x)` is, for such calls. */
  thisArgument(call: CallLike): TSESTree.Node | null {
    return invocationShape(call) === 'plain' ? null : (call.arguments[0] ?? null);
  }

  // ---------------------------------------------------------------- computing

  private compute(n: TSESTree.Node): StaticSet {
    switch (n.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = this.syntax.variableOf(n);
        return variable ? this.variableStatic(variable) : EMPTY_VALUES;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = getPropertyName(n);
        return name ? this.memberStatic(this.staticOf(n.object), name) : EMPTY_VALUES;
      }
      case AST_NODE_TYPES.ThisExpression:
        return this.thisObjects(thisOwner(n));
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionDeclaration:
        return new Set([this.values.fn(n)]);
      case AST_NODE_TYPES.ClassExpression:
      case AST_NODE_TYPES.ClassDeclaration:
        return new Set([this.values.cls(n)]);
      case AST_NODE_TYPES.ObjectExpression:
        return new Set([this.values.object(n)]);
      case AST_NODE_TYPES.NewExpression: {
        const result = new Set<StaticValue>();
        for (const value of this.staticOf(n.callee)) {
          if (value.kind === 'class') result.add(this.values.object(value.cls));
          else if (value.kind === 'function' && value.fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) result.add(this.values.object(value.fn));
        }
        return result;
      }
      case AST_NODE_TYPES.CallExpression: {
        const callee = unwrapExpression(n.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'bind') {
          const fns = new Set<StaticValue>();
          for (const v of this.staticOf(callee.object)) if (v.kind === 'function') fns.add(v);
          return fns;
        }
        let result: StaticSet = EMPTY_VALUES;
        for (const fn of this.functionsOf(invokedExpression(n))) result = union(result, this.returnsOf(fn));
        return result;
      }
      case AST_NODE_TYPES.AwaitExpression:
        return this.staticOf(n.argument);
      case AST_NODE_TYPES.ConditionalExpression:
        return union(this.staticOf(n.consequent), this.staticOf(n.alternate));
      case AST_NODE_TYPES.LogicalExpression:
        return union(this.staticOf(n.left), this.staticOf(n.right));
      case AST_NODE_TYPES.AssignmentExpression:
        return this.staticOf(n.right);
      default:
        return EMPTY_VALUES;
    }
  }

  private variableStatic(variable: Variable): StaticSet {
    return this.memo(this.variableMemo, variable, () => {
      let result: StaticSet = EMPTY_VALUES;
      for (const def of variable.defs) {
        switch (def.type) {
          case 'FunctionName':
            if (isFunctionNode(def.node)) result = union(result, new Set([this.values.fn(def.node)]));
            break;
          case 'ClassName':
            result = union(result, new Set([this.values.cls(def.node as TSESTree.ClassDeclaration)]));
            break;
          case 'Variable': {
            const declarator = def.node as TSESTree.VariableDeclarator;
            if (!declarator.init) break;
            if (declarator.id.type === AST_NODE_TYPES.Identifier) result = union(result, this.staticOf(declarator.init));
            else {
              const key = destructuredKey(declarator.id, def.name as TSESTree.Identifier);
              if (key) result = union(result, this.memberStatic(this.staticOf(declarator.init), key));
            }
            break;
          }
          case 'Parameter':
            if (isFunctionNode(def.node)) {
              const index = def.node.params.findIndex((p) => parameterIdentifier(p) === def.name);
              if (index >= 0) result = union(result, this.parameterStatic(def.node, index));
            }
            break;
          default:
            break;
        }
      }
      for (const reference of variable.references) {
        if (!reference.isWrite() || reference.init) continue;
        const parent = reference.identifier.parent;
        if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === reference.identifier && (parent.operator === '=' || parent.operator === '||=' || parent.operator === '??=')) {
          result = union(result, this.staticOf(parent.right));
        }
      }
      return result;
    });
  }

  private parameterStatic(fn: FunctionNode, index: number): StaticSet {
    return this.memo(innerMap(this.paramMemo, fn), index, () => {
      let result: StaticSet = EMPTY_VALUES;
      for (const call of this.invocationsOf(fn)) {
        const arg = this.argumentFor(call, index);
        if (arg === 'forwarded') {
          const outer = enclosingFunction(call);
          if (outer) result = union(result, this.parameterStatic(outer, index));
        } else if (arg) result = union(result, this.staticOf(arg));
      }
      return result;
    });
  }

  private memberStatic(objects: StaticSet, name: string): StaticSet {
    if (objects.size === 0) return EMPTY_VALUES;
    let result: StaticSet = EMPTY_VALUES;
    for (const object of objects) {
      if (object.kind === 'object') {
        const methods = this.objects.methodsOf(object.key, name);
        if (methods.length > 0) result = union(result, new Set(methods.map((fn) => this.values.fn(fn))));
        result = union(result, this.fieldStatic(object.key, name));
      } else if (object.kind === 'function' && name === 'prototype') {
        result = union(result, new Set([this.values.object(object.fn)]));
      } else if (object.kind === 'class' && name === 'prototype') {
        result = union(result, new Set([this.values.object(object.cls)]));
      }
    }
    return result;
  }

  /** `this.x = v` and `obj.x = v` writes, class fields and literal properties for `x` on objects of `key`. */
  fieldStatic(key: ObjectKey, name: string): StaticSet {
    return this.memo(innerMap(this.fieldMemo, key), name, () => {
      let result: StaticSet = EMPTY_VALUES;
      if (key.type === AST_NODE_TYPES.ObjectExpression) {
        for (const prop of key.properties) {
          if (prop.type === AST_NODE_TYPES.Property && getPropertyName(prop) === name && !isFunctionNode(unwrapExpression(prop.value))) {
            result = union(result, this.staticOf(prop.value));
          }
        }
      } else if (key.type === AST_NODE_TYPES.ClassDeclaration || key.type === AST_NODE_TYPES.ClassExpression) {
        for (const member of key.body.body) {
          if (member.type === AST_NODE_TYPES.PropertyDefinition && !member.static && member.value && getPropertyName(member) === name && !isFunctionNode(member.value)) {
            result = union(result, this.staticOf(member.value));
          }
        }
      }
      for (const write of this.syntax.fieldWritesByName.get(name) ?? []) {
        if (write.operator !== '=' && write.operator !== '||=' && write.operator !== '??=') continue;
        const target = write.left as TSESTree.MemberExpression;
        if (this.objectsOf(target.object).includes(key)) result = union(result, this.staticOf(write.right));
      }
      return result;
    });
  }

  private computeThis(owner: TSESTree.Node | null): StaticSet {
    if (!owner) return EMPTY_VALUES;
    if (owner.type === AST_NODE_TYPES.ClassBody) {
      return new Set(this.objects.withSubclasses([owner.parent as ObjectKey]).map((key) => this.values.object(key)));
    }
    if (!isFunctionNode(owner) || owner.type === AST_NODE_TYPES.ArrowFunctionExpression) return EMPTY_VALUES;
    // A method of the object model (class member, prototype method, literal method, constructor):
    // its `this` is what the model says; nothing else is looked for.
    const owners = this.objects.methodOwners(owner);
    if (owners.length > 0) return new Set(owners.map((key) => this.values.object(key)));
    const result = new Set<StaticValue>();
    // `obj.handler = function () { this... }`: a method of obj's objects.
    const parent = owner.parent;
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === owner && parent.left.type === AST_NODE_TYPES.MemberExpression) {
      for (const key of this.objectsOf(parent.left.object)) result.add(this.values.object(key));
      if (result.size > 0) return result;
    }
    for (const call of this.invocationsOf(owner)) {
      // `new F()` makes F a constructor whose `this` is its instance.
      if (call.type === AST_NODE_TYPES.NewExpression) result.add(this.values.object(owner));
      // `fn.call(x)`, `fn.apply(x)`, `Base.call(this)`.
      const thisArg = this.thisArgument(call);
      if (thisArg) for (const v of this.staticOf(thisArg)) if (v.kind === 'object') result.add(v);
    }
    // `fn.bind(x)`.
    for (const thisArg of this.boundThis().get(owner) ?? []) for (const v of this.staticOf(thisArg)) if (v.kind === 'object') result.add(v);
    // A plain function nothing here calls with a `this`: in published ES5 code that is a
    // constructor made with `new` elsewhere (`module.exports = Client`), its `this` an instance.
    if (result.size === 0) result.add(this.values.object(owner));
    return result;
  }

  /** `fn.bind(x)` calls of the file, by the function bound, found once. */
  private boundThis(): Map<FunctionNode, TSESTree.Node[]> {
    if (!this.bindIndex) {
      this.bindIndex = new Map();
      for (const bind of this.syntax.membersNamed('bind')) {
        const call = bind.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== bind || !call.arguments[0]) continue;
        const thisArg = call.arguments[0];
        if (unwrapExpression(thisArg).type === AST_NODE_TYPES.Literal) continue;
        for (const fn of this.functionsOf(bind.object)) {
          const list = this.bindIndex.get(fn);
          if (list) list.push(thisArg);
          else this.bindIndex.set(fn, [thisArg]);
        }
      }
    }
    return this.bindIndex;
  }

  /**
   * Memoized evaluation with a cycle guard: an entry being computed reads as empty, so a
   * cycle (`f(a)` calls `g(a)` calls `f(a)`) settles on what flows in from outside it.
   */
  private memo<K>(map: Map<K, StaticSet>, key: K, compute: () => StaticSet): StaticSet {
    const known = map.get(key);
    if (known) return known;
    if (this.depth > MAX_DEPTH) return EMPTY_VALUES;
    map.set(key, IN_PROGRESS);
    this.depth++;
    let result: StaticSet;
    try {
      result = compute();
    } finally {
      this.depth--;
    }
    map.set(key, result);
    return result;
  }
}

const IN_PROGRESS: StaticSet = new Set();

/** `f(...)` → `f`; `f.call(...)`/`f.apply(...)` → `f`. */
export function invokedExpression(call: CallLike): TSESTree.Node {
  const callee = unwrapExpression(call.callee);
  if (invocationShape(call) !== 'plain') return (callee as TSESTree.MemberExpression).object;
  return callee;
}

function invocationShape(call: CallLike): 'plain' | 'call' | 'apply' {
  if (call.type !== AST_NODE_TYPES.CallExpression) return 'plain';
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return 'plain';
  const name = getPropertyName(callee);
  if (name === 'call') return 'call';
  if (name === 'apply') return 'apply';
  return 'plain';
}

/** The names a function is called by: its own name, its binding, the method or property it is stored as. */
function namesOf(fn: FunctionNode): string[] {
  const names: string[] = [];
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.id) names.push(fn.id.name);
  const parent = fn.parent;
  if (!parent) return names;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) names.push(parent.id.name);
  else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === fn) {
    if (parent.left.type === AST_NODE_TYPES.Identifier) names.push(parent.left.name);
    else if (parent.left.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(parent.left);
      if (name) names.push(name);
      else if (parent.left.computed) names.push(...computedMethodNames(parent.left));
    }
  } else if (parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.PropertyDefinition) {
    const name = getPropertyName(parent);
    if (name) names.push(name);
  }
  return names;
}

/** The static strings of `W.prototype[m]`'s `m` are looked up by the object model; callers by name use every call. */
function computedMethodNames(member: TSESTree.MemberExpression): string[] {
  const property = member.property;
  if (property.type !== AST_NODE_TYPES.Identifier) return [];
  // Resolved lazily by the caller index: a generated method may be called by any of the list's names.
  const fn = enclosingFunction(member);
  const call = fn?.parent;
  if (call?.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.MemberExpression) {
    const list = unwrapExpression(call.callee.object);
    if (list.type === AST_NODE_TYPES.ArrayExpression) {
      return list.elements.flatMap((e) => (e && e.type === AST_NODE_TYPES.Literal && typeof e.value === 'string' ? [e.value] : []));
    }
  }
  return [];
}

function destructuredKey(pattern: TSESTree.Node, name: TSESTree.Identifier): string | null {
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return null;
  for (const prop of pattern.properties) {
    if (prop.type !== AST_NODE_TYPES.Property) continue;
    const value = prop.value.type === AST_NODE_TYPES.AssignmentPattern ? prop.value.left : prop.value;
    if (value === name) return getPropertyName(prop);
  }
  return null;
}

export function parameterIdentifier(param: TSESTree.Parameter): TSESTree.Identifier | null {
  const inner = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  const target = inner.type === AST_NODE_TYPES.AssignmentPattern ? inner.left : inner;
  return target.type === AST_NODE_TYPES.Identifier ? target : null;
}

/** `cb(...)`, `cb.call(...)`, `cb.apply(...)` of a binding. */
function callsOfBinding(variable: Variable): CallLike[] {
  const calls: CallLike[] = [];
  for (const reference of variable.references) {
    const id = reference.identifier;
    const parent = id.parent;
    if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.callee === id) calls.push(parent);
    else if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === id && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) {
      const name = getPropertyName(parent);
      if (name === 'call' || name === 'apply') calls.push(parent.parent);
    }
  }
  return calls;
}

export { calleeName, constructorOf };
