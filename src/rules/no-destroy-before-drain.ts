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
  getPropertyName,
  isFunctionNode,
  isLoop,
  unwrapExpression,
} from '../analysis/index.js';
import { type ListenerFacts, getListenerFacts } from '../analysis/listener-passes.js';
import { createRule } from '../create-rule.js';

type MessageIds = 'destroyBeforeDrain' | 'exitBeforeDrain' | 'writeAfterEnd' | 'endWhileWriting' | 'suggestEnd';

const DESTROYING = new Set(['destroy', 'resetAndDestroy']);
/** Awaited calls whose name says they wait for the peer or for the flush. */
const WAITING_CALLEE = /read|recv|receive|repl|respon|answer|expect|wait|drain|flush|finish|finished|once|close|end|ack/i;
/** Words of a test that asks whether the socket can still be written to. */
const GUARD =
  /\b\w*(?:writable|Writable|destroyed|Destroyed|closed|Closed|closing|Closing|ended|Ended|ending|Ending|finished|Finished|open|Open|connected|Connected|alive|Alive|active|Active|readyState|state|State|status|Status|stopped|Stopped|shutdown|Shutdown|ShuttingDown|ready|Ready|done|Done|dead|Dead|terminated|Terminated|disconnected|Disconnected|socket|Socket|conn|stream|Stream)\w*\b/;
/** A socket event after which the socket is already destroyed: an `end()` there races nothing. */
const DESTROYED_EVENTS = new Set(['close', 'error']);
const READ_EVENTS = new Set(['data', 'readable']);
/** One-shot events that always precede a stream's own `'end'`/`'close'`. */
const OPENING_EVENTS = new Set(['connect', 'secureConnect', 'ready', 'lookup']);

interface WritePath {
  /** The function whose runs can perform the write (a listener, an interval, a continuation). */
  readonly root: TSESTree.Node;
  readonly label: string;
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
      exitBeforeDrain:
        "`process.exit()` discards whatever the write to `{{socket}}` on line {{line}} has not yet handed to the kernel: the peer silently loses the tail. End the socket and exit once its `'finish'` (or the write callback) fires.",
      writeAfterEnd:
        '`{{socket}}.{{method}}()` after `{{socket}}.end()` on line {{line}} fails with ERR_STREAM_WRITE_AFTER_END (an unhandled `\'error\'` crashes the process). Write before `end()`, or check `writableEnded` first.',
      endWhileWriting:
        "`{{socket}}.end()` here while {{path}} (line {{line}}) can still write to `{{socket}}` afterwards without checking it: that write fails with ERR_STREAM_WRITE_AFTER_END and crashes the process where no `'error'` listener exists. Guard the write with `!{{socket}}.writableEnded` (or a closed flag).",
      suggestEnd: 'Replace `write(x); destroy()` with `end(x)`, which flushes before closing.',
    },
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getAnalysis(context);
        if (!analysis.active) return;
        new Checker(context, analysis, getBoundaries(context), getListenerFacts(analysis), options).run();
      },
    };
  },
});

class Checker {
  private segmentCalls: Map<TSESTree.Node, (TSESTree.CallExpression | TSESTree.NewExpression)[]> | null = null;

  constructor(
    private readonly context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
    private readonly analysis: FileAnalysis,
    private readonly boundaries: BoundaryAnalysis,
    private readonly facts: ListenerFacts,
    private readonly options: NoDestroyBeforeDrainOptions,
  ) {}

  run(): void {
    const writes = new Map<SocketInfo, SocketCall[]>();
    const ends: SocketCall[] = [];
    const destroys: SocketCall[] = [];
    for (const call of this.analysis.socketCalls) {
      if (isWrite(call)) {
        const list = writes.get(call.socket);
        if (list) list.push(call);
        else writes.set(call.socket, [call]);
      }
      if (call.method === 'end') ends.push(call);
      if (DESTROYING.has(call.method)) destroys.push(call);
    }
    for (const destroy of destroys) this.checkDestroy(destroy, writes.get(destroy.socket) ?? []);
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

  // --------------------------------------------------- destroy before drain

  private checkDestroy(destroy: SocketCall, writes: SocketCall[]): void {
    if (this.dropsSlowPeer(destroy.node)) return;
    const before = this.precedingWrite(destroy.node, writes.filter((w) => w.node !== destroy.node), destroy.receiver);
    if (!before) return;
    const suggestion = this.endSuggestion(before, destroy);
    this.context.report({
      node: destroy.node,
      messageId: 'destroyBeforeDrain',
      data: { method: destroy.method, socket: this.text(destroy.receiver), line: String(before.loc.start.line) },
      suggest: suggestion ? [{ messageId: 'suggestEnd', fix: suggestion }] : [],
    });
  }

  /**
   * `if (!socket.write(x)) socket.destroy()`: the code saw the buffer was full and drops the
   * slow peer on purpose; the discarded tail is the point, not an accident.
   */
  private dropsSlowPeer(close: TSESTree.Node): boolean {
    for (let node: TSESTree.Node | undefined = close.parent; node && !isFunctionNode(node); node = node.parent) {
      if (node.type !== AST_NODE_TYPES.IfStatement || !contains(node.consequent, close)) continue;
      const test = unwrapExpression(node.test);
      if (test.type !== AST_NODE_TYPES.UnaryExpression || test.operator !== '!') continue;
      const argument = unwrapExpression(test.argument);
      if (argument.type === AST_NODE_TYPES.CallExpression && getCalleeMethodName(argument) === 'write') return true;
    }
    return false;
  }

  private checkExits(writes: Map<SocketInfo, SocketCall[]>): void {
    const all = [...writes.values()].flat();
    if (all.length === 0) return;
    for (const call of this.analysis.calls) {
      if (call.type !== AST_NODE_TYPES.CallExpression || !isProcessExit(call, this.analysis)) continue;
      const before = this.precedingWrite(call, all, null);
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
   * same function with no wait for the flush in between.
   */
  private precedingWrite(close: TSESTree.Node, writes: SocketCall[], receiver: TSESTree.Expression | null): TSESTree.Node | null {
    const owner = this.boundaries.segmentOwner(close);
    let found: TSESTree.Node | null = null;
    const consider = (node: TSESTree.Node): void => {
      if (node.range[1] > close.range[0] || this.boundaries.segmentOwner(node) !== owner) return;
      if (this.boundaries.exclusive(node, close) || this.boundaries.exitsBefore(node, close)) return;
      if (this.flushAwaitedBetween(node, close, owner, receiver)) return;
      if (!found || node.range[0] > found.range[0]) found = node;
    };
    for (const write of writes) consider(write.node);
    // Same-module helpers that write to the socket (`this.send(x); this.socket.destroy()`).
    if (receiver && this.options.checkWritesThroughHelpers) {
      const socketWrites = new Set(writes.map((w) => w.node));
      for (const call of this.callsBySegment(owner)) {
        if (call.type !== AST_NODE_TYPES.CallExpression || call.range[1] > close.range[0]) continue;
        if (this.analysis.socketCallsAt(call).length > 0) continue;
        const fns = this.analysis.functionsOf(call.callee);
        if (fns.length === 0) continue;
        const writesInHelper = fns.some((fn) =>
          [...this.analysis.reachableFunctions(fn, 2)].some(
            (f) => !f.async && this.analysis.socketCallsInFunction(f).some((c) => socketWrites.has(c.node) && enclosingFunction(c.node) === f && !this.guardedToOwnSegment(c.node, f)),
          ),
        );
        if (writesInHelper) consider(call);
      }
    }
    return found;
  }

  /** The calls of one synchronous segment, grouped once per file (not rescanned per close). */
  private callsBySegment(owner: TSESTree.Node): readonly (TSESTree.CallExpression | TSESTree.NewExpression)[] {
    if (!this.segmentCalls) {
      this.segmentCalls = new Map();
      for (const call of this.analysis.calls) {
        const segment = this.boundaries.segmentOwner(call);
        const list = this.segmentCalls.get(segment);
        if (list) list.push(call);
        else this.segmentCalls.set(segment, [call]);
      }
    }
    return this.segmentCalls.get(owner) ?? [];
  }

  /** A write inside a callback the helper passes elsewhere (not on its own synchronous path). */
  private guardedToOwnSegment(node: TSESTree.Node, fn: FunctionNode): boolean {
    return this.boundaries.segmentOwner(node) !== fn;
  }

  /** An `await` between the two points that waits for the flush or for the peer's reply. */
  private flushAwaitedBetween(from: TSESTree.Node, to: TSESTree.Node, owner: TSESTree.Node, receiver: TSESTree.Expression | null): boolean {
    const socketText = receiver ? this.text(receiver) : null;
    for (const boundary of this.boundaries.boundariesOwnedBy(owner)) {
      if (boundary.position < from.range[1] || boundary.position > to.range[0]) continue;
      if (boundary.kind === 'for-await') return true;
      const argument = boundary.node.type === AST_NODE_TYPES.AwaitExpression ? boundary.node.argument : null;
      if (!argument) return true;
      const text = this.context.sourceCode.getText(argument);
      if (socketText && text.includes(socketText)) return true;
      if (!socketText && /\b(?:socket|sock|conn|connection|stream|client)\b/i.test(text)) return true;
      const target = unwrapExpression(argument);
      if (target.type === AST_NODE_TYPES.CallExpression || target.type === AST_NODE_TYPES.NewExpression) {
        const callee = unwrapExpression(target.callee);
        const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
        if (name && WAITING_CALLEE.test(name)) return true;
        if (target.type === AST_NODE_TYPES.NewExpression && /\.(?:end|write|once)\(/.test(text)) return true;
      }
    }
    return false;
  }

  /** `s.write(x); s.destroy();` as two adjacent statements: `s.end(x);` flushes instead. */
  private endSuggestion(write: TSESTree.Node, destroy: SocketCall): TSESLint.ReportFixFunction | null {
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

  // ------------------------------------------------------- write after end

  /** `end()` followed by `destroy()` in the same segment: later writes are dropped silently, not reported. */
  private destroyedWith(end: SocketCall, destroys: SocketCall[]): boolean {
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
      if (this.guarded(write.node, enclosingFunction(end.node))) continue;
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
      for (const path of this.pathsOf(write.node, endRoot, endOwner, end.node)) {
        if (isFunctionNode(path.root)) {
          const events = this.eventsOf(path.root);
          // The hand-written proxy: no 'data' of a stream after that stream's own 'end' (nor a
          // 'connect', which came before it).
          if (
            events.length > 0 &&
            events.every(
              (w) => (READ_EVENTS.has(w.event) || OPENING_EVENTS.has(w.event)) && endEvents.some((e) => (e.event === 'end' || e.event === 'close') && e.emitter === w.emitter),
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
    return this.analysis.calls.some((clear) => {
      if (clear.type !== AST_NODE_TYPES.CallExpression || this.boundaries.segmentOwner(clear) !== owner || this.boundaries.exclusive(clear, end)) return false;
      const callee = unwrapExpression(clear.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      return (name === 'clearInterval' || name === 'clearTimeout') && clear.arguments[0] !== undefined && this.context.sourceCode.getText(clear.arguments[0]) === handle;
    });
  }

  /** The runs other than the end's own that can perform `write` after the end, unguarded. */
  private pathsOf(write: TSESTree.Node, endRoot: TSESTree.Node, endOwner: TSESTree.Node, end: TSESTree.Node): WritePath[] {
    const result: WritePath[] = [];
    const visit = (node: TSESTree.Node, depth: number): void => {
      const owner = this.boundaries.segmentOwner(node);
      if (this.guarded(node, isFunctionNode(owner) ? owner : null)) return;
      const root = this.boundaries.runRoot(node);
      if (root === endRoot) {
        // A continuation of the same run: it can run after the end unless the end comes later in it.
        if (owner === endOwner || !isFunctionNode(owner) || this.boundaries.callbackKind(owner) !== 'continuation' || contains(owner, end)) return;
        if (this.boundaries.exclusive(owner, end) || this.boundaries.exitsBefore(owner, end) || this.boundaries.exitsBefore(end, owner)) return;
        result.push({ root: owner, label: `the callback scheduled on line ${owner.loc.start.line}` });
        return;
      }
      if (!isFunctionNode(root)) return;
      const kind = this.boundaries.callbackKind(root);
      if (kind === 'interval') {
        result.push({ root, label: 'the interval callback' });
        return;
      }
      if (kind === 'listener') {
        const events = this.eventsOf(root);
        if (events.length === 0 || events.every((e) => DESTROYED_EVENTS.has(e.event))) return;
        result.push({ root, label: `the \`'${events[0].event}'\` listener` });
        return;
      }
      if (kind === 'declared' && depth < 3) {
        for (const call of this.analysis.callersOf(root)) visit(call, depth + 1);
      }
    };
    visit(write, 0);
    return result;
  }

  private eventsOf(fn: FunctionNode): { event: string; emitter: string }[] {
    const role = this.facts.roleOf(fn);
    if (!role) return [];
    return role.registrations.filter((r) => r.event !== null).map((r) => ({ event: r.event!, emitter: this.text(r.receiver) }));
  }

  /**
   * The write only runs when a test that can see the socket's state says so: an enclosing `if`,
   * `&&`, `?:`, loop test or `switch`, or an earlier early exit in an enclosing block.
   */
  private guarded(node: TSESTree.Node, stop: TSESTree.Node | null): boolean {
    let current: TSESTree.Node = node;
    for (let parent = node.parent; parent; current = parent, parent = parent.parent) {
      switch (parent.type) {
        case AST_NODE_TYPES.IfStatement:
        case AST_NODE_TYPES.ConditionalExpression:
          if (current !== parent.test && this.isGuard(parent.test)) return true;
          break;
        case AST_NODE_TYPES.LogicalExpression:
          if (current === parent.right && this.isGuard(parent.left)) return true;
          break;
        case AST_NODE_TYPES.SwitchStatement:
          if (this.isGuard(parent.discriminant)) return true;
          break;
        case AST_NODE_TYPES.BlockStatement:
        case AST_NODE_TYPES.Program: {
          const body = parent.body as TSESTree.Node[];
          const index = body.indexOf(current);
          for (let i = 0; i < index; i++) {
            const statement = body[i];
            if (statement.type === AST_NODE_TYPES.IfStatement && exits(statement.consequent) && this.isGuard(statement.test)) return true;
          }
          break;
        }
        default:
          if (isLoop(parent) && 'test' in parent && parent.test && current !== parent.test && this.isGuard(parent.test)) return true;
      }
      if (parent === stop) break;
    }
    return false;
  }

  private isGuard(test: TSESTree.Node): boolean {
    return GUARD.test(this.context.sourceCode.getText(test));
  }

  private text(node: TSESTree.Node): string {
    const text = this.context.sourceCode.getText(node);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }
}

/** `write(...)`, or `end(data)` with data that is not the callback. */
function isWrite(call: SocketCall): boolean {
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
