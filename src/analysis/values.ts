import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast.js';
import type { ServerInfo, SocketInfo } from './model.js';

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

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

export interface FunctionValue {
  readonly kind: 'function';
  readonly fn: FunctionNode;
}

export interface ClassValue {
  readonly kind: 'class';
  readonly cls: ClassNode;
}

/** An instance of a class of this module (`this` inside it, or `new Local()`). */
export interface InstanceValue {
  readonly kind: 'instance';
  readonly cls: ClassNode;
}

export type Value = ModuleValue | SocketValue | ServerValue | FunctionValue | ClassValue | InstanceValue;

/**
 * Canonical value objects, so that sets of values compare by identity.
 * One interner per file analysis: nothing here outlives the file.
 */
export class ValueInterner {
  private readonly modules = new Map<string, ModuleValue>();
  private readonly objects = new WeakMap<object, Value>();

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
    return this.intern(socket, () => ({ kind: 'socket', socket }));
  }

  server(server: ServerInfo): ServerValue {
    return this.intern(server, () => ({ kind: 'server', server }));
  }

  fn(fn: FunctionNode): FunctionValue {
    return this.intern(fn, () => ({ kind: 'function', fn }));
  }

  cls(cls: ClassNode): ClassValue {
    return this.intern(cls, () => ({ kind: 'class', cls }));
  }

  instance(cls: ClassNode): InstanceValue {
    // Keyed by the class body so it does not collide with the class value of the same node.
    return this.intern(cls.body, () => ({ kind: 'instance', cls }));
  }

  private intern<T extends Value>(key: object, make: () => T): T {
    let value = this.objects.get(key);
    if (!value) {
      value = make();
      this.objects.set(key, value);
    }
    return value as T;
  }
}

export const EMPTY_VALUES: ReadonlySet<Value> = new Set();
