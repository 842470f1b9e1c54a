import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  type FileAnalysis,
  type FunctionNode,
  LISTENER_METHODS,
  type SocketCall,
  type SocketInfo,
  contains,
  elementWebSockets,
  evaluateNumber,
  findObjectProperty,
  getAnalysis,
  getPropertyName,
  isFunctionNode,
  isLiteralFalse,
  isLiteralZero,
  isWebSocket,
  unwrapExpression,
  webSocketStreamsOf,
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
/** A WebSocket's own closing calls: `terminate()` destroys its socket, `close()` waits for the peer's close frame (ws-semantics c11). */
const WS_DESTROYING = new Set(['terminate']);
const WS_ENDING = new Set(['close']);
/** Frames a WebSocket sends: each resets its socket's idle timer (ws-semantics c12). */
const WS_PROBES = new Set(['ping', 'send']);
const WS_METHODS = new Set([...WS_DESTROYING, ...WS_ENDING, ...WS_PROBES, 'pong']);
/** A listener event that names a timeout: `pingTimeout`, `idleTimeout`, `timeout`. */
const TIMEOUT_EVENT = /timeout/i;

/** What the reports say, by kind of socket: a WebSocket has no `setTimeout`/`destroy()`, and its dead-peer detection is a heartbeat. */
const TEXT = {
  net: {
    subject: 'socket',
    detection: 'idle timeout',
    reason: 'Node sets none by default',
    fix: "Call `setTimeout(ms)` and destroy the socket on `'timeout'`.",
    neverClosesFix: "Destroy the socket in a `'timeout'` listener.",
    reaction: "`'timeout'` reaction",
    ends: 'end',
    consequence: 'a peer that never answers the FIN keeps the connection open forever.',
    destroy: 'destroy',
    action: 'writes to the socket',
    unit: 'write',
    heartbeatFix: 'Track the time of the last inbound data and check it here.',
  },
  ws: {
    subject: 'WebSocket',
    detection: 'dead-peer detection',
    reason: "ws sets no idle timeout and HTTP's timeouts stop at the upgrade",
    fix: "Add a heartbeat: `ping()` it on an interval and `terminate()` it when no `'pong'` came since the last ping.",
    neverClosesFix: "Call `terminate()` on the WebSocket in a `'timeout'` listener.",
    reaction: 'dead-peer reaction',
    ends: 'close',
    consequence: "ws then waits `closeTimeout` (30 s by default) for a close frame that a dead or hostile peer never sends.",
    destroy: 'terminate',
    action: 'pings the WebSocket',
    unit: 'frame it sends',
    heartbeatFix: "Check that a `'pong'` came since the last ping and `terminate()` the WebSocket when none did.",
  },
} as const;
type Text = (typeof TEXT)[keyof typeof TEXT];

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
        'This {{subject}} has no {{detection}}: {{reason}}, so a peer that goes silent holds it (and its file descriptor) forever. {{fix}}',
      timeoutNeverCloses:
        "`setTimeout` only emits `'timeout'`; nothing ends this {{subject}} when it fires, so an idle peer is never disconnected. {{neverClosesFix}}",
      timeoutOnlyEnds: 'The {{reaction}} only calls `{{ends}}()`: {{consequence}} Call `{{destroy}}()`.',
      timeoutDefeatedByHeartbeat:
        'This interval {{action}} every {{interval}} ms, more often than its {{timeout}} ms idle timeout: each {{unit}} resets the idle timer, so a silent peer is never timed out. {{heartbeatFix}}',
      suggestAddTimeout: 'Add `{{name}}.setTimeout({{ms}}, () => {{name}}.destroy())`.',
    },
  },
  create(context, [given]) {
    const options: RequireSocketTimeoutOptions = { ...DEFAULTS, ...given };
    return {
      'Program:exit'() {
        const analysis = getAnalysis(context);
        const timers = globalTimerCalls(analysis);
        const actions = new TimerActions(analysis);
        for (const socket of analysis.sockets) {
          if (!socket.isOrigin || socket.kind === 'http-connection' || socket.wrapsExisting) continue;
          if (!options.checkEscaping && analysis.escapesOf(socket).length > 0) continue;
          if (isWebSocket(socket)) checkWebSocket(context, analysis, socket, options, timers, actions);
          else checkSocket(context, analysis, socket, options, timers);
        }
      },
    };
  },
});

interface TimerCalls {
  timeouts: TSESTree.CallExpression[];
  intervals: TSESTree.CallExpression[];
  /** `pingTimer.on('pingTimeout', fn)`: listeners of a timeout event of some other object (a ping timer, a watchdog). */
  timeoutEvents: TSESTree.CallExpression[];
}

/** Global `setTimeout`/`setInterval` calls (and `timers` module ones), and timeout-event listeners of non-sockets, found once per file. */
function globalTimerCalls(analysis: FileAnalysis): TimerCalls {
  const result: TimerCalls = { timeouts: [], intervals: [], timeoutEvents: [] };
  for (const call of analysis.callsNamed('setTimeout', 'setInterval', ...LISTENER_METHODS)) {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length === 0) continue;
    const callee = unwrapExpression(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && call.arguments.length >= 2 && LISTENER_METHODS.has(getPropertyName(callee) ?? '')) {
      const events = analysis.staticStrings(call.arguments[0]);
      if (events?.some((e) => TIMEOUT_EVENT.test(e)) && !analysis.isSocket(callee.object) && analysis.serversOf(callee.object).length === 0) {
        result.timeoutEvents.push(call);
      }
      continue;
    }
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
    reportMissing(context, socket, TEXT.net, (index) => timeoutSuggestion(context, socket, index, options.suggestedTimeoutMs));
    return;
  }
  if (!idleArmed) return; // keep-alive or a destroying deadline needs no 'timeout' reaction

  const reaction = timeoutReaction(analysis, new Map([[socket, NET_CLOSING]]), armed, analysis.listenersOf(socket, 'timeout'));
  if (!reaction.destroys && !reaction.forwards && reaction.ends.length === 0) {
    // Every `setTimeout(ms)` arms a timeout that nothing answers (a re-arming one too).
    const targets: TSESTree.Node[] = armed.length > 0 ? armed.map((a) => a.node) : [timeoutOption!];
    for (const node of targets) context.report({ node, messageId: 'timeoutNeverCloses', data: textData(TEXT.net) });
    return;
  }
  if (options.requireDestroy && !reaction.destroys && !reaction.forwards) {
    for (const end of reaction.ends) context.report({ node: end.node, messageId: 'timeoutOnlyEnds', data: textData(TEXT.net) });
  }
  if (options.checkHeartbeats) {
    const timeoutNode = armed[0]?.node.arguments[0] ?? timeoutOption?.value;
    checkHeartbeats(context, analysis, timeoutNode, timers, TEXT.net, (fn) => functionsEndSocket(analysis, socket, [fn], new Set(['write'])), () => false);
  }
}

/** `missingTimeout` on the origin; a listener origin shared by several listeners that all lack one is reported on each (spec 0.1: what any of them does counts for all). */
function reportMissing(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  socket: SocketInfo,
  text: Text,
  suggest: (index: number) => TSESLint.SuggestionReportDescriptor<MessageIds>[],
): void {
  const nodes = socket.params.length > 0 ? socket.params : [socket.node];
  nodes.forEach((node, index) => context.report({ node, messageId: 'missingTimeout', data: textData(text), suggest: suggest(index) }));
}

function textData(text: Text): Record<string, string> {
  return { ...text };
}

// ---------------------------------------------------------------- WebSockets (spec 8.2)

/** How the calls of a reaction close a socket: for a net socket, for a WebSocket and for its underlying socket. */
type Closing = (method: string) => 'destroys' | 'ends' | null;
const NET_CLOSING: Closing = (method) => (DESTROYING.has(method) ? 'destroys' : ENDING.has(method) ? 'ends' : null);
const WS_CLOSING: Closing = (method) => (WS_DESTROYING.has(method) ? 'destroys' : WS_ENDING.has(method) ? 'ends' : null);

/** A call that acts on sockets: a socket call, or a WebSocket method called on an element of `wss.clients` or of a registry of WebSockets. */
interface Action {
  readonly node: TSESTree.CallExpression;
  readonly method: string;
  readonly sockets: readonly SocketInfo[];
}

/**
 * What the callbacks of the file's timers do to sockets, found once per timer: the functions
 * reachable from the callback (bounded depth), and the socket calls made in them, including
 * those on the elements of the loop over `wss.clients` of a heartbeat (spec 8.2).
 */
class TimerActions {
  private readonly byTimer = new Map<TSESTree.CallExpression, Action[]>();
  private readonly byFunction = new Map<FunctionNode, Action[]>();

  constructor(private readonly analysis: FileAnalysis) {}

  ofTimer(call: TSESTree.CallExpression): Action[] {
    let actions = this.byTimer.get(call);
    if (!actions) {
      actions = [];
      const seen = new Set<FunctionNode>();
      const pending = this.analysis.functionsOf(call.arguments[0]);
      while (pending.length > 0) {
        for (const f of this.analysis.reachableFunctions(pending.pop()!)) {
          if (seen.has(f)) continue;
          seen.add(f);
          actions.push(...this.ofFunction(f));
          // Inline callbacks run by the callback: `wss.clients.forEach((ws) => ...)`.
          for (const inner of this.analysis.callsInFunction(f)) {
            for (const arg of inner.arguments) if (isFunctionNode(arg) && !seen.has(arg) && seen.size < 64) pending.push(arg);
          }
        }
      }
      this.byTimer.set(call, actions);
    }
    return actions;
  }

  ofFunction(fn: FunctionNode): Action[] {
    let actions = this.byFunction.get(fn);
    if (!actions) {
      actions = [];
      const direct = new Map<TSESTree.CallExpression, { node: TSESTree.CallExpression; method: string; sockets: SocketInfo[] }>();
      for (const call of this.analysis.socketCallsInFunction(fn)) {
        const action = direct.get(call.node);
        if (action) action.sockets.push(call.socket);
        else direct.set(call.node, { node: call.node, method: call.method, sockets: [call.socket] });
      }
      actions.push(...direct.values());
      for (const call of this.analysis.callsInFunction(fn)) {
        if (call.type !== AST_NODE_TYPES.CallExpression || direct.has(call)) continue;
        const callee = unwrapExpression(call.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
        const method = getPropertyName(callee);
        if (!method || !WS_METHODS.has(method)) continue;
        const sockets = elementWebSockets(this.analysis, callee.object);
        if (sockets.length > 0) actions.push({ node: call, method, sockets });
      }
      this.byFunction.set(fn, actions);
    }
    return actions;
  }
}

/** One way the WebSocket's dead peer is found and ended, and how it ends it. */
interface Detection {
  destroys: boolean;
  ends: TSESTree.CallExpression[];
}

/**
 * Spec 8.2: a ws connection or client needs dead-peer detection that ends it: a heartbeat
 * interval (per connection, or one over `wss.clients`) that pings and closes, a timer re-armed
 * on `'ping'`/`'pong'` whose expiry closes it, a deadline timer that terminates it, or an idle
 * timeout on its underlying socket (`ws._socket`, `req.socket`) with a closing reaction.
 */
function checkWebSocket(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  analysis: FileAnalysis,
  socket: SocketInfo,
  options: RequireSocketTimeoutOptions,
  timers: TimerCalls,
  actions: TimerActions,
): void {
  if (!options.checkEscaping && webSocketStreamsOf(analysis, socket).some((stream) => stream.escaped)) return;
  const peer = socket.peer;
  const closing = new Map<SocketInfo, Closing>([[socket, WS_CLOSING]]);
  if (peer) closing.set(peer, NET_CLOSING);
  const closersIn = (list: readonly Action[]): Detection | null => {
    let detection: Detection | null = null;
    for (const action of list) {
      for (const target of action.sockets) {
        const how = closing.get(target)?.(action.method);
        if (!how) continue;
        detection ??= { destroys: false, ends: [] };
        if (how === 'destroys') detection.destroys = true;
        else if (!detection.ends.includes(action.node)) detection.ends.push(action.node);
      }
    }
    return detection;
  };
  const probes = (list: readonly Action[]) =>
    list.some((a) => (a.sockets.includes(socket) && WS_PROBES.has(a.method)) || (peer !== undefined && a.sockets.includes(peer) && a.method === 'write'));
  const detections: Detection[] = [];

  // A heartbeat: an interval that sends on the WebSocket and closes it (on a missing pong).
  const heartbeats = new Set<TSESTree.CallExpression>();
  for (const interval of timers.intervals) {
    const list = actions.ofTimer(interval);
    const closer = closersIn(list);
    if (closer && probes(list)) {
      detections.push(closer);
      heartbeats.add(interval);
    }
  }
  // A timer re-armed on every 'ping' (or 'pong') whose expiry closes the WebSocket (the ws README client), or a deadline armed on every path.
  const rearming = new Set<FunctionNode>();
  for (const listener of analysis.listenersOf(socket)) {
    if (listener.event !== 'ping' && listener.event !== 'pong') continue;
    for (const fn of listener.functions) for (const f of analysis.reachableFunctions(fn)) rearming.add(f);
  }
  for (const timer of timers.timeouts) {
    const closer = closersIn(actions.ofTimer(timer));
    if (!closer) continue;
    const home = enclosingRun(timer);
    if (home && rearming.has(home)) detections.push(closer);
    else if (closer.destroys && home && isUnconditionalIn(home, timer)) detections.push(closer);
  }
  // An idle timeout on the underlying socket, set after the upgrade.
  const armed = peer ? analysis.callsOn(peer).filter((c) => c.method === 'setTimeout' && c.node.arguments.length > 0 && !isLiteralZero(c.node.arguments[0])) : [];
  if (peer && armed.length > 0) {
    const reaction = timeoutReaction(analysis, closing, armed, analysis.listenersOf(peer, 'timeout'));
    if (!reaction.destroys && !reaction.forwards && reaction.ends.length === 0) {
      for (const arm of armed) context.report({ node: arm.node, messageId: 'timeoutNeverCloses', data: textData(TEXT.ws) });
      return;
    }
    detections.push({ destroys: reaction.destroys || reaction.forwards, ends: reaction.ends.map((e) => e.node) });
    if (options.checkHeartbeats) {
      checkHeartbeats(context, analysis, armed[0].node.arguments[0], timers, TEXT.ws, (_fn, interval) => probes(actions.ofTimer(interval)), (interval) => heartbeats.has(interval));
    }
  }

  if (detections.length === 0) {
    // No suggestion: `setTimeout()`/`destroy()` are not WebSocket methods, and the fix (a heartbeat) is a design choice.
    reportMissing(context, socket, TEXT.ws, () => []);
    return;
  }
  if (options.requireDestroy && !detections.some((d) => d.destroys)) {
    for (const node of new Set(detections.flatMap((d) => d.ends))) {
      // `close()` on the WebSocket, or `end()` on its underlying socket.
      const method = node.callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(node.callee) : null;
      const data = method === 'close' || !method ? textData(TEXT.ws) : { ...textData(TEXT.ws), ends: method, consequence: TEXT.net.consequence };
      context.report({ node, messageId: 'timeoutOnlyEnds', data });
    }
  }
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
 * callback destroys it, `AbortSignal.timeout` as the connect `signal`, `Promise.race` with
 * `destroy()` in `finally`, or a listener of another object's timeout event (a ping timer's
 * `'pingTimeout'`) registered on every path, whose reaction destroys it.
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
  for (const call of timers.timeoutEvents) {
    const home = enclosingRun(call);
    if (!home || !isUnconditionalIn(home, call)) continue;
    if (analysis.functionsOf(call.arguments[1]).some((fn) => functionsEndSocket(analysis, socket, [fn], DESTROYING))) return true;
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

/**
 * What the `'timeout'` reaction does: the listeners and `setTimeout(ms, cb)` callbacks, followed
 * through the module's functions (bounded depth) and through events it emits on the socket
 * itself (`socket.emit('error', e)` runs the socket's `'error'` listeners). `closing` says which
 * calls on which sockets close it (a WebSocket's reaction may close it or its underlying socket).
 */
function timeoutReaction(
  analysis: FileAnalysis,
  closing: ReadonlyMap<SocketInfo, Closing>,
  armed: readonly SocketCall[],
  listeners: readonly { listenerNode: TSESTree.Node | null }[],
): TimeoutReaction {
  const reaction: TimeoutReaction = { destroys: false, ends: [], forwards: false, exists: false };
  const pending: FunctionNode[] = [];
  const consider = (listenerNode: TSESTree.Node | null | undefined) => {
    if (!listenerNode) return;
    reaction.exists = true;
    if (directEndingMethod(analysis, closing, listenerNode) === 'destroys') reaction.destroys = true;
    pending.push(...analysis.functionsOf(listenerNode));
  };
  for (const listener of listeners) consider(listener.listenerNode);
  for (const arm of armed) consider(arm.node.arguments[1]);
  if (reaction.destroys) return reaction;

  const seen = new Set<FunctionNode>();
  const followed = new Set<string>(['timeout']);
  while (pending.length > 0) {
    const fn = pending.pop()!;
    for (const f of analysis.reachableFunctions(fn)) {
      if (seen.has(f)) continue;
      seen.add(f);
      for (const call of analysis.socketCallsInFunction(f)) {
        const how = closing.get(call.socket)?.(call.method);
        if (how === 'destroys') reaction.destroys = true;
        else if (how === 'ends') reaction.ends.push(call);
        else if (call.method === 'emit' && closing.has(call.socket)) {
          // `socket.emit('error', err)`: the socket's own listeners of that event react.
          for (const event of analysis.staticStrings(call.node.arguments[0]) ?? []) {
            if (followed.has(event)) continue;
            followed.add(event);
            for (const listener of analysis.listenersOf(call.socket, event)) pending.push(...listener.functions);
          }
        }
      }
      if (!reaction.forwards && (forwardsToOwner(analysis, closing, f) || closesThroughOwner(analysis, f))) reaction.forwards = true;
      // Callbacks the reaction schedules or hands to a call: `setTimeout(() => socket.destroy(), grace)` after `end()`.
      for (const call of analysis.callsInFunction(f)) {
        for (const arg of call.arguments) if (isFunctionNode(arg) && !seen.has(arg)) pending.push(arg);
      }
    }
  }
  return reaction;
}

/** Closing methods of the object that owns the socket: `this.end(false)` when the module does not define `end` (a mixin, another module's prototype). */
const OWNER_CLOSING_METHODS = new Set(['end', 'destroy', 'close', 'disconnect', 'terminate', 'quit', 'shutdown']);

/**
 * The reaction calls a closing method of the socket's owner (`this.end()`, `self.disconnect()`)
 * that this module does not define: what it does is out of sight, and its name says it closes.
 */
function closesThroughOwner(analysis: FileAnalysis, fn: FunctionNode): boolean {
  for (const call of analysis.callsInFunction(fn)) {
    if (call.type !== AST_NODE_TYPES.CallExpression) continue;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !OWNER_CLOSING_METHODS.has(getPropertyName(callee) ?? '')) continue;
    const object = unwrapExpression(callee.object);
    if (analysis.isSocket(object) || analysis.functionsOf(callee).length > 0) continue;
    if (object.type === AST_NODE_TYPES.ThisExpression || analysis.objectsOf(object).length > 0) return true;
  }
  return false;
}

/** `socket.on('timeout', socket.destroy)` or `socket.destroy.bind(socket)`: the listener is the method itself. */
function directEndingMethod(analysis: FileAnalysis, closing: ReadonlyMap<SocketInfo, Closing>, listenerNode: TSESTree.Node): 'destroys' | 'ends' | null {
  let node = unwrapExpression(listenerNode);
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(node.callee) === 'bind') {
    node = unwrapExpression(node.callee.object);
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = getPropertyName(node);
  if (!method) return null;
  for (const socket of analysis.socketsOf(node.object)) {
    const how = closing.get(socket)?.(method);
    if (how) return how;
  }
  return null;
}

/**
 * The owner-forwarding shape of spec 0.4: `this.emit('timeout')` (or `self.emit('timeout')`) on the
 * object that holds the socket hands the event to that object's own listeners. Emitting another
 * event, or on a module-level emitter, is a reaction like any other: it closes nothing.
 */
function forwardsToOwner(analysis: FileAnalysis, closing: ReadonlyMap<SocketInfo, Closing>, fn: FunctionNode): boolean {
  for (const call of analysis.callsInFunction(fn)) {
    if (call.type !== AST_NODE_TYPES.CallExpression) continue;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'emit') continue;
    if (!analysis.staticStrings(call.arguments[0])?.includes('timeout')) continue;
    const object = unwrapExpression(callee.object);
    if (analysis.socketsOf(object).some((socket) => closing.has(socket))) continue;
    if (object.type === AST_NODE_TYPES.ThisExpression || analysis.objectsOf(object).length > 0) return true;
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

/**
 * `checkHeartbeats`: an interval that writes to the connection more often than its idle timeout
 * resets the idle timer on every tick, so the timeout never fires for a silent peer (for a
 * WebSocket, its own pings do: ws-semantics c12), unless the interval itself checks for inbound
 * silence (a last-seen timestamp, a pong flag).
 */
function checkHeartbeats(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  analysis: FileAnalysis,
  timeoutNode: TSESTree.Node | undefined,
  timers: TimerCalls,
  text: Text,
  writes: (fn: FunctionNode, interval: TSESTree.CallExpression) => boolean,
  checksSilence: (interval: TSESTree.CallExpression) => boolean,
): void {
  const timeout = evaluateNumber(timeoutNode, analysis.constInit);
  if (timeout == null) return;
  for (const call of timers.intervals) {
    const interval = evaluateNumber(call.arguments[1], analysis.constInit);
    if (interval == null || interval >= timeout) continue;
    const fns = analysis.functionsOf(call.arguments[0]);
    if (!fns.some((fn) => writes(fn, call))) continue;
    if (checksSilence(call) || fns.some((fn) => SILENCE_CHECK.test(analysisText(analysis, fn.body)))) continue;
    context.report({
      node: call,
      messageId: 'timeoutDefeatedByHeartbeat',
      data: { ...textData(text), interval: String(interval), timeout: String(timeout) },
    });
  }
}

function timeoutSuggestion(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  socket: SocketInfo,
  index: number,
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
    const param = socket.params[index];
    const fn = socket.listeners[index];
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
