import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  type BoundaryAnalysis,
  type FileAnalysis,
  type FunctionNode,
  type SocketCall,
  getAnalysis,
  getBoundaries,
  getCalleeMethodName,
  getCalleeObject,
  isFunctionNode,
  isWebSocket,
  unwrapExpression,
} from '../analysis/index.js';
import { createRule } from '../create-rule.js';

type MessageIds = 'splitReentrant' | 'splitShared';

export interface NoInterleavedSocketWritesOptions {
  queueFunctions: string[];
}
type Options = [NoInterleavedSocketWritesOptions];

const WRITE_METHODS = new Set(['write', 'end']);
/** Cheap text check first: a split message needs two write (or WebSocket `send`) calls in the file. */
const WRITE_CALL = /\.(?:write|end|send)\s*\(/;

export default createRule<Options, MessageIds>({
  name: 'no-interleaved-socket-writes',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow writing one message to a socket in parts split by an async boundary while another writer can run',
      recommended: true,
      strictOptions: [{ queueFunctions: ['enqueue', 'limit'] }],
    },
    schema: [
      {
        type: 'object',
        properties: {
          queueFunctions: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Names of functions or methods that run their callback one at a time (a write queue). `add` on an object whose name contains `queue` always counts.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ queueFunctions: ['enqueue', 'limit'] }],
    messages: {
      splitReentrant:
        'This write continues the message begun by the write at line {{otherLine}} after the async boundary at line {{boundaryLine}}; another `{{event}}` event runs this handler again meanwhile and its writes can land in between. Write the message in one segment or chain the handler on a per-socket queue.',
      splitShared:
        'This write continues the message begun by the write at line {{firstLine}} after the async boundary at line {{boundaryLine}}; the write at line {{otherLine}} runs on another async path and can land in between. Write the message in one segment or send every write through one queue.',
    },
  },
  create(context, [options]) {
    const queueFunctions = new Set(options.queueFunctions.map((n) => n.toLowerCase()));
    return {
      'Program:exit'() {
        const text = context.sourceCode.text;
        const first = text.search(WRITE_CALL);
        if (first < 0 || text.slice(first + 1).search(WRITE_CALL) < 0) return;
        const analysis = getAnalysis(context);
        if (analysis.socketCalls.length === 0) return;
        // One `send()` is one whole WebSocket message (ws-semantics h1): only a reply split over several sends can interleave (h2).
        const writes = analysis.socketCalls.filter((c) =>
          isWebSocket(c.socket) ? c.method === 'send' : WRITE_METHODS.has(c.method) && (c.method === 'write' || c.node.arguments.length > 0),
        );
        if (writes.length < 2) return;
        const boundaries = getBoundaries(context);
        const facts = new WriteFacts(analysis, boundaries, queueFunctions);
        const reported = new Set<TSESTree.Node>();
        const bySocket = new Map<number, SocketCall[]>();
        for (const write of writes) {
          const list = bySocket.get(write.socket.id);
          if (list) list.push(write);
          else bySocket.set(write.socket.id, [write]);
        }
        for (const list of bySocket.values()) {
          if (list.length < 2) continue;
          list.sort((a, b) => a.node.range[0] - b.node.range[0]);
          for (const write of list) {
            if (reported.has(write.node)) continue;
            const problem = facts.split(write, list);
            if (!problem) continue;
            reported.add(write.node);
            context.report({ node: write.node, messageId: problem.messageId, data: problem.data });
          }
        }
      },
    };
  },
});

interface Problem {
  messageId: MessageIds;
  data: Record<string, string>;
}

class WriteFacts {
  private readonly reentrant = new Map<TSESTree.Node, string>();
  private readonly rootCache = new Map<TSESTree.Node, TSESTree.Node>();

  constructor(
    private readonly analysis: FileAnalysis,
    private readonly boundaries: BoundaryAnalysis,
    private readonly queueFunctions: ReadonlySet<string>,
  ) {
    // Async functions run by a repeating `data`/`readable` listener, or a WebSocket's `'message'`
    // listener (spec 8.2): two events, two overlapping runs.
    for (const info of analysis.handlers.values()) {
      const event = info.events.has('data') ? 'data' : info.events.has('readable') ? 'readable' : info.events.has('message') && [...info.sockets].some(isWebSocket) ? 'message' : null;
      if (!event || !info.repeating) continue;
      for (const fn of analysis.reachableFunctions(info.fn, 3)) {
        if (fn.async && !this.reentrant.has(fn)) this.reentrant.set(fn, event);
      }
    }
  }

  split(write: SocketCall, all: SocketCall[]): Problem | null {
    const root = this.root(write.node);
    if (this.queued(write.node, root) || this.inForAwait(write.node, root)) return null;
    let first: SocketCall | null = null;
    let boundaryLine = 0;
    for (const earlier of all) {
      if (earlier === write || earlier.node.range[1] > write.node.range[0]) continue;
      if (this.root(earlier.node) !== root) continue;
      // A WebSocket error reply sent from `catch` is a whole message of its own, not the rest of the one the `try` began.
      if (isWebSocket(write.socket) && inCatchOfTryHolding(write.node, earlier.node)) continue;
      const boundary = this.boundaries.boundaryBetween(earlier.node, write.node);
      if (!boundary) {
        // Same segment as an earlier write: only the first write after a boundary is reported.
        if (!this.boundaries.exclusive(earlier.node, write.node) && !this.boundaries.exitsBefore(earlier.node, write.node)) return null;
        continue;
      }
      first ??= earlier;
      boundaryLine = boundary.node.loc.start.line;
    }
    if (!first) return null;
    const firstLine = String(first.node.loc.start.line);
    const event = isFunctionNode(root) ? this.reentrant.get(root) : undefined;
    if (event && this.handlerSocket(root, write)) {
      return { messageId: 'splitReentrant', data: { otherLine: firstLine, boundaryLine: String(boundaryLine), event } };
    }
    for (const other of all) {
      const otherRoot = this.root(other.node);
      if (otherRoot === root || !this.asyncPath(other.node, otherRoot)) continue;
      if (this.sameFlow(root, otherRoot)) continue;
      return { messageId: 'splitShared', data: { firstLine, boundaryLine: String(boundaryLine), otherLine: String(other.node.loc.start.line) } };
    }
    return null;
  }

  /**
   * A plain async function that this run calls (and so awaits in sequence), or that calls this run,
   * is part of the same flow, not another writer.
   */
  private sameFlow(root: TSESTree.Node, other: TSESTree.Node): boolean {
    if (!isFunctionNode(root) || !isFunctionNode(other)) return false;
    if (this.boundaries.callbackKind(other) !== 'declared') return false;
    return this.reach(root).has(other) || this.reach(other).has(root);
  }

  private reach(fn: FunctionNode): ReadonlySet<FunctionNode> {
    return this.analysis.reachableFunctions(fn, 3);
  }

  /** The socket written is one the re-entrant handler serves (its own socket, or any socket for helpers). */
  private handlerSocket(root: TSESTree.Node, write: SocketCall): boolean {
    const info = this.analysis.handlers.get(root as FunctionNode);
    if (!info || (!info.events.has('data') && !info.events.has('readable') && !info.events.has('message'))) return true;
    return info.sockets.has(write.socket);
  }

  private root(node: TSESTree.Node): TSESTree.Node {
    let root = this.rootCache.get(node);
    if (!root) {
      root = this.boundaries.runRoot(node);
      this.rootCache.set(node, root);
    }
    return root;
  }

  /** Another writer: a listener, timer or interval callback, an async function, or a continuation. */
  private asyncPath(node: TSESTree.Node, root: TSESTree.Node): boolean {
    if (!isFunctionNode(root)) return false;
    if (root.async || root.generator) return true;
    const kind = this.boundaries.callbackKind(root);
    if (kind === 'listener' || kind === 'interval') return true;
    const owner = this.boundaries.segmentOwner(node);
    return owner !== root && isFunctionNode(owner) && this.boundaries.callbackKind(owner) === 'continuation';
  }

  private inForAwait(node: TSESTree.Node, root: TSESTree.Node): boolean {
    let current: TSESTree.Node | undefined = node.parent;
    while (current && current !== root) {
      if (current.type === AST_NODE_TYPES.ForOfStatement && current.await && current.body.range[0] <= node.range[0]) return true;
      current = current.parent;
    }
    return false;
  }

  /** The write runs in a callback handed to a queue (`enqueue(fn)`, `sendQueue.add(fn)`, `limit(fn)`, `this.chain = this.chain.then(fn)`). */
  private queued(node: TSESTree.Node, root: TSESTree.Node, visiting: Set<TSESTree.Node> = new Set()): boolean {
    let current: TSESTree.Node | undefined = node.parent;
    while (current) {
      if (isFunctionNode(current) && this.isQueueCallback(current)) return true;
      if (current === root && !isFunctionNode(current)) break;
      current = current.parent;
    }
    // A function only ever called from queue callbacks runs queued too.
    if (isFunctionNode(root) && !visiting.has(root) && visiting.size < 4) {
      visiting.add(root);
      let called = false;
      for (const call of this.analysis.callersOf(root)) {
        called = true;
        if (!this.queued(call, this.root(call), visiting)) return false;
      }
      return called;
    }
    return false;
  }

  private isQueueCallback(fn: FunctionNode): boolean {
    const call = fn.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
    const callee = unwrapExpression(call.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : getCalleeMethodName(call);
    if (!name) return false;
    if (this.queueFunctions.has(name.toLowerCase())) return true;
    const object = getCalleeObject(call);
    if (name === 'add' && object && /queue/i.test(expressionName(object))) return true;
    if ((name === 'push' || name === 'enqueue') && object && /queue/i.test(expressionName(object))) return true;
    if (name === 'then' && object) return isChainAssignment(call);
    return false;
  }
}

/** `node` sits in the `catch` clause of a `try` whose block holds `earlier`. */
function inCatchOfTryHolding(node: TSESTree.Node, earlier: TSESTree.Node): boolean {
  for (let current = node.parent; current && !isFunctionNode(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause && current.parent.block.range[0] <= earlier.range[0] && earlier.range[1] <= current.parent.block.range[1]) return true;
  }
  return false;
}

function expressionName(node: TSESTree.Node): string {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.Identifier) return n.name;
  if (n.type === AST_NODE_TYPES.MemberExpression) {
    if (n.property.type === AST_NODE_TYPES.Identifier || n.property.type === AST_NODE_TYPES.PrivateIdentifier) return n.property.name;
  }
  return '';
}

/** `x = x.then(fn)` (also `this.chain = this.chain.then(fn).catch(...)`): a promise chain that serialises runs. */
function isChainAssignment(thenCall: TSESTree.CallExpression): boolean {
  const object = getCalleeObject(thenCall);
  if (!object) return false;
  let top: TSESTree.Node = thenCall;
  while (top.parent) {
    const parent: TSESTree.Node = top.parent;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === top && parent.parent?.type === AST_NODE_TYPES.CallExpression) {
      top = parent.parent;
      continue;
    }
    break;
  }
  const assignment = top.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== top) return false;
  return sameReference(assignment.left, object);
}

function sameReference(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const x = unwrapExpression(a);
  const y = unwrapExpression(b);
  if (x.type === AST_NODE_TYPES.Identifier && y.type === AST_NODE_TYPES.Identifier) return x.name === y.name;
  if (x.type === AST_NODE_TYPES.ThisExpression && y.type === AST_NODE_TYPES.ThisExpression) return true;
  if (x.type === AST_NODE_TYPES.MemberExpression && y.type === AST_NODE_TYPES.MemberExpression) {
    return expressionName(x) === expressionName(y) && expressionName(x) !== '' && sameReference(x.object, y.object);
  }
  return false;
}
