import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  ARRAY_ITERATION_METHODS,
  type BoundaryAnalysis,
  type FileAnalysis,
  type FunctionNode,
  type SocketInfo,
  LISTENER_METHODS,
  evaluateNumber,
  contains,
  enclosingFunction,
  getAnalysis,
  getBoundaries,
  getCalleeMethodName,
  getPropertyName,
  getStaticString,
  isFunctionNode,
  isLiteralSequence,
  isLoop,
  isWebSocket,
  unwrapExpression,
  walkAst,
} from '../analysis/index.js';
import { getRegistries } from '../analysis/registries.js';
import { awaitsSocket, singleInit } from '../analysis/socket-waits.js';
import { createRule } from '../create-rule.js';

type MessageIds = 'loopWrite' | 'broadcastWrite' | 'proxyWrite' | 'loopSend' | 'broadcastSend' | 'bridgeSend' | 'suggestPipeline';

export interface RequireWriteBackpressureOptions {
  maxLiteralIterations: number;
  checkHelperCalls: boolean;
}
type Options = [RequireWriteBackpressureOptions];

const DRAIN_STATE = new Set(['writableLength', 'writableNeedDrain', 'bufferSize', 'writableHighWaterMark', 'bufferedAmount']);
/** A `for…of` over an array literal this short is a sequence of writes, not a loop (spec 0.1, "literal lists"). */
const MAX_HELPER_DEPTH = 3;

interface ProxySource {
  readonly source: TSESTree.Expression;
  readonly registration: TSESTree.CallExpression;
  readonly listener: FunctionNode;
  /** `'data'`, or `'message'` of a WebSocket. */
  readonly event: string;
}

/** A call that queues data in the socket's memory: `write()`, or a WebSocket's `send()` (ping and pong are control frames). */
function isBufferingWrite(method: string, socket: SocketInfo): boolean {
  return isWebSocket(socket) ? method === 'send' : method === 'write';
}

/** Where a write sits: the loops around it in its run, and the function that starts the run. */
interface WriteContext {
  loops: TSESTree.Node[];
  run: TSESTree.Node;
}

export default createRule<Options, MessageIds>({
  name: 'require-write-backpressure',
  meta: {
    type: 'problem',
    docs: {
      description: "Require socket writes in loops and hand-written proxies to respect `write()`'s backpressure signal",
      recommended: true,
      strictOptions: [{ maxLiteralIterations: 16, checkHelperCalls: true }],
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          maxLiteralIterations: {
            type: 'integer',
            minimum: 0,
            description: 'Loops whose iteration count is a literal no larger than this (or an array literal this short) are bounded and not reported.',
          },
          checkHelperCalls: {
            type: 'boolean',
            description: 'Also report a write in a same-module function that ignores its result when that function is called from a loop.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ maxLiteralIterations: 64, checkHelperCalls: false }],
    messages: {
      loopWrite:
        "This write ignores `write()`'s result inside a loop{{via}}: once the peer reads slower than the loop writes, `write()` returns false and Node buffers the rest in memory without bound. Wait for `'drain'` when it returns false (`if (!socket.write(chunk)) await once(socket, 'drain')`) or use `stream.pipeline`.",
      broadcastWrite:
        "This broadcast ignores `write()`'s result for each subscriber{{via}}: one slow subscriber's buffer grows by every message sent to all. Check `writableLength`/`writableNeedDrain` and drop or disconnect slow consumers, or wait for `'drain'`.",
      proxyWrite:
        "This forwards every `'{{event}}'` event of another stream without checking `write()`'s result: when this socket's peer reads slower than the source produces, the chunks pile up in memory. Pause the source when `write()` returns false and resume on `'drain'`, or use `stream.pipeline(source, socket)`.",
      loopSend:
        "This `send()` runs in a loop{{via}} and nothing bounds the WebSocket's buffer: `send()` returns nothing and queues every message in memory while the peer reads slowly (100 MiB sent to a peer that does not read: 96 MB buffered). Skip, drop or wait while `bufferedAmount` is over a limit, await the send callback, or stream through `createWebSocketStream` and `stream.pipeline`.",
      broadcastSend:
        "This broadcast sends to every client{{via}} with no `bufferedAmount` check: one client that stops reading keeps every message in memory (96 MB after 1,600 broadcasts). Skip clients whose `bufferedAmount` is over a limit, or `terminate()` them.",
      bridgeSend:
        "This forwards every `'{{event}}'` event of another stream or WebSocket with `send()`, and nothing bounds the WebSocket's buffer: a fast source and a slow peer grow it without bound (100 MB read, 96 MB buffered). Pause the source while `bufferedAmount` is over a limit and resume in the send callback, or use `createWebSocketStream` with `stream.pipeline`.",
      suggestPipeline: 'Replace the hand-written forwarding with `{{pipeline}}({{source}}, {{target}}, callback)` (it also ends the target when the source ends and destroys both on error).',
    },
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getAnalysis(context);
        new Checker(context, analysis, getBoundaries(context), options).run();
      },
    };
  },
});

class Checker {
  private dataHandlers: Map<SocketInfo, FunctionNode[]> | null = null;
  private readonly drainPaced = new Map<SocketInfo, boolean>();
  private readonly registries;
  private readonly reported = new Set<TSESTree.Node>();

  constructor(
    private readonly context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
    private readonly analysis: FileAnalysis,
    private readonly boundaries: BoundaryAnalysis,
    private readonly options: RequireWriteBackpressureOptions,
  ) {
    this.registries = getRegistries(analysis);
  }

  run(): void {
    const writes = new Map<TSESTree.CallExpression, { sockets: SocketInfo[]; broadcast: boolean }>();
    for (const call of this.analysis.socketCalls) {
      if (!isBufferingWrite(call.method, call.socket)) continue;
      const entry = writes.get(call.node);
      if (entry) entry.sockets.push(call.socket);
      else writes.set(call.node, { sockets: [call.socket], broadcast: false });
    }
    for (const call of this.analysis.callsNamed('write', 'send')) {
      if (call.type !== AST_NODE_TYPES.CallExpression || writes.has(call)) continue;
      const method = getCalleeMethodName(call);
      if (method !== 'write' && method !== 'send') continue;
      const receiver = (unwrapExpression(call.callee) as TSESTree.MemberExpression).object;
      const sockets = this.registries.elementSockets(receiver).filter((socket) => isBufferingWrite(method, socket));
      if (sockets.length > 0) writes.set(call, { sockets, broadcast: true });
    }
    for (const [write, { sockets, broadcast }] of writes) this.checkWrite(write, sockets, broadcast);
  }

  private checkWrite(write: TSESTree.CallExpression, sockets: SocketInfo[], broadcast: boolean): void {
    const receiver = (unwrapExpression(write.callee) as TSESTree.MemberExpression).object;
    if (this.writesInsidePromise(write)) return;
    this.checkSite(write, write, receiver, sockets, broadcast, 0, null);
  }

  /**
   * `site` is the write itself or, for a write inside a same-module helper, a call of the
   * helper: its result, its loops and its run decide.
   */
  private checkSite(
    write: TSESTree.CallExpression,
    site: TSESTree.CallExpression,
    receiver: TSESTree.Expression,
    sockets: SocketInfo[],
    broadcast: boolean,
    depth: number,
    via: TSESTree.Node | null,
  ): void {
    const webSocket = sockets.some(isWebSocket);
    let usage = this.resultUsage(site);
    // `send()` returns nothing (ws-semantics d1): keeping its result bounds nothing.
    if (webSocket && site === write && usage === 'used') usage = 'ignored';
    if (usage === 'used') return;
    const ctx = this.contextOf(site);
    if (usage === 'returned' && ctx.loops.length === 0 && isFunctionNode(ctx.run)) {
      // The helper hands the result to its callers: they decide.
      if (this.boundaries.callbackKind(ctx.run) === 'declared') this.followCallers(write, ctx.run, receiver, sockets, broadcast, depth);
      return;
    }
    const unbounded = ctx.loops.filter((loop) => !this.isBounded(loop, sockets) && !leavesLoopAfter(site, loop) && !this.isCorkedBatch(loop, receiver) && (broadcast || !this.iteratesHeldState(loop)));
    if (unbounded.length > 0) {
      if (this.checksDrainState(ctx, receiver, sockets)) return;
      if (!broadcast && this.isRequestRun(ctx, sockets)) return;
      if (unbounded.some((loop) => this.waitsForDrain(loop) || this.awaitsSocketEachPass(loop, sockets))) return;
      if (via && this.pacedOnDrain(sockets)) return;
      const viaText = via ? ` (through the call on line ${via.loc.start.line})` : '';
      const messageId = webSocket ? (broadcast ? 'broadcastSend' : 'loopSend') : broadcast ? 'broadcastWrite' : 'loopWrite';
      this.report(write, messageId, { via: viaText });
      return;
    }
    if (!isFunctionNode(ctx.run)) return;
    const proxy = this.proxySource(ctx.run, receiver, sockets, write, broadcast);
    if (proxy) {
      if (this.pausesSource(ctx.run, proxy.source) || this.checksDrainState(ctx, receiver, sockets)) return;
      if (via && this.pacedOnDrain(sockets)) return;
      this.reportProxy(write, receiver, proxy, webSocket);
      return;
    }
    if (this.boundaries.callbackKind(ctx.run) === 'declared') this.followCallers(write, ctx.run, receiver, sockets, broadcast, depth);
  }

  private followCallers(
    write: TSESTree.CallExpression,
    fn: FunctionNode,
    receiver: TSESTree.Expression,
    sockets: SocketInfo[],
    broadcast: boolean,
    depth: number,
  ): void {
    if (depth >= MAX_HELPER_DEPTH || !this.options.checkHelperCalls) return;
    for (const call of this.callSitesOf(fn)) {
      if (this.reported.has(write)) return;
      this.checkSite(write, call, receiver, sockets, broadcast, depth + 1, call);
    }
  }


  /** The calls of each same-module function, indexed once per file. */
  private callSitesOf(fn: FunctionNode): readonly TSESTree.CallExpression[] {
    return this.analysis.callersOf(fn);
  }


  /** `used` when any expression branches on or keeps the result; `returned` when it leaves the function. */
  private resultUsage(call: TSESTree.CallExpression): 'ignored' | 'used' | 'returned' {
    let node: TSESTree.Node = call;
    let parent = node.parent;
    while (parent) {
      switch (parent.type) {
        case AST_NODE_TYPES.ChainExpression:
        case AST_NODE_TYPES.TSAsExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
        case AST_NODE_TYPES.AwaitExpression:
          node = parent;
          parent = parent.parent;
          continue;
        case AST_NODE_TYPES.ExpressionStatement:
          return 'ignored';
        case AST_NODE_TYPES.UnaryExpression:
          return parent.operator === 'void' ? 'ignored' : 'used';
        case AST_NODE_TYPES.SequenceExpression:
          if (parent.expressions[parent.expressions.length - 1] !== node) return 'ignored';
          node = parent;
          parent = parent.parent;
          continue;
        case AST_NODE_TYPES.ReturnStatement:
        case AST_NODE_TYPES.ArrowFunctionExpression: {
          const fn = parent.type === AST_NODE_TYPES.ArrowFunctionExpression ? parent : enclosingFunction(parent);
          if (!fn) return 'ignored';
          const kind = this.boundaries.callbackKind(fn);
          // An emitter drops what its listeners return; `forEach` drops what its callback returns.
          if (kind === 'listener' || kind === 'interval' || kind === 'continuation' || kind === 'unknown') return 'ignored';
          if (kind === 'sync') {
            const method = fn.parent?.type === AST_NODE_TYPES.CallExpression ? getCalleeMethodName(fn.parent) : null;
            return method === 'forEach' ? 'ignored' : 'used';
          }
          return 'returned';
        }
        default:
          return 'used';
      }
    }
    return 'ignored';
  }

  private contextOf(site: TSESTree.Node): WriteContext {
    const loops: TSESTree.Node[] = [];
    let child: TSESTree.Node = site;
    let current = site.parent;
    while (current) {
      if (isLoop(current) && loopBodyContains(current, child)) loops.push(current);
      if (isFunctionNode(current)) {
        const call = current.parent;
        if (
          call?.type === AST_NODE_TYPES.CallExpression &&
          call.arguments[0] === current &&
          ARRAY_ITERATION_METHODS.has(getCalleeMethodName(call) ?? '')
        ) {
          loops.push(call);
        } else if (this.boundaries.callbackKind(current) !== 'sync') {
          return { loops, run: current };
        }
      }
      if (current.type === AST_NODE_TYPES.Program) return { loops, run: current };
      child = current;
      current = current.parent;
    }
    return { loops, run: site };
  }

  /** A loop bounded by a small literal: `for (let i = 0; i < 3; i++)`, `[a, b].forEach`, `for (const x of [a, b])`. */
  private isBounded(loop: TSESTree.Node, sockets: SocketInfo[]): boolean {
    const max = this.options.maxLiteralIterations;
    const smallArray = (node: TSESTree.Node, limit = max): boolean => {
      const n = unwrapExpression(node);
      if (n.type === AST_NODE_TYPES.ArrayExpression) {
        return n.elements.length <= limit && n.elements.every((e) => e?.type !== AST_NODE_TYPES.SpreadElement);
      }
      if (n.type === AST_NODE_TYPES.Identifier) {
        const init = this.analysis.constInit(n) ?? singleInit(this.analysis, n);
        if (init == null || this.isMutated(n)) return false;
        if (init.type === AST_NODE_TYPES.ArrayExpression) return smallArray(init, limit);
        // `const parts = MESSAGE.split(' ')` of a constant string: as many passes as that string has parts.
        const parts = this.constantSplit(init);
        return parts !== null && parts <= limit;
      }
      const parts = this.constantSplit(n);
      return parts !== null && parts <= limit;
    };
    // `for (const part of [head, body]) s.write(part)`: a sequence of writes, whatever the option says.
    if (loop.type === AST_NODE_TYPES.ForOfStatement && !loop.await && isLiteralSequence(loop.right)) return true;
    if (loop.type === AST_NODE_TYPES.ForStatement) {
      const test = loop.test ? unwrapExpression(loop.test) : null;
      if (test?.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '<' || test.operator === '<=')) {
        const bound = evaluateNumber(test.right, this.analysis.constInit);
        const start = loop.init?.type === AST_NODE_TYPES.VariableDeclaration ? evaluateNumber(loop.init.declarations[0]?.init, this.analysis.constInit) : 0;
        if (bound != null && start != null && bound - start <= max) return true;
      }
      return false;
    }
    if (loop.type === AST_NODE_TYPES.ForOfStatement) {
      if (loop.await) return this.iteratesSameSocket(loop.right, sockets);
      return smallArray(loop.right);
    }
    if (loop.type === AST_NODE_TYPES.ForInStatement) return false;
    if (loop.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrapExpression(loop.callee) as TSESTree.MemberExpression;
      return smallArray(callee.object);
    }
    return false;
  }

  /** `'a b c'.split(' ')`, `MSG.split(' ')` with `MSG` bound once to a string literal: the number of parts. */
  private constantSplit(node: TSESTree.Node): number | null {
    const n = unwrapExpression(node);
    if (n.type !== AST_NODE_TYPES.CallExpression || getCalleeMethodName(n) !== 'split') return null;
    const separator = getStaticString(n.arguments[0]);
    if (separator === null || n.arguments.length > 1) return null;
    let text = unwrapExpression((unwrapExpression(n.callee) as TSESTree.MemberExpression).object);
    if (text.type === AST_NODE_TYPES.Identifier) {
      const init = this.analysis.constInit(text) ?? singleInit(this.analysis, text);
      if (!init) return null;
      text = unwrapExpression(init);
    }
    const value = getStaticString(text);
    return value === null ? null : value.split(separator).length;
  }

  /**
   * Every pass of the loop awaits the written socket (`while (true) handle(await readFrame(reader))`
   * with the reader made from the socket, `for await (const frame of decode(socket))`): the peer's
   * requests pace the writes, one reply each.
   */
  private awaitsSocketEachPass(loop: TSESTree.Node, sockets: SocketInfo[]): boolean {
    if (!isLoop(loop)) return false;
    const related = new Set(sockets.flatMap((s) => (s.peer ? [s, s.peer] : [s])));
    if (loop.type === AST_NODE_TYPES.ForOfStatement && loop.await) return awaitsSocket(this.analysis, loop.right, related);
    const fn = enclosingFunction(loop);
    if (!fn) return false;
    return this.boundaries
      .boundariesOwnedBy(fn)
      .some((b) => b.node.type === AST_NODE_TYPES.AwaitExpression && contains(loop, b.node) && awaitsSocket(this.analysis, b.node.argument, related));
  }

  /**
   * The module paces that socket's producer on `'drain'`: a check of its `writableNeedDrain` or
   * `writableLength`, and a `'drain'` listener, in one function (`if (socket.writableNeedDrain)
   * socket.once('drain', next)` before the next command is read). A helper reached from a loop is
   * then one step of a paced pipeline (checked for `checkHelperCalls` reports only).
   */
  private pacedOnDrain(sockets: SocketInfo[]): boolean {
    return sockets.some((socket) => {
      let paced = this.drainPaced.get(socket);
      if (paced === undefined) {
        paced = this.socketPacedOnDrain(socket);
        this.drainPaced.set(socket, paced);
      }
      return paced;
    });
  }

  private socketPacedOnDrain(socket: SocketInfo): boolean {
    for (const listener of this.analysis.listenersOf(socket, 'drain')) {
      const fn = enclosingFunction(listener.registration);
      if (!fn) continue;
      const checks = someNode(this.analysis, fn.body, (node) => {
        if (node.type !== AST_NODE_TYPES.MemberExpression) return false;
        const name = getPropertyName(node);
        return (name === 'writableNeedDrain' || name === 'writableLength') && this.analysis.socketsOf(node.object).includes(socket);
      });
      if (checks) return true;
    }
    return false;
  }

  /**
   * A loop over what the object already holds (`for (const rcpt of this.session.rcptTo)`,
   * `i < this.queue.length`): it moves data that is already in memory into the socket, one
   * entry each, instead of producing new data faster than the peer reads it.
   */
  private iteratesHeldState(loop: TSESTree.Node): boolean {
    let driver: TSESTree.Node | null = null;
    if (loop.type === AST_NODE_TYPES.ForOfStatement && !loop.await) driver = loop.right;
    else if (loop.type === AST_NODE_TYPES.CallExpression) driver = (unwrapExpression(loop.callee) as TSESTree.MemberExpression).object;
    else if (loop.type === AST_NODE_TYPES.ForStatement && loop.test) {
      const test = unwrapExpression(loop.test);
      if (test.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '<' || test.operator === '<=')) driver = test.right;
    }
    if (!driver) return false;
    const isHeld = (node: TSESTree.Node, depth: number): boolean => {
      const n = unwrapExpression(node);
      if (depth > 3) return false;
      if (n.type === AST_NODE_TYPES.ConditionalExpression) return isHeld(n.consequent, depth + 1) && isHeld(n.alternate, depth + 1);
      if (n.type === AST_NODE_TYPES.Literal) return depth > 0 && typeof n.value === 'number' && n.value <= this.options.maxLiteralIterations;
      if (n.type === AST_NODE_TYPES.Identifier) {
        const variable = this.analysis.variableOf(n);
        // `for (i = 0, len = this.list.length; i < len; i++)`
        if (loop.type === AST_NODE_TYPES.ForStatement && loop.init && variable) {
          const init = unwrapExpression(loop.init);
          const parts = init.type === AST_NODE_TYPES.SequenceExpression ? init.expressions : [init];
          for (const part of parts) {
            if (part.type === AST_NODE_TYPES.AssignmentExpression && part.left.type === AST_NODE_TYPES.Identifier && this.analysis.variableOf(part.left) === variable) {
              return isHeld(part.right, depth + 1);
            }
          }
        }
        const def = variable?.defs.length === 1 ? variable.defs[0] : null;
        if (def?.type !== 'Variable') return false;
        const declarator = def.node as TSESTree.VariableDeclarator;
        if (!declarator.init || declarator.id !== def.name) return false;
        return isHeld(declarator.init, depth + 1);
      }
      if (n.type !== AST_NODE_TYPES.MemberExpression) return false;
      if (this.registries.registryOf(n)) return false;
      // `this.a.b` (two members deep at least): state of the connection object.
      let object: TSESTree.Node = n;
      let members = 0;
      while (object.type === AST_NODE_TYPES.MemberExpression) {
        members++;
        object = unwrapExpression(object.object);
      }
      return object.type === AST_NODE_TYPES.ThisExpression && members >= 2;
    };
    return isHeld(driver, 0);
  }

  /**
   * `socket.cork()` just before the loop: the writes are deliberately batched into one
   * segment (the pipelined commands of one message), a batch bounded by that message.
   */
  private isCorkedBatch(loop: TSESTree.Node, receiver: TSESTree.Expression): boolean {
    const fn = enclosingFunction(loop);
    if (!fn) return false;
    const receiverText = this.context.sourceCode.getText(receiver);
    const corkSockets = this.analysis.socketsOf(receiver);
    return this.analysis.socketCallsInFunction(fn).some(
      (call) =>
        call.method === 'cork' &&
        call.node.range[1] <= loop.range[0] &&
        (corkSockets.includes(call.socket) || this.context.sourceCode.getText(call.receiver) === receiverText || this.corkReachesHelperWrite(call.receiver, receiverText)),
    );
  }

  /** `const socket = this._socket; socket.cork()` before a helper that writes `this._socket`. */
  private corkReachesHelperWrite(corked: TSESTree.Expression, receiverText: string): boolean {
    const n = unwrapExpression(corked);
    if (n.type !== AST_NODE_TYPES.Identifier) return false;
    const init = this.analysis.constInit(n);
    return init != null && this.context.sourceCode.getText(init) === receiverText;
  }

  /** An array binding that grows after its declaration (`list.push(x)`, `list[i] = x`). */
  private isMutated(identifier: TSESTree.Identifier): boolean {
    const variable = this.analysis.variableOf(identifier);
    if (!variable) return true;
    return variable.references.some((reference) => {
      const parent = reference.identifier.parent;
      if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) return false;
      if (parent.computed) return parent.parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent;
      const name = getPropertyName(parent);
      return name === 'push' || name === 'unshift' || name === 'splice' || name === 'concat';
    });
  }

  /** `for await (const line of socket)` / of a readline interface over it: the loop is paced by the peer's requests. */
  private iteratesSameSocket(iterable: TSESTree.Node, sockets: SocketInfo[]): boolean {
    const n = unwrapExpression(iterable);
    if (this.analysis.socketsOf(n).some((s) => sockets.includes(s))) return true;
    const init = n.type === AST_NODE_TYPES.Identifier ? this.analysis.constInit(n) : n;
    if (init?.type === AST_NODE_TYPES.CallExpression) {
      if (this.analysis.calleeIs(init, 'readline', 'createInterface')) {
        const options = unwrapExpression(init.arguments[0] ?? init);
        if (options.type === AST_NODE_TYPES.ObjectExpression) {
          for (const prop of options.properties) {
            if (prop.type === AST_NODE_TYPES.Property && getPropertyName(prop) === 'input') {
              return this.analysis.socketsOf(prop.value).some((s) => sockets.includes(s));
            }
          }
        }
      }
    }
    return false;
  }

  /**
   * The run is a `data`/`readable` listener of the written socket (or a helper it calls): the
   * loop walks the requests the peer just sent, one reply each, bounded by what it sent.
   */
  private isRequestRun(ctx: WriteContext, sockets: SocketInfo[]): boolean {
    if (!isFunctionNode(ctx.run)) return false;
    if (ctx.loops.some((loop) => loop.type === AST_NODE_TYPES.ForOfStatement && loop.await && this.iteratesSameSocket(loop.right, sockets))) return true;
    const runs = new Set<FunctionNode>([ctx.run]);
    // A helper called from the data listener counts as part of that run.
    for (const socket of sockets) {
      for (const fn of this.dataHandlersOf(socket)) {
        if (runs.has(fn)) return true;
        if (this.analysis.reachableFunctions(fn, 2).has(ctx.run)) return true;
      }
    }
    return false;
  }

  /** `data`/`readable` listeners by socket (and a WebSocket's own `message` listeners), grouped once per file. */
  private dataHandlersOf(socket: SocketInfo): readonly FunctionNode[] {
    if (!this.dataHandlers) {
      this.dataHandlers = new Map();
      for (const handler of this.analysis.handlers.values()) {
        const ownMessages = handler.events.has('message');
        if (!handler.events.has('data') && !handler.events.has('readable') && !ownMessages) continue;
        for (const s of handler.sockets) {
          if (!handler.events.has('data') && !handler.events.has('readable') && !isWebSocket(s)) continue;
          const list = this.dataHandlers.get(s);
          if (list) list.push(handler.fn);
          else this.dataHandlers.set(s, [handler.fn]);
        }
      }
    }
    return this.dataHandlers.get(socket) ?? [];
  }

  /** The loop awaits a `'drain'` (`await once(socket, 'drain')`, `await new Promise((r) => socket.once('drain', r))`). */
  private waitsForDrain(loop: TSESTree.Node): boolean {
    const body = loop.type === AST_NODE_TYPES.CallExpression ? loop.arguments[0] : loopBody(loop);
    if (!body) return false;
    return someNode(this.analysis, body, (node) => {
      if (node.type !== AST_NODE_TYPES.AwaitExpression) return false;
      return someNode(this.analysis, node.argument, (inner) => inner.type === AST_NODE_TYPES.Literal && inner.value === 'drain');
    });
  }

  /** `writableLength`/`writableNeedDrain` of the written socket read in the loop or its run. */
  private checksDrainState(ctx: WriteContext, receiver: TSESTree.Expression, sockets: SocketInfo[]): boolean {
    const scope = ctx.loops.length > 0 ? ctx.loops[ctx.loops.length - 1] : ctx.run;
    const receiverText = this.context.sourceCode.getText(receiver);
    return someNode(this.analysis, scope, (node) => {
      if (node.type !== AST_NODE_TYPES.MemberExpression) return false;
      const name = getPropertyName(node);
      if (!name || !DRAIN_STATE.has(name)) return false;
      if (this.context.sourceCode.getText(node.object) === receiverText) return true;
      const held = [...this.analysis.socketsOf(node.object), ...this.registries.elementSockets(node.object)];
      return held.some((s) => sockets.includes(s));
    });
  }

  /** Inside `new Promise((resolve) => socket.write(chunk, resolve))`: the awaited callback is the drain wait. */
  private writesInsidePromise(write: TSESTree.CallExpression): boolean {
    if (write.arguments.length < 2) return false;
    const fn = enclosingFunction(write);
    const parent = fn?.parent;
    return (
      parent?.type === AST_NODE_TYPES.NewExpression &&
      parent.callee.type === AST_NODE_TYPES.Identifier &&
      parent.callee.name === 'Promise'
    );
  }

  /**
   * The source of a listener that forwards into another socket: `src.on('data', (c) => dst.write(c))`,
   * or a bridge from another WebSocket, `a.on('message', (m) => b.send(m))`.
   */
  private proxySource(
    fn: FunctionNode,
    receiver: TSESTree.Expression,
    sockets: SocketInfo[],
    write: TSESTree.CallExpression,
    broadcast: boolean,
  ): ProxySource | null {
    const registration = fn.parent;
    if (registration?.type !== AST_NODE_TYPES.CallExpression || registration.arguments[1] !== fn) return null;
    const method = getCalleeMethodName(registration);
    if (!method || !LISTENER_METHODS.has(method) || method === 'once' || method === 'prependOnceListener') return null;
    const event = getStaticString(registration.arguments[0]);
    if (event !== 'data' && event !== 'message') return null;
    const source = (unwrapExpression(registration.callee) as TSESTree.MemberExpression).object;
    const sourceText = this.context.sourceCode.getText(source);
    const receiverText = this.context.sourceCode.getText(receiver);
    if (sourceText === receiverText) return null;
    const sourceSockets = this.analysis.socketsOf(source);
    // A WebSocket's 'message' is a bridge; any other emitter's 'message' is not a stream of chunks.
    if (event === 'message' && !sourceSockets.some(isWebSocket)) return null;
    // The same socket, unless the target is another connection drawn from a registry (a relay).
    if (!broadcast && sourceSockets.some((s) => sockets.includes(s))) return null;
    if (sourceSockets.length > 0) return { source, registration, listener: fn, event };
    // An unknown source: a proxy only when the chunk itself is forwarded, from a stream not fed by this socket.
    const param = fn.params[0];
    const arg = write.arguments[0] ? unwrapExpression(write.arguments[0]) : null;
    if (param?.type !== AST_NODE_TYPES.Identifier || arg?.type !== AST_NODE_TYPES.Identifier) return null;
    const paramVariable = this.analysis.variableOf(param);
    if (!paramVariable || this.analysis.variableOf(arg) !== paramVariable) return null;
    if (sourceText.startsWith(`${receiverText}.`) || sourceText === 'this') return null;
    if (this.isFedBy(source, receiverText)) return null;
    return { source, registration, listener: fn, event };
  }

  /** `socket.pipe(parser)`: the parser's data comes from the socket itself. */
  private isFedBy(source: TSESTree.Expression, receiverText: string): boolean {
    const sourceText = this.context.sourceCode.getText(source);
    for (const call of this.analysis.callsNamed('pipe')) {
      if (call.type !== AST_NODE_TYPES.CallExpression || getCalleeMethodName(call) !== 'pipe') continue;
      const object = (unwrapExpression(call.callee) as TSESTree.MemberExpression).object;
      if (this.context.sourceCode.getText(object) === receiverText && call.arguments[0] && this.context.sourceCode.getText(call.arguments[0]) === sourceText) return true;
    }
    return false;
  }

  /** `src.pause()` in the listener (resumed on `'drain'`): the hand-written backpressure. */
  private pausesSource(fn: FunctionNode, source: TSESTree.Expression): boolean {
    const sourceText = this.context.sourceCode.getText(source);
    return someNode(this.analysis, fn.body, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || getCalleeMethodName(node) !== 'pause') return false;
      const object = (unwrapExpression(node.callee) as TSESTree.MemberExpression).object;
      return this.context.sourceCode.getText(object) === sourceText;
    });
  }

  private report(write: TSESTree.CallExpression, messageId: 'loopWrite' | 'broadcastWrite' | 'loopSend' | 'broadcastSend', data: Record<string, string>): void {
    if (this.reported.has(write)) return;
    this.reported.add(write);
    this.context.report({ node: write, messageId, data });
  }

  private reportProxy(write: TSESTree.CallExpression, receiver: TSESTree.Expression, proxy: ProxySource, webSocket: boolean): void {
    if (this.reported.has(write)) return;
    this.reported.add(write);
    if (webSocket) {
      this.context.report({ node: write, messageId: 'bridgeSend', data: { event: proxy.event } });
      return;
    }
    const pipeline = this.pipelineBinding(proxy.registration);
    const statement = proxy.registration.parent;
    const body = proxy.listener.body;
    // The suggestion only where pipeline is a real equivalent: the listener forwards the chunk and does nothing else.
    const onlyForwards =
      proxy.event === 'data' &&
      (body === write ||
        (body.type === AST_NODE_TYPES.BlockStatement &&
          body.body.length === 1 &&
          body.body[0].type === AST_NODE_TYPES.ExpressionStatement &&
          body.body[0].expression === write));
    const source = this.context.sourceCode.getText(proxy.source);
    const target = this.context.sourceCode.getText(receiver);
    const suggest =
      pipeline && onlyForwards && statement?.type === AST_NODE_TYPES.ExpressionStatement
        ? [
            {
              messageId: 'suggestPipeline' as const,
              data: { pipeline, source, target },
              fix: (fixer: TSESLint.RuleFixer) =>
                fixer.replaceText(statement, `${pipeline}(${source}, ${target}, () => {});`),
            },
          ]
        : [];
    this.context.report({ node: write, messageId: 'proxyWrite', data: { event: proxy.event }, suggest });
  }

  /** How this file can call `stream.pipeline` without a new import, if it can. */
  private pipelineBinding(at: TSESTree.Node): string | null {
    let scope: TSESLint.Scope.Scope | null = this.context.sourceCode.getScope(at);
    const seen = new Set<string>();
    while (scope) {
      for (const variable of scope.variables) {
        if (seen.has(variable.name)) continue;
        seen.add(variable.name);
        const id = variable.identifiers[0] as TSESTree.Identifier | undefined;
        if (!id) continue;
        const members = this.analysis.moduleMembersOf(id);
        if (members.some((m) => m.module === 'stream' && m.path === 'pipeline')) return variable.name;
        if (members.some((m) => m.module === 'stream' && m.path === '')) return `${variable.name}.pipeline`;
      }
      scope = scope.upper;
    }
    return null;
  }
}

/** The statement list holding `site` inside the loop returns, throws or breaks right after it: one write per loop run. */
function leavesLoopAfter(site: TSESTree.Node, loop: TSESTree.Node): boolean {
  let current: TSESTree.Node = site;
  while (current.parent && current !== loop) {
    const parent: TSESTree.Node = current.parent;
    if (isFunctionNode(parent) && loop.type !== AST_NODE_TYPES.CallExpression) return false;
    const list = parent.type === AST_NODE_TYPES.BlockStatement ? parent.body : parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : null;
    if (list) {
      const index = list.indexOf(current as TSESTree.Statement);
      for (let i = index + 1; i < list.length; i++) {
        const statement = list[i];
        if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) {
          // In an array callback a `return` only ends this pass.
          return loop.type !== AST_NODE_TYPES.CallExpression;
        }
        if (statement.type === AST_NODE_TYPES.BreakStatement && !statement.label && parent.type !== AST_NODE_TYPES.SwitchCase) return isLoop(loop);
      }
    }
    if (parent === loop || (loop.type === AST_NODE_TYPES.CallExpression && parent === loop.arguments[0])) return false;
    current = parent;
  }
  return false;
}

function loopBody(loop: TSESTree.Node): TSESTree.Node | null {
  if (isLoop(loop)) return loop.body;
  return null;
}

function loopBodyContains(loop: TSESTree.Node, child: TSESTree.Node): boolean {
  if (!isLoop(loop)) return false;
  if (loop.body === child) return true;
  // The update and test of a `for`/`while` run every pass too.
  if (loop.type === AST_NODE_TYPES.ForStatement) return loop.test === child || loop.update === child;
  if (loop.type === AST_NODE_TYPES.WhileStatement || loop.type === AST_NODE_TYPES.DoWhileStatement) return loop.test === child;
  return false;
}

/** Depth-first search below `root` (nested functions included). */
function someNode(analysis: FileAnalysis, root: TSESTree.Node, predicate: (node: TSESTree.Node) => boolean): boolean {
  return walkAst(root, analysis.sourceCode.visitorKeys, (node) => predicate(node));
}
