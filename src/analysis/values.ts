import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast.js';
import type { ServerInfo, SocketInfo } from './model.js';

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/**
 * What identifies one kind of object of the module (spec 0.1, "objects of every era"): an ES
 * class, a constructor function (its prototype methods and `this.x` fields), or an object
 * literal (its methods and properties). Instances of one kind share one abstract object.
 */
export type ObjectKey = ClassNode | FunctionNode | TSESTree.ObjectExpression;

/** A Node.js module or a member path inside it: `net`, `net.connect`, `tls.TLSSocket`. */
export interface ModuleValue {
  readonly kind: 'module';
  readonly module: string;
  /** Member path below the module, joined by dots; `''` is the module object itself. */
  readonly path: string;
}

export interface SocketValue {
  readonly kind: 'socket';
  readonly socket: SocketInfo;
}

export interface ServerValue {
  readonly kind: 'server';
  readonly server: ServerInfo;
}

/** The `req` of a ws `'connection'` listener: its `.socket` is the connection's underlying socket. */
export interface RequestValue {
  readonly kind: 'request';
  readonly socket: SocketInfo;
}

export interface FunctionValue {
  readonly kind: 'function';
  readonly fn: FunctionNode;
}

export interface ClassValue {
  readonly kind: 'class';
  readonly cls: ClassNode;
}

/** An object of this module: an instance of a class or constructor function, or an object literal. */
export interface ObjectValue {
  readonly kind: 'object';
  readonly key: ObjectKey;
}

/** Values that flow from the socket sources (the sparse, pushed part of the analysis). */
export type DynamicValue = ModuleValue | SocketValue | ServerValue | RequestValue;
/** Values the module's own declarations give (computed on demand, never pushed). */
export type StaticValue = FunctionValue | ClassValue | ObjectValue;
export type Value = DynamicValue | StaticValue;

/**
 * Canonical value objects, so that sets of values compare by identity.
 * One interner per file analysis: nothing here outlives the file.
 */
export class ValueInterner {
  private readonly modules = new Map<string, ModuleValue>();
  private readonly byKind = {
    socket: new WeakMap<object, SocketValue>(),
    server: new WeakMap<object, ServerValue>(),
    request: new WeakMap<object, RequestValue>(),
    function: new WeakMap<object, FunctionValue>(),
    class: new WeakMap<object, ClassValue>(),
    object: new WeakMap<object, ObjectValue>(),
  };

  module(module: string, path: string): ModuleValue {
    const key = `${module}\0${path}`;
    let value = this.modules.get(key);
    if (!value) {
      value = { kind: 'module', module, path };
      this.modules.set(key, value);
    }
    return value;
  }

  socket(socket: SocketInfo): SocketValue {
    return intern(this.byKind.socket, socket, () => ({ kind: 'socket', socket }));
  }

  server(server: ServerInfo): ServerValue {
    return intern(this.byKind.server, server, () => ({ kind: 'server', server }));
  }

  request(socket: SocketInfo): RequestValue {
    return intern(this.byKind.request, socket, () => ({ kind: 'request', socket }));
  }

  fn(fn: FunctionNode): FunctionValue {
    return intern(this.byKind.function, fn, () => ({ kind: 'function', fn }));
  }

  cls(cls: ClassNode): ClassValue {
    return intern(this.byKind.class, cls, () => ({ kind: 'class', cls }));
  }

  object(key: ObjectKey): ObjectValue {
    return intern(this.byKind.object, key, () => ({ kind: 'object', key }));
  }
}

function intern<T>(map: WeakMap<object, T>, key: object, make: () => T): T {
  let value = map.get(key);
  if (!value) {
    value = make();
    map.set(key, value);
  }
  return value;
}

export const EMPTY_VALUES: ReadonlySet<never> = new Set();

export function union<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  const result = new Set(a);
  for (const v of b) result.add(v);
  return result;
}

/** The inner map of `key` in a map of maps, made empty on first use. */
export function innerMap<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
