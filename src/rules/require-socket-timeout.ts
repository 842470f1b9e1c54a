import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  type FileAnalysis,
  type FunctionNode,
  type SocketCall,
  type SocketInfo,
  contains,
  evaluateNumber,
  findObjectProperty,
  getAnalysis,
  getPropertyName,
  isFunctionNode,
  isLiteralFalse,
  isLiteralZero,
  unwrapExpression,
} from '../analysis/index.js';
import { createRule } from '../create-rule.js';

type MessageIds = 'missingTimeout' | 'timeoutNeverCloses' | 'timeoutOnlyEnds' | 'timeoutDefeatedByHeartbeat' | 'suggestAddTimeout';

export interface RequireSocketTimeoutOptions {
  suggestedTimeoutMs: number;
  requireDestroy: boolean;
  checkHeartbeats: boolean;
  checkEscaping: boolean;
}
type Options = [Partial<RequireSocketTimeoutOptions>];

const DEFAULTS: RequireSocketTimeoutOptions = { suggestedTimeoutMs: 30_000, requireDestroy: false, checkHeartbeats: false, checkEscaping: false };

const DESTROYING = new Set(['destroy', 'resetAndDestroy']);
const ENDING = new Set(['end', 'destroySoon']);
const CONNECT_EVENTS = new Set(['connect', 'secureConnect', 'ready']);
const CLIENT_KINDS = new Set(['client', 'tls-client', 'factory']);
/** Names that betray a last-inbound-activity timestamp checked by a heartbeat. */
const SILENCE_CHECK = /\b(?:last\w*|\w*(?:Seen|Activity|Received|Pong|Alive|Heard))\b[^;]*?[<>]|[<>][^;]*?\b(?:last\w*|\w*(?:Seen|Activity|Received|Pong|Alive|Heard))\b/i;

interface TimeoutReaction {
  /** Some reaction destroys the socket. */
  destroys: boolean;
  /** The `end()` calls reached when no reaction destroys. */
  ends: SocketCall[];
  /** The reaction hands the event to the object's own listeners (`this.emit('timeout')`). */
  forwards: boolean;
  exists: boolean;
}

export default createRule<Options, MessageIds>({
  name: 'require-socket-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every socket to have an idle timeout that closes it',
      recommended: true,
      strictOptions: [{ requireDestroy: true, checkHeartbeats: true, checkEscaping: false }],
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          suggestedTimeoutMs: {
            type: 'integer',
            minimum: 1,
            description: 'Idle timeout in milliseconds used by the suggestion.',
          },
          requireDestroy: {
            type: 'boolean',
            description: "Report `'timeout'` reactions that only `end()` the socket (a hostile peer can keep its half open).",
          },
          checkHeartbeats: {
            type: 'boolean',
            description: 'Report intervals that write to the socket more often than its idle timeout, so the timeout never fires.',
          },
          checkEscaping: {
            type: 'boolean',
            description: 'Also check sockets that are returned or handed to code outside this module.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [DEFAULTS],
    messages: {
      missingTimeout:
        "This socket has no idle timeout: Node sets none by default, so a peer that goes silent holds it (and its file descriptor) forever. Call `setTimeout(ms)` and destroy the socket on `'timeout'`.",
      timeoutNeverCloses:
        "`setTimeout` only emits `'timeout'`; nothing ends this socket when it fires, so an idle peer is never disconnected. Destroy the socket in a `'timeout'` listener.",
      timeoutOnlyEnds:
        "The `'timeout'` reaction only calls `end()`: a peer that never answers the FIN keeps the connection open forever. Call `destroy()`.",
      timeoutDefeatedByHeartbeat:
        'This interval writes to the socket every {{interval}} ms, more often than its {{timeout}} ms idle timeout: each write resets the idle timer, so a silent peer is never timed out. Track the time of the last inbound data and check it here.',
      suggestAddTimeout: 'Add `{{name}}.setTimeout({{ms}}, () => {{name}}.destroy())`.',
    },
  },
  create(context, [given]) {
    const options: RequireSocketTimeoutOptions = { ...DEFAULTS, ...given };
    return {
      'Program:exit'() {
        const analysis = getAnalysis(context);
        if (!analysis.active) return;
        const timers = globalTimerCalls(analysis);
        for (const socket of analysis.sockets) {
          if (!socket.isOrigin || socket.kind === 'http-connection' || socket.wrapsExisting) continue;
          if (!options.checkEscaping && analysis.escapesOf(socket).length > 0) continue;
          checkSocket(context, analysis, socket, options, timers);
        }
      },
    };
  },
});

interface TimerCalls {
  timeouts: TSESTree.CallExpression[];
  intervals: TSESTree.CallExpression[];
}

/** Global `setTimeout`/`setInterval` calls (and `timers` module ones), found once per file. */
function globalTimerCalls(analysis: FileAnalysis): TimerCalls {
  const result: TimerCalls = { timeouts: [], intervals: [] };
  for (const call of analysis.calls) {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length === 0) continue;
    const callee = unwrapExpression(call.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    if (name !== 'setTimeout' && name !== 'setInterval') continue;
    const isGlobal =
      (callee.type === AST_NODE_TYPES.Identifier && analysis.isGlobalReference(callee)) ||
      analysis.moduleMembersOf(callee).some((m) => m.module === 'timers' && m.path === name);
    if (!isGlobal) continue;
    (name === 'setTimeout' ? result.timeouts : result.intervals).push(call);
  }
  return result;
}

function checkSocket(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  analysis: FileAnalysis,
  socket: SocketInfo,
  options: RequireSocketTimeoutOptions,
  timers: TimerCalls,
): void {
  const calls = analysis.callsOn(socket);
  const timeoutCalls = calls.filter((c) => c.method === 'setTimeout' && c.node.arguments.length > 0);
  const armed = timeoutCalls.filter((c) => !isLiteralZero(c.node.arguments[0]));
  const cleared = timeoutCalls.filter((c) => isLiteralZero(c.node.arguments[0]));
  const timeoutOption = connectOption(socket, 'timeout');
  const optionArms = timeoutOption != null && !isLiteralZero(timeoutOption.value);
  const idleArmed = (armed.length > 0 && !clearedAfterArming(analysis, socket, armed, cleared)) || optionArms;
  const keepAlive = CLIENT_KINDS.has(socket.kind) && hasExplicitKeepAlive(socket, calls);
  const deadline = hasDeadline(analysis, socket, timers);

  if (!idleArmed && !keepAlive && !deadline) {
    context.report({
      node: socket.node,
      messageId: 'missingTimeout',
      suggest: timeoutSuggestion(context, socket, options.suggestedTimeoutMs),
    });
    return;
  }
  if (!idleArmed) return; // keep-alive or a destroying deadline needs no 'timeout' reaction

  const reaction = timeoutReaction(analysis, socket, armed);
  if (!reaction.destroys && !reaction.forwards && reaction.ends.length === 0) {
    const target: TSESTree.Node = armed[0]?.node ?? timeoutOption!;
    context.report({ node: target, messageId: 'timeoutNeverCloses' });
    return;
  }
  if (options.requireDestroy && !reaction.destroys && !reaction.forwards) {
    for (const end of reaction.ends) context.report({ node: end.node, messageId: 'timeoutOnlyEnds' });
  }
  if (options.checkHeartbeats) checkHeartbeats(context, analysis, socket, armed, timeoutOption, timers);
}

/** The property `name` of the options object of a `connect(...)` origin. */
function connectOption(socket: SocketInfo, name: string): TSESTree.Property | null {
  if (!socket.call || socket.call.type !== AST_NODE_TYPES.CallExpression) return null;
  for (const arg of socket.call.arguments) {
    const prop = findObjectProperty(arg, name);
    if (prop) return prop;
  }
  return null;
}

function hasExplicitKeepAlive(socket: SocketInfo, calls: readonly SocketCall[]): boolean {
  if (calls.some((c) => c.method === 'setKeepAlive' && c.node.arguments.length >= 2 && !isLiteralFalse(c.node.arguments[0]))) return true;
  const keepAlive = connectOption(socket, 'keepAlive');
  return keepAlive != null && !isLiteralFalse(keepAlive.value) && connectOption(socket, 'keepAliveInitialDelay') != null;
}

/**
 * A connect-time timeout cleared once connected (`setTimeout(0)` in the `'connect'` listener)
 * leaves the connection with no idle timeout, unless a non-zero timeout is armed again after.
 */
function clearedAfterArming(analysis: FileAnalysis, socket: SocketInfo, armed: SocketCall[], cleared: SocketCall[]): boolean {
  const connectListeners = analysis.listenersOf(socket).filter((l) => CONNECT_EVENTS.has(l.event));
  for (const clear of cleared) {
    const listener = connectListeners.find((l) => l.functions.some((fn) => contains(fn, clear.node)));
    const fn = listener?.functions.find((f) => contains(f, clear.node));
    if (!fn || !isUnconditionalIn(fn, clear.node)) continue;
    const rearmed = armed.some((arm) => {
      if (contains(fn, arm.node)) return arm.node.range[0] > clear.node.range[0];
      // Armed from another listener (a `data` handler re-arming per message) still counts.
      return analysis.listenersOf(socket).some((l) => !CONNECT_EVENTS.has(l.event) && l.functions.some((f) => contains(f, arm.node)));
    });
    if (!rearmed) return true;
  }
  return false;
}

/** `node` runs on every path through `fn`'s body: no branch, loop, `catch` or short-circuit on the way. */
function isUnconditionalIn(fn: FunctionNode, node: TSESTree.Node): boolean {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current !== fn) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.SwitchCase:
      case AST_NODE_TYPES.CatchClause:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        return false;
      default:
        break;
    }
    if (isFunctionNode(current)) return false;
    current = current.parent;
  }
  return current === fn;
}

/**
 * An overall deadline that destroys the socket and is armed on every path: a timer whose
 * callback destroys it, `AbortSignal.timeout` as the connect `signal`, or `Promise.race`
 * with `destroy()` in `finally`.
 */
function hasDeadline(analysis: FileAnalysis, socket: SocketInfo, timers: TimerCalls): boolean {
  const signal = connectOption(socket, 'signal');
  if (signal) {
    const value = unwrapExpression(signal.value);
    if (value.type === AST_NODE_TYPES.CallExpression && value.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(value.callee) === 'timeout') {
      return true;
    }
  }
  const destroyCalls = analysis.callsOn(socket).filter((c) => DESTROYING.has(c.method));
  if (destroyCalls.length === 0) return false;
  for (const call of timers.timeouts) {
    const timerFns = analysis.functionsOf(call.arguments[0]);
    const destroys = timerFns.some((fn) => functionsEndSocket(analysis, socket, [fn], DESTROYING));
    if (!destroys) continue;
    const home = enclosingRun(call);
    if (home && isUnconditionalIn(home, call)) return true;
  }
  for (const destroy of destroyCalls) {
    let current: TSESTree.Node | undefined = destroy.node.parent;
    while (current) {
      if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer && contains(current.finalizer, destroy.node)) {
        if (/\bPromise\.race\s*\(/.test(analysisText(analysis, current.block))) return true;
      }
      current = current.parent;
    }
  }
  return false;
}

function analysisText(analysis: FileAnalysis, node: TSESTree.Node): string {
  return analysis.sourceCode.text.slice(node.range[0], node.range[1]);
}

function enclosingRun(node: TSESTree.Node): FunctionNode | null {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current;
    current = current.parent;
  }
  return null;
}

function timeoutReaction(analysis: FileAnalysis, socket: SocketInfo, armed: SocketCall[]): TimeoutReaction {
  const reaction: TimeoutReaction = { destroys: false, ends: [], forwards: false, exists: false };
  const reactionFns: FunctionNode[] = [];
  const consider = (listenerNode: TSESTree.Node | null | undefined) => {
    if (!listenerNode) return;
    reaction.exists = true;
    const direct = directEndingMethod(analysis, socket, listenerNode);
    if (direct && DESTROYING.has(direct)) reaction.destroys = true;
    reactionFns.push(...analysis.functionsOf(listenerNode));
  };
  for (const listener of analysis.listenersOf(socket, 'timeout')) consider(listener.listenerNode);
  for (const arm of armed) consider(arm.node.arguments[1]);
  if (reaction.destroys || reactionFns.length === 0) return reaction;

  const reachable = new Set<FunctionNode>();
  for (const fn of reactionFns) for (const f of analysis.reachableFunctions(fn)) reachable.add(f);
  for (const fn of reachable) {
    for (const call of analysis.socketCallsInFunction(fn)) {
      if (call.socket !== socket) continue;
      if (DESTROYING.has(call.method)) reaction.destroys = true;
      else if (ENDING.has(call.method)) reaction.ends.push(call);
      else if (call.method === 'emit') reaction.forwards = true;
    }
    if (!reaction.forwards && forwardsToOwner(analysis, fn)) reaction.forwards = true;
  }
  return reaction;
}

/** `socket.on('timeout', socket.destroy)` or `socket.destroy.bind(socket)`: the listener is the method itself. */
function directEndingMethod(analysis: FileAnalysis, socket: SocketInfo, listenerNode: TSESTree.Node): string | null {
  let node = unwrapExpression(listenerNode);
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(node.callee) === 'bind') {
    node = unwrapExpression(node.callee.object);
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = getPropertyName(node);
  if (!method || (!DESTROYING.has(method) && !ENDING.has(method))) return null;
  return analysis.socketsOf(node.object).includes(socket) ? method : null;
}

/** The owner-forwarding shape of spec 0.4: `this.emit('timeout')` hands the event to the wrapper's listeners. */
function forwardsToOwner(analysis: FileAnalysis, fn: FunctionNode): boolean {
  for (const call of analysis.callsInFunction(fn)) {
    if (call.type !== AST_NODE_TYPES.CallExpression) continue;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'emit') continue;
    const object = unwrapExpression(callee.object);
    if (object.type === AST_NODE_TYPES.ThisExpression || analysis.socketsOf(object).length === 0) return true;
  }
  return false;
}

function functionsEndSocket(analysis: FileAnalysis, socket: SocketInfo, fns: FunctionNode[], methods: ReadonlySet<string>): boolean {
  for (const fn of fns) {
    for (const f of analysis.reachableFunctions(fn)) {
      if (analysis.socketCallsInFunction(f).some((c) => c.socket === socket && methods.has(c.method))) return true;
    }
  }
  return false;
}

function checkHeartbeats(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  analysis: FileAnalysis,
  socket: SocketInfo,
  armed: SocketCall[],
  timeoutOption: TSESTree.Property | null,
  timers: TimerCalls,
): void {
  const timeoutNode = armed[0]?.node.arguments[0] ?? timeoutOption?.value;
  const timeout = evaluateNumber(timeoutNode, analysis.constInit);
  if (timeout == null) return;
  for (const call of timers.intervals) {
    const interval = evaluateNumber(call.arguments[1], analysis.constInit);
    if (interval == null || interval >= timeout) continue;
    const fns = analysis.functionsOf(call.arguments[0]);
    const writes = fns.some((fn) => functionsEndSocket(analysis, socket, [fn], new Set(['write'])));
    if (!writes) continue;
    const checksSilence = fns.some((fn) => SILENCE_CHECK.test(analysisText(analysis, fn.body)));
    if (checksSilence) continue;
    context.report({
      node: call,
      messageId: 'timeoutDefeatedByHeartbeat',
      data: { interval: String(interval), timeout: String(timeout) },
    });
  }
}

function timeoutSuggestion(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  socket: SocketInfo,
  ms: number,
): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  const sourceCode = context.sourceCode;
  const make = (name: string, after: TSESTree.Node | null, before: TSESTree.Node | null, indentFrom: TSESTree.Node) => {
    const indent = ' '.repeat(indentFrom.loc.start.column);
    const statement = `${name}.setTimeout(${ms}, () => ${name}.destroy());`;
    return [
      {
        messageId: 'suggestAddTimeout' as const,
        data: { name, ms: String(ms) },
        fix: (fixer: TSESLint.RuleFixer) =>
          after ? fixer.insertTextAfter(after, `\n${indent}${statement}`) : fixer.insertTextBefore(before!, `${statement}\n${indent}`),
      },
    ];
  };
  if (socket.params.length > 0) {
    const param = socket.params[0];
    const fn = socket.listeners[0];
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [];
    const first = fn.body.body[0];
    if (first) return make(param.name, null, first, first);
    return [];
  }
  const call = socket.call;
  if (!call) return [];
  let parent: TSESTree.Node | undefined = call.parent;
  while (parent && (parent.type === AST_NODE_TYPES.TSAsExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression)) parent = parent.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    const declaration = parent.parent;
    if (declaration.declarations.length === 1 && isStatementListItem(declaration)) return make(parent.id.name, declaration, null, declaration);
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.type === AST_NODE_TYPES.ExpressionStatement && isStatementListItem(parent.parent)) {
    const left = parent.left;
    if (left.type === AST_NODE_TYPES.Identifier || left.type === AST_NODE_TYPES.MemberExpression) {
      return make(sourceCode.getText(left), parent.parent, null, parent.parent);
    }
  }
  return [];
}

function isStatementListItem(node: TSESTree.Node): boolean {
  const parent = node.parent;
  return parent?.type === AST_NODE_TYPES.BlockStatement || parent?.type === AST_NODE_TYPES.Program || parent?.type === AST_NODE_TYPES.StaticBlock;
}
