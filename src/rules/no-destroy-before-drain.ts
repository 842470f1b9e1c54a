import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  type BoundaryAnalysis,
  type FileAnalysis,
  type FunctionNode,
  type SocketCall,
  type SocketInfo,
  contains,
  enclosingFunction,
  getAnalysis,
  getBoundaries,
  getCalleeMethodName,
  getCalleeName,
  getPropertyName,
  isFunctionNode,
  isLoop,
  isWebSocket,
  unwrapExpression,
  walkAst,
} from '../analysis/index.js';
import { type ListenerFacts, getListenerFacts } from '../analysis/listener-passes.js';
import { awaitsSocket } from '../analysis/socket-waits.js';
import { parameterIdentifier } from '../analysis/statics.js';
import { createRule } from '../create-rule.js';

type MessageIds =
  | 'destroyBeforeDrain'
  | 'terminateBeforeDrain'
  | 'exitBeforeDrain'
  | 'writeAfterEnd'
  | 'endWhileWriting'
  | 'suggestEnd'
  | 'suggestClose';

const DESTROYING = new Set(['destroy', 'resetAndDestroy']);
/** Socket state that `end()` changes: a test of one of these sees that the socket was ended. */
const ENDED_STATE = new Set(['writable', 'writableEnded', 'writableFinished', 'readyState', '_writableState']);
/** Socket state that is also a common name for a flag of the code's own (`this.destroyed`): state only when read from a socket. */
const SHARED_STATE = new Set(['destroyed', 'closed']);
/** Names of flags and helpers that say whether the connection can still be written to. */
const STATE_WORD =
  /writ|destroy|clos|end(?:ed|ing)|finish|open|connect|alive|active|state|status|stop|shut|ready|done|dead|terminat|quit|exit|abort|kill|teardown|gone|running|online|offline|valid|usable|broken|disposed/i;
/** Guard calls that throw rather than return: `this.failIfNotConnected(); socket.write(x)`. */
const ASSERTING_CALL = /^(?:assert|ensure|check|fail|throwIf|verify|require)/i;
/** A socket event after which the socket is already destroyed: an `end()` there races nothing. */
const DESTROYED_EVENTS = new Set(['close', 'error']);
const READ_EVENTS = new Set(['data', 'readable']);
/** One-shot events that always precede a stream's own `'end'`/`'close'`. */
const OPENING_EVENTS = new Set(['connect', 'secureConnect', 'ready', 'lookup', 'open']);
/** Buffer state a slow-consumer check reads before it drops the peer on purpose. */
const BUFFER_STATE = new Set(['bufferedAmount', 'writableLength', 'writableNeedDrain', 'bufferSize']);

interface PathEvent {
  readonly event: string;
  readonly emitter: TSESTree.Node;
}

interface WritePath {
  /** The function whose runs can perform the write (a listener, an interval, a continuation). */
  readonly root: TSESTree.Node;
  readonly label: string;
  /** The events that run it, when it is a listener (or the callback of a `connect`). */
  readonly events: PathEvent[];
}

/** A close of a socket: `destroy()`, `terminate()`, or a call to a same-module helper that destroys it. */
interface Close {
  readonly node: TSESTree.CallExpression;
  readonly socket: SocketInfo;
  /** The expression naming the socket at the close. */
  readonly receiver: TSESTree.Node;
  /** What the message calls the closing call. */
  readonly method: string;
  /** Made by a same-module helper the call runs, not by the call itself. */
  readonly throughHelper: boolean;
}

export interface NoDestroyBeforeDrainOptions {
  checkWritesThroughHelpers: boolean;
}
type Options = [NoDestroyBeforeDrainOptions];

export default createRule<Options, MessageIds>({
  name: 'no-destroy-before-drain',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow closing a socket before its pending writes flush, and writing after end()',
      recommended: true,
      strictOptions: [{ checkWritesThroughHelpers: true }],
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkWritesThroughHelpers: {
            type: 'boolean',
            description: 'Also count a call to a same-module function that writes to the socket (`this.send(x); this.socket.destroy()`) as a write before the close.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkWritesThroughHelpers: true }],
    messages: {
      destroyBeforeDrain:
        "`{{method}}()` discards whatever the write to `{{socket}}` on line {{line}} has not yet handed to the kernel: the peer silently loses the tail (a 64 MB write loses ~94% on loopback). Call `end()`, which flushes before the FIN, or destroy once the write callback or `'finish'` fires.",
      terminateBeforeDrain:
        "`{{method}}()` discards what `{{socket}}.send()` on line {{line}} has not yet handed to the kernel: the peer gets the message cut off and a 1006 close (a 64 MiB message: 0 of 1 arrived). Call `close()`, which sends every buffered message before the close frame, or terminate once the send callback or `'close'` fires.",
      exitBeforeDrain:
        "`process.exit()` discards whatever the write to `{{socket}}` on line {{line}} has not yet handed to the kernel: the peer silently loses the tail. End the socket and exit once its `'finish'` (or the write callback) fires.",
      writeAfterEnd:
        '`{{socket}}.{{method}}()` after `{{socket}}.end()` on line {{line}} fails with ERR_STREAM_WRITE_AFTER_END (an unhandled `\'error\'` crashes the process). Write before `end()`, or check `writableEnded` first.',
      endWhileWriting:
        "`{{socket}}.end()` here while {{path}} (line {{line}}) can still write to `{{socket}}` afterwards without checking it: that write fails with ERR_STREAM_WRITE_AFTER_END and crashes the process where no `'error'` listener exists. Guard the write with `!{{socket}}.writableEnded` (or a closed flag set where you end it).",
      suggestEnd: 'Replace `write(x); destroy()` with `end(x)`, which flushes before closing.',
      suggestClose: 'Replace `{{closing}}` with `{{replacement}}`, which sends the buffered messages and then the close frame.',
    },
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getAnalysis(context);
        new Checker(context, analysis, getBoundaries(context), getListenerFacts(analysis), options).run();
      },
    };
  },
});

class Checker {
  private segmentCalls: Map<TSESTree.Node, (TSESTree.CallExpression | TSESTree.NewExpression)[]> | null = null;
  private assignedNames: Map<FunctionNode | null, { any: Set<string>; reset: Set<string> }> | null = null;
  private readonly flushProofs = new Map<string, boolean>();
  private readonly endRuns = new Map<TSESTree.Node, Set<FunctionNode | null>>();
  private readonly helperCalls = new Map<FunctionNode, TSESTree.CallExpression[]>();

  constructor(
    private readonly context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
    private readonly analysis: FileAnalysis,
    private readonly boundaries: BoundaryAnalysis,
    private readonly facts: ListenerFacts,
    private readonly options: NoDestroyBeforeDrainOptions,
  ) {}

  /** Names the code clears (`= null`, `= undefined`, `= []`) in the segment where it ends or destroys a socket: its own closed state. */
  private closedIndicators: ReadonlySet<string> = new Set();

  run(): void {
    const writes = new Map<SocketInfo, SocketCall[]>();
    const ends: SocketCall[] = [];
    const closes: Close[] = [];
    for (const call of this.analysis.socketCalls) {
      if (isWrite(call)) {
        const list = writes.get(call.socket);
        if (list) list.push(call);
        else writes.set(call.socket, [call]);
      }
      // A WebSocket has no `end()`; `send()` after `close()` is dropped silently (ws-semantics f2).
      if (call.method === 'end' && !isWebSocket(call.socket)) ends.push(call);
      if (isWebSocket(call.socket) ? call.method === 'terminate' : DESTROYING.has(call.method)) {
        closes.push({ node: call.node, socket: call.socket, receiver: call.receiver, method: call.method, throughHelper: false });
      }
    }
    this.closedIndicators = this.clearedWhereClosed([...ends.map((e) => e.node), ...closes.map((c) => c.node)]);
    const destroys = closes.slice();
    closes.push(...this.closesThroughHelpers(destroys));
    for (const close of closes) this.checkDestroy(close, this.writesRelatedTo(close.socket, writes));
    this.checkExits(writes);
    const reported = new Set<TSESTree.Node>();
    for (const end of ends) {
      if (reported.has(end.node)) continue;
      reported.add(end.node);
      if (this.destroyedWith(end, destroys)) continue;
      const socketWrites = (writes.get(end.socket) ?? []).filter((w) => w.node !== end.node && w.method === 'write');
      this.checkWriteAfterEnd(end, socketWrites);
      this.checkOtherPaths(end, socketWrites);
    }
  }

  /** The writes that fill a socket's buffer: its own, and for a WebSocket and its `_socket`, each other's. */
  private writesRelatedTo(socket: SocketInfo, writes: Map<SocketInfo, SocketCall[]>): SocketCall[] {
    const own = writes.get(socket) ?? [];
    return socket.peer ? [...own, ...(writes.get(socket.peer) ?? [])] : own;
  }

  // --------------------------------------------------- destroy before drain

  /**
   * `this._closeSocket(this._socket)` with `_closeSocket(socket) { ...; socket.destroy() }`:
   * what a same-module helper does to a socket on its own synchronous path counts at its call
   * site (spec 0.1, "calls in the same segment"). Helpers that write first are checked inside.
   */
  private closesThroughHelpers(destroys: Close[]): Close[] {
    const result: Close[] = [];
    for (const destroy of destroys) {
      const fn = enclosingFunction(destroy.node);
      if (!fn || this.boundaries.segmentOwner(destroy.node) !== fn || this.boundaries.callbackKind(fn) !== 'declared') continue;
      const receiver = unwrapExpression(destroy.receiver);
      const paramIndex =
        receiver.type === AST_NODE_TYPES.Identifier ? fn.params.findIndex((p) => parameterIdentifier(p)?.name === receiver.name) : -1;
      if (paramIndex === -1 && receiver.type !== AST_NODE_TYPES.MemberExpression) continue;
      // Only a helper that always destroys (`if (socket) socket.destroy()`), not one that may end instead.
      if (!this.alwaysRuns(destroy.node, fn, this.context.sourceCode.getText(receiver))) continue;
      for (const call of this.analysis.callersOf(fn)) {
        if (contains(fn, call)) continue;
        const argument = paramIndex === -1 ? null : call.arguments[paramIndex];
        if (paramIndex !== -1 && (!argument || argument.type === AST_NODE_TYPES.SpreadElement)) continue;
        if (argument && !this.analysis.socketsOf(argument).includes(destroy.socket)) continue;
        result.push({
          node: call,
          socket: destroy.socket,
          receiver: argument ?? destroy.receiver,
          method: this.context.sourceCode.getText(call.callee),
          throughHelper: true,
        });
      }
    }
    return result;
  }

  /** `node` runs on every run of `fn` that gets that far, except where the socket itself is missing or closed. */
  private alwaysRuns(node: TSESTree.Node, fn: FunctionNode, socketText: string): boolean {
    for (let current: TSESTree.Node = node; current !== fn; ) {
      const parent = current.parent;
      if (!parent) return false;
      let test: TSESTree.Node | null = null;
      if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && current !== parent.test) test = parent.test;
      else if (parent.type === AST_NODE_TYPES.LogicalExpression && current === parent.right) test = parent.left;
      else if (parent.type === AST_NODE_TYPES.SwitchCase || parent.type === AST_NODE_TYPES.CatchClause) return false;
      if (test && !this.testsOnly(test, socketText)) return false;
      current = parent;
    }
    return true;
  }

  /** Every value the test reads is the socket or its own state (`socket`, `!socket.destroyed`). */
  private testsOnly(test: TSESTree.Node, socketText: string): boolean {
    const n = unwrapExpression(test);
    switch (n.type) {
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.BinaryExpression:
        return (n.left.type === AST_NODE_TYPES.PrivateIdentifier || this.testsOnly(n.left, socketText)) && this.testsOnly(n.right, socketText);
      case AST_NODE_TYPES.UnaryExpression:
        return this.testsOnly(n.argument, socketText);
      case AST_NODE_TYPES.Literal:
        return true;
      case AST_NODE_TYPES.Identifier:
        return n.name === socketText || n.name === 'undefined';
      case AST_NODE_TYPES.MemberExpression:
        return this.context.sourceCode.getText(n) === socketText || this.context.sourceCode.getText(n.object) === socketText;
      default:
        return false;
    }
  }

  private checkDestroy(close: Close, writes: SocketCall[]): void {
    if (this.dropsSlowPeer(close.node)) return;
    const sockets = relatedSockets(close.socket);
    const before = this.precedingWrite(close.node, writes.filter((w) => w.node !== close.node), close.receiver, sockets);
    if (!before) return;
    const write = writes.find((w) => w.node === before);
    const webSocket = write ? isWebSocket(write.socket) : isWebSocket(close.socket) || close.socket.kind === 'ws-underlying';
    if (webSocket) {
      const sender = write ? write.receiver : close.receiver;
      const suggestion = close.throughHelper ? null : this.closeSuggestion(close);
      this.context.report({
        node: close.node,
        messageId: 'terminateBeforeDrain',
        data: { method: close.throughHelper ? close.method : `${this.text(close.receiver)}.${close.method}`, socket: this.text(sender), line: String(before.loc.start.line) },
        suggest: suggestion ? [suggestion] : [],
      });
      return;
    }
    const fix = close.throughHelper ? null : this.endSuggestion(before, close);
    this.context.report({
      node: close.node,
      messageId: 'destroyBeforeDrain',
      data: { method: close.method, socket: this.text(write ? write.receiver : close.receiver), line: String(before.loc.start.line) },
      suggest: fix ? [{ messageId: 'suggestEnd', fix }] : [],
    });
  }

  /**
   * `if (!socket.write(x)) socket.destroy()`, `if (ws.bufferedAmount > MAX) ws.terminate()`:
   * the code saw the buffer was full and drops the slow peer on purpose; the discarded tail is
   * the point, not an accident.
   */
  private dropsSlowPeer(close: TSESTree.Node): boolean {
    for (let node: TSESTree.Node | undefined = close.parent; node && !isFunctionNode(node); node = node.parent) {
      if (node.type !== AST_NODE_TYPES.IfStatement || !contains(node.consequent, close)) continue;
      const test = unwrapExpression(node.test);
      if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') {
        const argument = unwrapExpression(test.argument);
        if (argument.type === AST_NODE_TYPES.CallExpression && getCalleeMethodName(argument) === 'write') return true;
      }
      if (test.type === AST_NODE_TYPES.BinaryExpression || test.type === AST_NODE_TYPES.LogicalExpression || test.type === AST_NODE_TYPES.MemberExpression) {
        const readsBuffer = (n: TSESTree.Node): boolean => {
          const u = unwrapExpression(n);
          if (u.type === AST_NODE_TYPES.MemberExpression) return BUFFER_STATE.has(getPropertyName(u) ?? '');
          if (u.type === AST_NODE_TYPES.BinaryExpression || u.type === AST_NODE_TYPES.LogicalExpression) return readsBuffer(u.left) || readsBuffer(u.right);
          return false;
        };
        if (readsBuffer(test)) return true;
      }
    }
    return false;
  }

  private checkExits(writes: Map<SocketInfo, SocketCall[]>): void {
    // `process.exit()` after a WebSocket `send()` is left alone: spec 8.2 names `terminate()` and `_socket.destroy()`.
    const all = [...writes.values()].flat().filter((w) => !isWebSocket(w.socket));
    if (all.length === 0) return;
    for (const call of this.analysis.callsNamed('exit')) {
      if (call.type !== AST_NODE_TYPES.CallExpression || !isProcessExit(call, this.analysis)) continue;
      const before = this.precedingWrite(call, all, null, null);
      if (!before) continue;
      const write = all.find((w) => w.node === before);
      this.context.report({
        node: call,
        messageId: 'exitBeforeDrain',
        data: { socket: write ? this.text(write.receiver) : 'the socket', line: String(before.loc.start.line) },
      });
    }
  }

  /**
   * The last write (or call to a same-module helper that writes) that runs before `close` in the
   * same function with no wait for the flush in between. `sockets` null: any written socket
   * (`process.exit()`), each write then judged against its own socket.
   */
  private precedingWrite(close: TSESTree.Node, writes: SocketCall[], receiver: TSESTree.Node | null, sockets: ReadonlySet<SocketInfo> | null): TSESTree.Node | null {
    const owner = this.boundaries.segmentOwner(close);
    let found: TSESTree.Node | null = null;
    const consider = (node: TSESTree.Node, written: ReadonlySet<SocketInfo>): void => {
      if (node.range[1] > close.range[0] || this.boundaries.segmentOwner(node) !== owner) return;
      if (this.boundaries.exclusive(node, close) || this.boundaries.exitsBefore(node, close)) return;
      if (this.flushAwaitedBetween(node, close, owner, written)) return;
      if (this.readAwaitedNextPass(node, close, owner, written)) return;
      if (!found || node.range[0] > found.range[0]) found = node;
    };
    for (const write of writes) consider(write.node, sockets ?? relatedSockets(write.socket));
    // Same-module helpers that write to the socket (`this.send(x); this.socket.destroy()`).
    if (receiver && sockets && this.options.checkWritesThroughHelpers) {
      const socketWrites = new Set(writes.map((w) => w.node));
      for (const call of this.callsBySegment(owner)) {
        if (call.type !== AST_NODE_TYPES.CallExpression || call === close || call.range[1] > close.range[0]) continue;
        // Only a later call can replace the write found so far: the helpers of earlier ones are not resolved.
        if (found && call.range[0] <= (found as TSESTree.Node).range[0]) continue;
        if (this.analysis.socketCallsAt(call).length > 0) continue;
        const fns = this.analysis.functionsOf(call.callee);
        if (fns.length === 0) continue;
        const writesInHelper = fns.some((fn) => this.helperSocketCalls(fn).some((node) => socketWrites.has(node)));
        if (writesInHelper) consider(call, sockets);
      }
    }
    return found;
  }

  /**
   * The calls of one synchronous segment, found once per segment a close is in (not per close,
   * and not for the segments of the whole file): the calls inside the owner's range that it owns.
   */
  private callsBySegment(owner: TSESTree.Node): readonly (TSESTree.CallExpression | TSESTree.NewExpression)[] {
    this.segmentCalls ??= new Map();
    let calls = this.segmentCalls.get(owner);
    if (!calls) {
      calls = this.analysis.callsWithin(owner).filter((call) => this.boundaries.segmentOwner(call) === owner);
      this.segmentCalls.set(owner, calls);
    }
    return calls;
  }

  /**
   * The socket calls a same-module helper makes in its own synchronous segment, directly or
   * through what it calls (two levels): once per helper, whatever socket a close asks about.
   */
  private helperSocketCalls(fn: FunctionNode): readonly TSESTree.CallExpression[] {
    let calls = this.helperCalls.get(fn);
    if (!calls) {
      calls = [];
      for (const f of this.analysis.reachableFunctions(fn, 2)) {
        if (f.async) continue;
        for (const c of this.analysis.socketCallsInFunction(f)) {
          if (enclosingFunction(c.node) === f && !this.guardedToOwnSegment(c.node, f)) calls.push(c.node);
        }
      }
      this.helperCalls.set(fn, calls);
    }
    return calls;
  }

  private guardedToOwnSegment(node: TSESTree.Node, fn: FunctionNode): boolean {
    return this.boundaries.segmentOwner(node) !== fn;
  }

  /** An `await` between the two points that waits for the flush or for the peer's reply. */
  private flushAwaitedBetween(from: TSESTree.Node, to: TSESTree.Node, owner: TSESTree.Node, sockets: ReadonlySet<SocketInfo>): boolean {
    for (const boundary of this.boundaries.boundariesOwnedBy(owner)) {
      if (boundary.position < from.range[1] || boundary.position > to.range[0]) continue;
      if (this.provesFlush(boundary.node, sockets)) return true;
    }
    return false;
  }

  /**
   * `while (true) handle(await readFrame(reader))` with the close after the loop: a write that
   * ends the pass can only reach the close through the next pass, which first awaits the peer.
   */
  private readAwaitedNextPass(write: TSESTree.Node, close: TSESTree.Node, owner: TSESTree.Node, sockets: ReadonlySet<SocketInfo>): boolean {
    let loop: TSESTree.Node | undefined = write.parent;
    while (loop && loop !== owner && !(isLoop(loop) && !contains(loop, close))) loop = loop.parent;
    if (!loop || loop === owner || !isLoop(loop) || loop.type === AST_NODE_TYPES.ForInStatement || loop.type === AST_NODE_TYPES.ForOfStatement) return false;
    const test = 'test' in loop ? loop.test : null;
    if (test && !(test.type === AST_NODE_TYPES.Literal && test.value === true)) return false;
    if (!isTailOf(write, loop.body)) return false;
    // A `break` (any: even one of a nested loop is not told apart) may leave without the next read.
    const breaks = walkAst(loop.body, this.analysis.sourceCode.visitorKeys, (node) =>
      node.type === AST_NODE_TYPES.BreakStatement ? true : isFunctionNode(node) ? 'skip' : undefined,
    );
    if (breaks) return false;
    return this.boundaries
      .boundariesOwnedBy(owner)
      .some((b) => contains(loop.body, b.node) && b.position <= write.range[1] && onEveryPass(b.node, loop.body) && this.provesFlush(b.node, sockets));
  }

  /**
   * An awaited value that proves the earlier writes left (spec 5): a promise made around the
   * socket's own callbacks or events (`once(socket, 'finish')`, `new Promise((r) => socket.end(r))`),
   * a reply read on that socket, or a promise returned by a call that was handed the socket (or a
   * reader made from it). Anything else (a database insert, a log flush, a sleep) is not.
   */
  private provesFlush(boundary: TSESTree.Node, sockets: ReadonlySet<SocketInfo>): boolean {
    const key = `${boundary.range[0]}:${[...sockets].map((s) => s.id).join(',')}`;
    let proven = this.flushProofs.get(key);
    if (proven === undefined) {
      proven =
        boundary.type === AST_NODE_TYPES.ForOfStatement
          ? awaitsSocket(this.analysis, boundary.right, sockets)
          : boundary.type === AST_NODE_TYPES.AwaitExpression && awaitsSocket(this.analysis, boundary.argument, sockets);
      this.flushProofs.set(key, proven);
    }
    return proven;
  }

  /** `s.write(x); s.destroy();` as two adjacent statements: `s.end(x);` flushes instead. */
  private endSuggestion(write: TSESTree.Node, destroy: Close): TSESLint.ReportFixFunction | null {
    if (write.type !== AST_NODE_TYPES.CallExpression || destroy.method !== 'destroy' || destroy.node.arguments.length > 0) return null;
    if (getCalleeMethodName(write) !== 'write' || write.arguments.length !== 1) return null;
    const writeCallee = unwrapExpression(write.callee) as TSESTree.MemberExpression;
    if (this.text(writeCallee.object) !== this.text(destroy.receiver)) return null;
    const writeStatement = write.parent;
    const destroyStatement = destroy.node.parent;
    if (writeStatement?.type !== AST_NODE_TYPES.ExpressionStatement || destroyStatement?.type !== AST_NODE_TYPES.ExpressionStatement) return null;
    const block = writeStatement.parent;
    if (block !== destroyStatement.parent || !('body' in block) || !Array.isArray(block.body)) return null;
    const body = block.body as TSESTree.Node[];
    if (body.indexOf(destroyStatement) !== body.indexOf(writeStatement) + 1) return null;
    const source = this.context.sourceCode;
    const replacement = `${source.getText(writeCallee.object)}.end(${source.getText(write.arguments[0])});`;
    return (fixer) => fixer.replaceTextRange([writeStatement.range[0], destroyStatement.range[1]], replacement);
  }

  /**
   * `ws.terminate()` → `ws.close()`; `ws._socket.destroy()` → `ws.close()` (ws-semantics e4:
   * `close()` delivers every buffered message, then the close frame).
   */
  private closeSuggestion(close: Close): TSESLint.SuggestionReportDescriptor<MessageIds> | null {
    if (close.node.arguments.length > 0) return null;
    const callee = unwrapExpression(close.node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    let webSocket: TSESTree.Node | null = null;
    if (close.method === 'terminate' && isWebSocket(close.socket)) webSocket = callee.object;
    else if (close.method === 'destroy' && close.socket.kind === 'ws-underlying') {
      const object = unwrapExpression(callee.object);
      if (object.type === AST_NODE_TYPES.MemberExpression && getPropertyName(object) === '_socket') webSocket = object.object;
    }
    if (!webSocket) return null;
    const closing = `${this.context.sourceCode.getText(callee)}()`;
    const replacement = `${this.context.sourceCode.getText(webSocket)}.close()`;
    return {
      messageId: 'suggestClose',
      data: { closing, replacement },
      fix: (fixer) => fixer.replaceText(close.node, replacement),
    };
  }

  // ------------------------------------------------------- write after end

  /** `end()` followed by `destroy()` in the same segment: later writes are dropped silently, not reported. */
  private destroyedWith(end: SocketCall, destroys: Close[]): boolean {
    const owner = this.boundaries.segmentOwner(end.node);
    return destroys.some(
      (d) => d.socket === end.socket && this.boundaries.segmentOwner(d.node) === owner && !this.boundaries.exclusive(end.node, d.node),
    );
  }

  private checkWriteAfterEnd(end: SocketCall, writes: SocketCall[]): void {
    const owner = this.boundaries.segmentOwner(end.node);
    for (const write of writes) {
      if (write.node.range[0] < end.node.range[1] || this.boundaries.segmentOwner(write.node) !== owner) continue;
      if (this.boundaries.exclusive(end.node, write.node) || this.boundaries.exitsBefore(end.node, write.node)) continue;
      if (this.guarded(write.node, enclosingFunction(end.node), end)) continue;
      this.context.report({
        node: write.node,
        messageId: 'writeAfterEnd',
        data: { socket: this.text(write.receiver), method: write.method, line: String(end.node.loc.start.line) },
      });
    }
  }

  // ------------------------------------------------ end while others write

  private checkOtherPaths(end: SocketCall, writes: SocketCall[]): void {
    const endRoot = this.boundaries.runRoot(end.node);
    const endOwner = this.boundaries.segmentOwner(end.node);
    const endEvents = isFunctionNode(endRoot) ? this.eventsOf(endRoot) : [];
    if (endEvents.some((e) => DESTROYED_EVENTS.has(e.event))) return;
    for (const write of writes) {
      for (const path of this.pathsOf(write, endRoot, endOwner, end)) {
        if (isFunctionNode(path.root)) {
          // The hand-written proxy: no 'data' of a stream after that stream's own 'end' (nor a
          // 'connect', which came before it).
          if (
            path.events.length > 0 &&
            path.events.every(
              (w) => (READ_EVENTS.has(w.event) || OPENING_EVENTS.has(w.event)) && endEvents.some((e) => (e.event === 'end' || e.event === 'close') && this.sameEmitter(e.emitter, w.emitter)),
            )
          ) {
            continue;
          }
          // A timer cleared where the end() is made cannot fire after it.
          if (this.timerClearedWith(path.root, end.node)) continue;
        }
        this.context.report({
          node: end.node,
          messageId: 'endWhileWriting',
          data: { socket: this.text(end.receiver), path: path.label, line: String(write.node.loc.start.line) },
        });
        return;
      }
    }
  }

  private sameEmitter(a: TSESTree.Node, b: TSESTree.Node): boolean {
    if (this.context.sourceCode.getText(a) === this.context.sourceCode.getText(b)) return true;
    const sockets = new Set(this.analysis.socketsOf(a));
    return sockets.size > 0 && this.analysis.socketsOf(b).some((s) => sockets.has(s));
  }

  /** `const t = setInterval(fn)` … `socket.end(); clearInterval(t)`: cleared in the end's own segment. */
  private timerClearedWith(fn: FunctionNode, end: TSESTree.Node): boolean {
    const call = fn.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
    const holder = call.parent;
    let handle: string | null = null;
    if (holder?.type === AST_NODE_TYPES.VariableDeclarator) handle = this.context.sourceCode.getText(holder.id);
    else if (holder?.type === AST_NODE_TYPES.AssignmentExpression) handle = this.context.sourceCode.getText(holder.left);
    if (!handle) return false;
    const owner = this.boundaries.segmentOwner(end);
    return this.callsBySegment(owner).some((clear) => {
      if (clear.type !== AST_NODE_TYPES.CallExpression || this.boundaries.exclusive(clear, end)) return false;
      const callee = unwrapExpression(clear.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      return (name === 'clearInterval' || name === 'clearTimeout') && clear.arguments[0] !== undefined && this.context.sourceCode.getText(clear.arguments[0]) === handle;
    });
  }

  /** The runs other than the end's own that can perform `write` after the end, unguarded. */
  private pathsOf(write: SocketCall, endRoot: TSESTree.Node, endOwner: TSESTree.Node, end: SocketCall): WritePath[] {
    const result: WritePath[] = [];
    const visit = (node: TSESTree.Node, depth: number, deferred: FunctionNode | null): void => {
      const owner = this.boundaries.segmentOwner(node);
      if (this.guarded(node, isFunctionNode(owner) ? owner : null, end)) return;
      // `net.connect(port, () => socket.write(...))`: a one-shot 'connect' listener that may not have run yet.
      const connect = this.connectCallbackAround(owner);
      if (connect) {
        if (contains(connect.fn, end.node)) return;
        result.push({ root: connect.fn, label: `the connect callback`, events: [{ event: 'connect', emitter: connect.emitter }] });
        return;
      }
      const root = this.boundaries.runRoot(node);
      if (root === endRoot) {
        // `greet(socket); socket.end()` with `greet` deferring its write (`setImmediate(() => s.write(x))`):
        // the deferred write runs after the end's segment, whatever the order of the two calls.
        if (deferred && owner === endOwner) {
          if (this.boundaries.exclusive(node, end.node) || this.boundaries.exitsBefore(node, end.node) || this.boundaries.exitsBefore(end.node, node)) return;
          result.push({ root: deferred, label: `the callback scheduled on line ${deferred.loc.start.line}`, events: [] });
          return;
        }
        // A continuation of the same run: it can run after the end unless the end comes later in it.
        if (owner === endOwner || !isFunctionNode(owner) || this.boundaries.callbackKind(owner) !== 'continuation' || contains(owner, end.node)) return;
        if (this.boundaries.exclusive(owner, end.node) || this.boundaries.exitsBefore(owner, end.node) || this.boundaries.exitsBefore(end.node, owner)) return;
        result.push({ root: owner, label: `the callback scheduled on line ${owner.loc.start.line}`, events: [] });
        return;
      }
      if (!isFunctionNode(root)) return;
      const kind = this.boundaries.callbackKind(root);
      if (kind === 'interval') {
        result.push({ root, label: 'the interval callback', events: [] });
        return;
      }
      if (kind === 'listener') {
        const events = this.eventsOf(root);
        if (events.length === 0 || events.every((e) => DESTROYED_EVENTS.has(e.event))) return;
        result.push({ root, label: `the \`'${events[0].event}'\` listener`, events });
        return;
      }
      if (kind === 'declared' && depth < 3) {
        const continuation = deferred ?? this.outermostContinuation(owner, root);
        for (const call of this.analysis.callersOf(root)) visit(call, depth + 1, continuation);
      }
    };
    visit(write.node, 0, null);
    return result;
  }

  /** The continuation scheduled directly by `root` that holds `owner`'s segment, if `owner` is one. */
  private outermostContinuation(owner: TSESTree.Node, root: TSESTree.Node): FunctionNode | null {
    let current: TSESTree.Node = owner;
    let found: FunctionNode | null = null;
    while (isFunctionNode(current) && current !== root && this.boundaries.callbackKind(current) === 'continuation') {
      found = current;
      current = this.boundaries.segmentOwner(current);
    }
    return current === root ? found : null;
  }

  /**
   * The callback of `net.connect(..., cb)` / `tls.connect(..., cb)` / `socket.connect(..., cb)`
   * holding `owner` (directly or through its continuations): Node runs it once, on `'connect'`.
   */
  private connectCallbackAround(owner: TSESTree.Node): { fn: FunctionNode; emitter: TSESTree.Node } | null {
    let current: TSESTree.Node = owner;
    for (let i = 0; i < 4 && isFunctionNode(current); i++) {
      const call = current.parent;
      if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments[call.arguments.length - 1] === current) {
        const connectCall = this.analysis.socketCallsAt(call).find((c) => c.method === 'connect');
        if (connectCall) return { fn: current, emitter: connectCall.receiver };
        if (this.analysis.socketsOf(call).some((s) => s.call === call)) return { fn: current, emitter: call };
      }
      if (this.boundaries.callbackKind(current) !== 'continuation') return null;
      current = this.boundaries.segmentOwner(current);
    }
    return null;
  }

  private eventsOf(fn: FunctionNode): PathEvent[] {
    const role = this.facts.roleOf(fn);
    if (!role) return [];
    return role.registrations.filter((r) => r.event !== null).map((r) => ({ event: r.event!, emitter: r.receiver }));
  }

  /**
   * The write only runs when a test that can see the socket's state says so: an enclosing `if`,
   * `&&`, `?:`, loop test or `switch`, an earlier early exit in an enclosing block, or an
   * asserting call before it (`this.failIfNotConnected()`).
   */
  private guarded(node: TSESTree.Node, stop: TSESTree.Node | null, end: SocketCall): boolean {
    let current: TSESTree.Node = node;
    for (let parent = node.parent; parent; current = parent, parent = parent.parent) {
      switch (parent.type) {
        case AST_NODE_TYPES.IfStatement:
        case AST_NODE_TYPES.ConditionalExpression:
          if (current !== parent.test && this.isGuard(parent.test, end)) return true;
          break;
        case AST_NODE_TYPES.LogicalExpression:
          if (current === parent.right && this.isGuard(parent.left, end)) return true;
          break;
        case AST_NODE_TYPES.SwitchStatement:
          if (this.isGuard(parent.discriminant, end)) return true;
          break;
        case AST_NODE_TYPES.BlockStatement:
        case AST_NODE_TYPES.Program: {
          const body = parent.body as TSESTree.Node[];
          const index = body.indexOf(current);
          for (let i = 0; i < index; i++) {
            const statement = body[i];
            if (statement.type === AST_NODE_TYPES.IfStatement && exits(statement.consequent) && this.isGuard(statement.test, end)) return true;
            if (statement.type === AST_NODE_TYPES.ExpressionStatement && this.isAssertingCall(statement.expression)) return true;
          }
          break;
        }
        default:
          if (isLoop(parent) && 'test' in parent && parent.test && current !== parent.test && this.isGuard(parent.test, end)) return true;
      }
      if (parent === stop) break;
    }
    return false;
  }

  private isAssertingCall(expression: TSESTree.Node): boolean {
    const n = unwrapExpression(expression);
    if (n.type !== AST_NODE_TYPES.CallExpression) return false;
    const name = getCalleeName(n);
    return name !== null && ASSERTING_CALL.test(name) && STATE_WORD.test(name);
  }

  /**
   * A test that can see that the socket was ended: a read of the socket's own state
   * (`writable`, `writableEnded`, `destroyed`, `readyState`), a helper asked about it
   * (`isWritable(sock)`), or a flag of the code's own (`this.closed`, `if (this.socket)`) that
   * the end's run sets. `readable` is not one: it stays true after `end()`.
   */
  private isGuard(test: TSESTree.Node, end: SocketCall): boolean {
    const visit = (node: TSESTree.Node, truthiness: boolean): boolean => {
      const n = unwrapExpression(node);
      switch (n.type) {
        case AST_NODE_TYPES.LogicalExpression:
          return visit(n.left, true) || visit(n.right, true);
        case AST_NODE_TYPES.UnaryExpression:
          return visit(n.argument, n.operator === '!');
        case AST_NODE_TYPES.BinaryExpression:
          return (n.left.type !== AST_NODE_TYPES.PrivateIdentifier && visit(n.left, n.operator === '==' || n.operator === '!=' || n.operator === '===' || n.operator === '!==')) || visit(n.right, false);
        case AST_NODE_TYPES.ConditionalExpression:
          return visit(n.test, true) || visit(n.consequent, true) || visit(n.alternate, true);
        case AST_NODE_TYPES.CallExpression: {
          const name = getCalleeName(n);
          if (name !== null && STATE_WORD.test(name)) return true;
          // `/^AUTH/.test(self._curReq.fullcmd)`: what the call is asked about may be state the end cleared.
          const callee = unwrapExpression(n.callee);
          return (
            (callee.type === AST_NODE_TYPES.MemberExpression && visit(callee.object, false)) ||
            n.arguments.some((a) => a.type !== AST_NODE_TYPES.SpreadElement && visit(a, false))
          );
        }
        case AST_NODE_TYPES.MemberExpression: {
          const name = getPropertyName(n);
          if (!name) return false;
          if (ENDED_STATE.has(name)) return true;
          // `self._curReq.lines` where the code does `this._curReq = undefined` as it ends the socket: state it clears on close.
          for (let m: TSESTree.Node = n; m.type === AST_NODE_TYPES.MemberExpression; m = unwrapExpression(m.object)) {
            const part = getPropertyName(m);
            if (part && (this.closedIndicators.has(part) || this.endRunAssigns(end, part, true))) return true;
          }
          if (SHARED_STATE.has(name) && this.analysis.isSocket(n.object)) return true;
          if (STATE_WORD.test(name) && this.endRunAssigns(end, name)) return true;
          // `if (this.socket)`: the binding itself, nulled where it is ended.
          return truthiness && this.analysis.isSocket(n) && this.endRunAssigns(end, name);
        }
        case AST_NODE_TYPES.Identifier:
          if (this.closedIndicators.has(n.name) || (STATE_WORD.test(n.name) && this.endRunAssigns(end, n.name))) return true;
          return truthiness && this.analysis.isSocket(n) && this.endRunAssigns(end, n.name);
        default:
          return false;
      }
    };
    return visit(test, true);
  }

  /**
   * The function that ends the socket (or a function it calls, or one that calls it) assigns a
   * binding or field of this name: the flag that later writers test is set where it is ended.
   */
  private endRunAssigns(end: SocketCall, name: string, reset = false): boolean {
    let functions = this.endRuns.get(end.node);
    if (!functions) {
      const fn = enclosingFunction(end.node);
      functions = new Set<FunctionNode | null>([fn]);
      if (fn) {
        for (const f of this.analysis.reachableFunctions(fn, 2)) functions.add(f);
        for (const call of this.analysis.callersOf(fn)) functions.add(enclosingFunction(call));
      }
      this.endRuns.set(end.node, functions);
    }
    const assigned = this.assignments();
    for (const f of functions) {
      const names = assigned.get(f);
      if (names && (reset ? names.reset : names.any).has(name)) return true;
    }
    return false;
  }

  private clearedWhereClosed(closings: readonly TSESTree.Node[]): Set<string> {
    const result = new Set<string>();
    const segments = new Map<TSESTree.Node, TSESTree.Node[]>();
    for (const closing of closings) {
      const owner = this.boundaries.segmentOwner(closing);
      const list = segments.get(owner);
      if (list) list.push(closing);
      else segments.set(owner, [closing]);
    }
    for (const assignment of this.analysis.assignmentExpressions) {
      if (assignment.operator !== '=' || !isClearedValue(assignment.right)) continue;
      const closingsHere = segments.get(this.boundaries.segmentOwner(assignment));
      if (!closingsHere || !closingsHere.some((c) => !this.boundaries.exclusive(c, assignment))) continue;
      const left = assignment.left;
      const name = left.type === AST_NODE_TYPES.Identifier ? left.name : left.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(left) : null;
      if (name) result.add(name);
    }
    return result;
  }

  /** The names each function assigns (`x = ...`, `this.x = ...`), and those it clears (`= null`, `= undefined`, `= []`), grouped once per file. */
  private assignments(): Map<FunctionNode | null, { any: Set<string>; reset: Set<string> }> {
    if (!this.assignedNames) {
      this.assignedNames = new Map();
      for (const assignment of this.analysis.assignmentExpressions) {
        const left = assignment.left;
        const name = left.type === AST_NODE_TYPES.Identifier ? left.name : left.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(left) : null;
        if (!name) continue;
        const fn = enclosingFunction(assignment);
        let names = this.assignedNames.get(fn);
        if (!names) this.assignedNames.set(fn, (names = { any: new Set(), reset: new Set() }));
        names.any.add(name);
        if (assignment.operator === '=' && isClearedValue(assignment.right)) names.reset.add(name);
      }
    }
    return this.assignedNames;
  }

  private text(node: TSESTree.Node): string {
    const text = this.context.sourceCode.getText(node);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }
}

/** A socket and the other face of the same connection (a WebSocket and its `_socket`). */
function relatedSockets(socket: SocketInfo): ReadonlySet<SocketInfo> {
  return new Set(socket.peer ? [socket, socket.peer] : [socket]);
}

/** `null`, `undefined`, `void 0`, `false`, `[]`: the value a field gets when its state is cleared. */
function isClearedValue(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.Literal) return n.value === null || n.value === false;
  if (n.type === AST_NODE_TYPES.Identifier) return n.name === 'undefined';
  if (n.type === AST_NODE_TYPES.UnaryExpression) return n.operator === 'void';
  return n.type === AST_NODE_TYPES.ArrayExpression && n.elements.length === 0;
}

/** `write(...)`, `end(data)` with data that is not the callback, or a WebSocket's `send(data)`. */
function isWrite(call: SocketCall): boolean {
  if (isWebSocket(call.socket)) return call.method === 'send' && call.node.arguments.length > 0;
  if (call.method === 'write') return call.node.arguments.length > 0;
  if (call.method === 'end') {
    const first = call.node.arguments[0];
    return first !== undefined && !isFunctionNode(first) && !(first.type === AST_NODE_TYPES.Identifier && /^(?:cb|callback|done|next|resolve)$/.test(first.name));
  }
  return false;
}

function isProcessExit(call: TSESTree.CallExpression, analysis: FileAnalysis): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'exit') return false;
  const object = unwrapExpression(callee.object);
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'process' && analysis.isGlobalReference(object);
}

/** Nothing in `body` runs after `node` once `node` has run (it is the last thing the body evaluates). */
function isTailOf(node: TSESTree.Node, body: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  while (current !== body) {
    const parent = current.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.BlockStatement) {
      if (parent.body[parent.body.length - 1] !== current) return false;
    } else if (parent.type === AST_NODE_TYPES.IfStatement) {
      if (current === parent.test) return false;
    } else if (
      parent.type !== AST_NODE_TYPES.ExpressionStatement &&
      parent.type !== AST_NODE_TYPES.ChainExpression &&
      parent.type !== AST_NODE_TYPES.AwaitExpression &&
      parent.type !== AST_NODE_TYPES.TSNonNullExpression &&
      parent.type !== AST_NODE_TYPES.TSAsExpression
    ) {
      return false;
    }
    current = parent;
  }
  return true;
}

/** `node` runs whenever `body` runs: no branch, short circuit or handler between them. */
function onEveryPass(node: TSESTree.Node, body: TSESTree.Node): boolean {
  for (let current: TSESTree.Node = node; current !== body; ) {
    const parent = current.parent;
    if (!parent) return false;
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && current !== parent.test) return false;
    if (parent.type === AST_NODE_TYPES.LogicalExpression && current === parent.right) return false;
    if (parent.type === AST_NODE_TYPES.SwitchCase || parent.type === AST_NODE_TYPES.CatchClause || isFunctionNode(parent) || isLoop(parent)) return false;
    current = parent;
  }
  return true;
}

function exits(statement: TSESTree.Node): boolean {
  if (statement.type === AST_NODE_TYPES.BlockStatement) {
    const last = statement.body[statement.body.length - 1];
    return last !== undefined && exits(last);
  }
  return (
    statement.type === AST_NODE_TYPES.ReturnStatement ||
    statement.type === AST_NODE_TYPES.ThrowStatement ||
    statement.type === AST_NODE_TYPES.BreakStatement ||
    statement.type === AST_NODE_TYPES.ContinueStatement
  );
}
