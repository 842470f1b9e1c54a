import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, getCalleeMethodName, getStaticString, isFunctionNode, unwrapExpression } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';
import { LISTENER_METHODS, REMOVE_LISTENER_METHODS } from './model.js';

/** Events whose listeners run many times while their emitter lives (spec 0.2 and 4). */
export const REPEATING_EVENTS: ReadonlySet<string> = new Set(['data', 'readable', 'message', 'line', 'request', 'drain', 'frame', 'packet']);
/** Events whose listeners run once per connection: `require-connection-cleanup`'s territory (spec 6.4). */
export const CONNECTION_EVENTS: ReadonlySet<string> = new Set(['connection', 'secureConnection']);

/** `emitter.on(event, listener)` and its siblings on any emitter, with the functions the listener resolves to. */
export interface Registration {
  readonly node: TSESTree.CallExpression;
  readonly method: string;
  readonly receiver: TSESTree.Expression;
  /** The static event name, or null when computed. */
  readonly event: string | null;
  readonly listener: TSESTree.Node | null;
  readonly functions: readonly FunctionNode[];
}

export interface RemovalCall {
  readonly node: TSESTree.CallExpression;
  readonly method: string;
  readonly receiver: TSESTree.Expression;
}

/** How a function runs when it is an event listener somewhere in this module. */
export interface ListenerRole {
  /** Registered for a connection event: a run per connection. */
  readonly connection: boolean;
  /** Registered with `on` for an event that repeats while the emitter lives (`data`, `readable`, ...). */
  readonly repeatingEvent: string | null;
  /** Every registration of the function. */
  readonly registrations: Registration[];
}

/**
 * Listener registrations and removals on any emitter (not only sockets), and the role each
 * local function plays as a listener. Computed lazily per file from the shared analysis.
 */
export class ListenerFacts {
  readonly registrations: Registration[] = [];
  readonly removals: RemovalCall[] = [];
  private readonly roles = new Map<FunctionNode, ListenerRole>();

  constructor(readonly analysis: FileAnalysis) {
    for (const call of analysis.callsNamed(...LISTENER_METHODS, ...REMOVE_LISTENER_METHODS)) {
      if (call.type !== AST_NODE_TYPES.CallExpression) continue;
      const callee = unwrapExpression(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
      const method = getCalleeMethodName(call);
      if (!method) continue;
      if (LISTENER_METHODS.has(method)) {
        const listener = call.arguments[1] ?? null;
        const functions = listener ? (isFunctionNode(listener) ? [listener] : analysis.functionsOf(listener)) : [];
        const registration: Registration = {
          node: call,
          method,
          receiver: callee.object,
          event: getStaticString(call.arguments[0]),
          listener,
          functions,
        };
        this.registrations.push(registration);
        for (const fn of functions) this.noteRole(fn, registration);
      } else if (REMOVE_LISTENER_METHODS.has(method)) {
        this.removals.push({ node: call, method, receiver: callee.object });
      }
    }
    for (const socket of analysis.sockets) {
      for (const fn of socket.listeners) {
        const role = this.roleOf(fn);
        this.roles.set(fn, { connection: true, repeatingEvent: role?.repeatingEvent ?? null, registrations: role?.registrations ?? [] });
      }
    }
  }

  roleOf(fn: FunctionNode): ListenerRole | null {
    return this.roles.get(fn) ?? null;
  }

  private noteRole(fn: FunctionNode, registration: Registration): void {
    const previous = this.roles.get(fn);
    const once = registration.method === 'once' || registration.method === 'prependOnceListener';
    const event = registration.event;
    const connection = (previous?.connection ?? false) || (event !== null && CONNECTION_EVENTS.has(event));
    // `'request'` repeats on an HTTP server; on a request stream (`stream.on('request')`) it fires once.
    const repeats = event !== null && REPEATING_EVENTS.has(event) && (event !== 'request' || this.analysis.serversOf(registration.receiver).length > 0);
    const repeatingEvent = previous?.repeatingEvent ?? (!once && repeats ? event : null);
    this.roles.set(fn, { connection, repeatingEvent, registrations: [...(previous?.registrations ?? []), registration] });
  }
}

const cache = new WeakMap<FileAnalysis, ListenerFacts>();

export function getListenerFacts(analysis: FileAnalysis): ListenerFacts {
  let facts = cache.get(analysis);
  if (!facts) {
    facts = new ListenerFacts(analysis);
    cache.set(analysis, facts);
  }
  return facts;
}
