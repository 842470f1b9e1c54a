import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  ARRAY_ITERATION_METHODS,
  type BoundaryAnalysis,
  type FileAnalysis,
  type FunctionNode,
  contains,
  findObjectProperty,
  getAnalysis,
  getBoundaries,
  getCalleeMethodName,
  getCalleeObject,
  isLiteralSequence,
  getPropertyName,
  isFunctionNode,
  isLoop,
  unwrapExpression,
} from '../analysis/index.js';
import { type ListenerFacts, type Registration, getListenerFacts } from '../analysis/listener-passes.js';
import { createRule } from '../create-rule.js';

type MessageIds = 'listenerInLoop' | 'listenerInHandler' | 'drainListenerPerWrite';

export interface NoListenerInLoopOptions {
  checkDrainPerWrite: boolean;
}
type Options = [NoListenerInLoopOptions];
type Variable = TSESLint.Scope.Variable;

/** The listener calls the drain-per-write check looks at. */
const DRAIN_LISTENER_METHODS: readonly string[] = ['once', 'on', 'addListener', 'prependOnceListener'];
/** `.once('drain'`, `['on']("drain"`: one of those calls for `drain`, as text (the quote and name end the match). */
const DRAIN_LISTENER_TEXT = new RegExp(
  `(?:\\.\\s*(?:${DRAIN_LISTENER_METHODS.join('|')})|\\[\\s*['"\`](?:${DRAIN_LISTENER_METHODS.join('|')})['"\`]\\s*\\])\\s*\\(\\s*['"\`]drain['"\`]`,
  'g',
);
const DRAIN_LITERAL_LENGTH = "'drain'".length;

/** Array methods whose callback runs once per element, synchronously. */
const ONCE_METHODS = new Set(['once', 'prependOnceListener']);

interface Pass {
  readonly kind: 'loop' | 'callback' | 'handler';
  /** The loop statement, the iteration callback or the handler function. */
  readonly node: TSESTree.Node;
  readonly label: string;
}

export default createRule<Options, MessageIds>({
  name: 'no-listener-in-loop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow registering listeners on a long-lived emitter on every pass of a loop or repeating handler',
      recommended: true,
      strictOptions: [{ checkDrainPerWrite: true }],
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkDrainPerWrite: {
            type: 'boolean',
            description: "Report write helpers that add a `'drain'` listener per message written under backpressure (`if (!s.write(p)) s.once('drain', cb)`).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkDrainPerWrite: false }],
    messages: {
      listenerInLoop:
        "`{{emitter}}.{{method}}()` adds a listener to `{{emitter}}` on every pass of {{pass}}, and nothing removes it in the pass: `{{emitter}}` outlives the loop, so listeners pile up (Node warns once at 11, then never again) and keep every closure alive. Register it once before the loop, remove it in the same pass, or use `events.once()`.",
      listenerInHandler:
        "`{{emitter}}.{{method}}()` adds a listener to `{{emitter}}` on every run of {{pass}}, and nothing removes it in the run: `{{emitter}}` outlives the handler, so one more listener accumulates per event (Node warns once at 11, then never again). Register it once outside the handler, or remove it in the same run.",
      drainListenerPerWrite:
        "This write helper adds a `'drain'` listener to `{{emitter}}` for every message written while the buffer is full: under backpressure hundreds accumulate (aedes and MQTT.js shipped this). Record that the stream is waiting and queue further writes until `'drain'` fires.",
    },
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getAnalysis(context);
        const checker = new Checker(context, analysis, getBoundaries(context), getListenerFacts(analysis));
        for (const registration of checker.facts.registrations) checker.check(registration, options);
      },
    };
  },
  createWithoutSockets(context, [options]) {
    // The drain-per-write helper needs no socket provenance (mqtt-packet's `writeToStream` hides
    // the socket from the file). Its candidates are found from the text: each quoted `drain`
    // that is the event argument of a listener call. No per-node listener: in a file without
    // sockets that would be a call for every node the rule never needs.
    const text = context.sourceCode.text;
    if (!options.checkDrainPerWrite || !text.includes('drain')) return null;
    return {
      'Program:exit'() {
        const drainCandidates: TSESTree.CallExpression[] = [];
        // Only a `'drain'` right after `.once(` and its siblings is looked up in the tree (each lookup walks it).
        for (const match of text.matchAll(DRAIN_LISTENER_TEXT)) {
          const found = context.sourceCode.getNodeByRangeIndex(match.index + match[0].length - DRAIN_LITERAL_LENGTH);
          const literal = found?.type === AST_NODE_TYPES.TemplateElement ? found.parent : found;
          const call = literal?.parent;
          if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== literal) continue;
          const method = getCalleeMethodName(call);
          if (method !== null && DRAIN_LISTENER_METHODS.includes(method)) drainCandidates.push(call);
        }
        if (drainCandidates.length === 0) return;
        const analysis = getAnalysis(context);
        const checker = new Checker(context, analysis, getBoundaries(context), getListenerFacts(analysis));
        for (const node of drainCandidates) checker.checkDrainOnly(node);
      },
    };
  },
});

class Checker {
  private readonly helperCache = new Map<TSESTree.Node, Set<FunctionNode>>();
  private readonly stopsCache = new Map<TSESTree.Node, boolean>();
  private runCalls: { removals: Map<TSESTree.Node, ListenerFacts['removals']>; destroys: Map<TSESTree.Node, TSESTree.CallExpression[]> } | null = null;
  private assignments: Map<string, TSESTree.AssignmentExpression[]> | null = null;
  private pauseResume: { pause: Map<TSESTree.Node, TSESTree.CallExpression[]>; resume: Map<TSESTree.Node, TSESTree.CallExpression[]> } | null = null;

  constructor(
    private readonly context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
    private readonly analysis: FileAnalysis,
    private readonly boundaries: BoundaryAnalysis,
    readonly facts: ListenerFacts,
  ) {}

  check(registration: Registration, options: NoListenerInLoopOptions): void {
    if (this.isEventsHelper(registration)) return;
    if (this.hasPerPassSignal(registration)) return;
    const passes = this.passesOf(registration.node);
    for (const pass of passes) {
      if (!this.accumulates(registration, pass)) continue;
      const emitter = this.text(registration.receiver);
      this.context.report({
        node: registration.node.callee,
        messageId: pass.kind === 'handler' ? 'listenerInHandler' : 'listenerInLoop',
        data: { emitter, method: registration.method, pass: pass.label },
      });
      return;
    }
    if (options.checkDrainPerWrite && passes.length === 0 && this.isDrainPerWrite(registration)) {
      this.context.report({ node: registration.node.callee, messageId: 'drainListenerPerWrite', data: { emitter: this.text(registration.receiver) } });
    }
  }

  /** In a file without socket provenance: only the drain-per-write helper. */
  checkDrainOnly(node: TSESTree.CallExpression): void {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
    const registration: Registration = {
      node,
      method: getCalleeMethodName(node) ?? 'once',
      receiver: callee.object,
      event: 'drain',
      listener: node.arguments[1] ?? null,
      functions: [],
    };
    if (this.passesOf(node).length === 0 && this.isDrainPerWrite(registration)) {
      this.context.report({ node: node.callee, messageId: 'drainListenerPerWrite', data: { emitter: this.text(registration.receiver) } });
    }
  }

  // ------------------------------------------------------------------ passes

  /** The loops and repeating handlers the registration runs once per pass of, innermost first. */
  private passesOf(call: TSESTree.CallExpression): Pass[] {
    const passes: Pass[] = [];
    let current: TSESTree.Node = call;
    for (let parent: TSESTree.Node | undefined = call.parent; parent; current = parent, parent = parent.parent) {
      if (isLoop(parent)) {
        // `for (const part of [head, body])`: a sequence spelled out, not a loop (spec 0.1, literal lists).
        if (parent.type === AST_NODE_TYPES.ForOfStatement && isLiteralSequence(parent.right)) continue;
        const inBody = parent.body === current || (parent.type === AST_NODE_TYPES.DoWhileStatement && parent.test === current);
        const inUpdate = (parent.type === AST_NODE_TYPES.ForStatement && (parent.update === current || parent.test === current)) || (parent.type === AST_NODE_TYPES.WhileStatement && parent.test === current);
        if (inBody || inUpdate) passes.push({ kind: 'loop', node: parent, label: `the ${loopName(parent)} loop on line ${parent.loc.start.line}` });
        continue;
      }
      if (!isFunctionNode(parent)) continue;
      const fn: FunctionNode = parent;
      const host = fn.parent;
      if (host?.type === AST_NODE_TYPES.CallExpression && host.arguments[0] === fn) {
        const method = getCalleeMethodName(host);
        if (method && ARRAY_ITERATION_METHODS.has(method)) {
          const list = getCalleeObject(host);
          if (list && isLiteralSequence(list)) continue;
          passes.push({ kind: 'callback', node: fn, label: `the \`${method}\` callback on line ${fn.loc.start.line}` });
          continue;
        }
      }
      const kind = this.boundaries.callbackKind(fn);
      if (kind === 'sync' || kind === 'continuation') continue;
      if (kind === 'interval') {
        passes.push({ kind: 'handler', node: fn, label: `the interval callback on line ${fn.loc.start.line}` });
        break;
      }
      const role = this.facts.roleOf(fn);
      // A connection listener adding to a long-lived emitter is require-connection-cleanup's case (spec 6.4).
      if (!role || role.connection) break;
      if (role.repeatingEvent) passes.push({ kind: 'handler', node: fn, label: `the \`'${role.repeatingEvent}'\` listener on line ${fn.loc.start.line}` });
      break;
    }
    return passes;
  }

  /** True when the registration adds one more listener to the same emitter on every pass. */
  private accumulates(registration: Registration, pass: Pass): boolean {
    if (!this.outlives(registration.receiver, pass, 0)) return false;
    if (this.freshInPass(registration.receiver, pass, registration.node)) return false;
    if (pass.kind !== 'handler') {
      // A setup loop: a different listener, or a different event, on each pass.
      if (registration.listener && !isFunctionNode(registration.listener) && this.fromElement(registration.listener, pass, 0)) return false;
      // A loop over a list of handlers, each wrapped in its own closure: `(req) => getProxy()(req)`.
      if (registration.listener && isFunctionNode(registration.listener) && this.callsElement(registration.listener, pass)) return false;
      if (registration.node.arguments[0] && this.fromElement(registration.node.arguments[0], pass, 0)) return false;
      if (pass.kind === 'loop' && this.leavesLoopAfter(registration.node, pass.node)) return false;
    }
    if (pass.kind === 'handler' && this.stopsRepeating(pass)) return false;
    if (this.inOneTimeBranch(registration.node, pass)) return false;
    if (this.isAwaitedOnce(registration, pass)) return false;
    if (this.isRemoved(registration, pass)) return false;
    return true;
  }

  // ---------------------------------------------------------------- emitters

  /** The emitter is the same object on every pass (it was not created or chosen by the pass). */
  private outlives(expression: TSESTree.Node, pass: Pass, depth: number): boolean {
    if (depth > 6) return false;
    const node = unwrapExpression(expression);
    switch (node.type) {
      case AST_NODE_TYPES.ThisExpression:
        return true;
      case AST_NODE_TYPES.Identifier: {
        const variable = this.analysis.variableOf(node);
        if (!variable || variable.defs.length === 0) return node.name === 'process' || node.name === 'globalThis' || node.name === 'window' || node.name === 'document';
        const def = variable.defs[0];
        if (!contains(pass.node, def.name)) {
          // Declared outside the pass: the same object unless the pass re-assigns it.
          return !variable.references.some((ref) => ref.isWrite() && !ref.init && contains(pass.node, ref.identifier));
        }
        if (pass.kind !== 'handler') return false;
        // Declared in the handler run: follow where its value came from.
        const source = this.elementSource(variable);
        if (source) return this.outlives(source, pass, depth + 1);
        if (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init && variable.references.every((ref) => !ref.isWrite() || ref.init)) {
          const init = unwrapExpression(def.node.init);
          if (init.type === AST_NODE_TYPES.Identifier || init.type === AST_NODE_TYPES.MemberExpression || isLookupCall(init)) return this.outlives(init, pass, depth + 1);
        }
        return false;
      }
      case AST_NODE_TYPES.MemberExpression:
        if (pass.kind !== 'handler' && node.computed && this.fromElement(node.property, pass, depth + 1)) return false;
        return this.outlives(node.object, pass, depth + 1);
      case AST_NODE_TYPES.CallExpression: {
        if (!isLookupCall(node)) return false;
        const callee = unwrapExpression(node.callee) as TSESTree.MemberExpression;
        if (pass.kind !== 'handler' && node.arguments[0] && this.fromElement(node.arguments[0], pass, depth + 1)) return false;
        return this.outlives(callee.object, pass, depth + 1);
      }
      default:
        return false;
    }
  }

  /** The collection a loop variable or iteration-callback parameter takes its elements from. */
  private elementSource(variable: Variable): TSESTree.Node | null {
    const def = variable.defs[0];
    if (def.type === 'Variable') {
      const declaration = def.parent as TSESTree.VariableDeclaration;
      const loop = declaration.parent;
      if ((loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) && loop.left === declaration) return iterableRoot(loop.right);
      return null;
    }
    if (def.type === 'Parameter' && isFunctionNode(def.node)) {
      const fn = def.node;
      const host = fn.parent;
      if (host?.type === AST_NODE_TYPES.CallExpression && host.arguments[0] === fn) {
        const method = getCalleeMethodName(host);
        const callee = unwrapExpression(host.callee);
        if (method && ARRAY_ITERATION_METHODS.has(method) && callee.type === AST_NODE_TYPES.MemberExpression) return iterableRoot(callee.object);
      }
    }
    return null;
  }

  /** The expression is (derived from) the element of this pass: the loop variable or the callback's parameter. */
  private fromElement(expression: TSESTree.Node, pass: Pass, depth: number): boolean {
    if (depth > 6) return false;
    const node = unwrapExpression(expression);
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = this.analysis.variableOf(node);
      if (!variable || variable.defs.length === 0) return false;
      const def = variable.defs[0];
      if (!contains(pass.node, def.name)) {
        // A counter or cursor declared before a `while` loop and advanced in it.
        return variable.references.some((ref) => ref.isWrite() && !ref.init && contains(pass.node, ref.identifier));
      }
      if ((def.type === 'Parameter' && def.node === pass.node) || this.elementSource(variable) || isLoopHeadVariable(def.name, pass.node)) return true;
      if (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init && !isFunctionNode(def.node.init)) {
        return this.fromElement(def.node.init, pass, depth + 1);
      }
      return false;
    }
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      if (node.computed && this.fromElement(node.property, pass, depth + 1)) return true;
      return this.fromElement(node.object, pass, depth + 1);
    }
    if (node.type === AST_NODE_TYPES.CallExpression) {
      if (node.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(node.callee) === 'bind') return this.fromElement(node.callee.object, pass, depth + 1);
      return node.arguments.some((arg) => this.fromElement(arg, pass, depth + 1));
    }
    if (node.type === AST_NODE_TYPES.TemplateLiteral) return node.expressions.some((e) => this.fromElement(e, pass, depth + 1));
    if (node.type === AST_NODE_TYPES.BinaryExpression) return this.fromElement(node.left, pass, depth + 1) || this.fromElement(node.right, pass, depth + 1);
    return false;
  }

  /**
   * The receiver (or an object it is read from) is re-assigned to a new object in the same pass
   * (`state.server = net.createServer(); state.server.on(...)`, `self.conn = net.connect();
   * self.conn.on(...)`): a different emitter on each pass (spec 0.1, fresh objects). A
   * re-assignment later in the pass counts too, as it does for a variable: each pass then adds
   * its listener to the object the previous pass made, so every object gets one.
   */
  private freshInPass(receiver: TSESTree.Node, pass: Pass, registration: TSESTree.CallExpression): boolean {
    const run = this.boundaries.runRoot(registration);
    for (let node = unwrapExpression(receiver); node.type === AST_NODE_TYPES.MemberExpression; node = unwrapExpression(node.object)) {
      const name = getPropertyName(node);
      if (!name || node.computed) continue;
      for (const assignment of this.assignmentsByProperty().get(name) ?? []) {
        if (!contains(pass.node, assignment)) continue;
        if (!isFreshValue(assignment.right) || this.boundaries.runRoot(assignment) !== run) continue;
        if (this.sameObject((assignment.left as TSESTree.MemberExpression).object, node.object)) return true;
      }
    }
    return false;
  }

  /** Two expressions name the same object: the same text, or aliases of one object of the module (`this`, `self`). */
  private sameObject(a: TSESTree.Node, b: TSESTree.Node): boolean {
    if (this.text(a) === this.text(b)) return true;
    const objects = this.analysis.objectsOf(a);
    return objects.length > 0 && this.analysis.objectsOf(b).some((key) => objects.includes(key));
  }

  /** `x.name = value` assignments of the file, by property name, once per file. */
  private assignmentsByProperty(): Map<string, TSESTree.AssignmentExpression[]> {
    if (!this.assignments) {
      this.assignments = new Map();
      for (const assignment of this.analysis.assignmentExpressions) {
        if (assignment.operator !== '=' || assignment.left.type !== AST_NODE_TYPES.MemberExpression || assignment.left.computed) continue;
        const name = getPropertyName(assignment.left);
        if (name) pushTo(this.assignments, name, assignment);
      }
    }
    return this.assignments;
  }

  /** The listener calls the pass's element: the loop goes over a list of handlers (`for (const getProxy of proxies)`). */
  private callsElement(listener: FunctionNode, pass: Pass): boolean {
    for (const call of this.analysis.callsInFunction(listener)) {
      const callee = unwrapExpression(call.callee);
      const target = callee.type === AST_NODE_TYPES.MemberExpression && ['call', 'apply', 'bind'].includes(getPropertyName(callee) ?? '') ? callee.object : callee;
      if (unwrapExpression(target).type === AST_NODE_TYPES.Identifier && this.isElement(target, pass)) return true;
    }
    return false;
  }

  /** The loop variable or the iteration callback's parameter itself. */
  private isElement(expression: TSESTree.Node, pass: Pass): boolean {
    const node = unwrapExpression(expression);
    if (node.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.analysis.variableOf(node);
    const def = variable?.defs[0];
    if (!variable || !def || !contains(pass.node, def.name)) return false;
    return (def.type === 'Parameter' && def.node === pass.node) || isLoopHeadVariable(def.name, pass.node);
  }

  // -------------------------------------------------------------- exemptions

  /** `events.once(emitter, name)`, `EventEmitter.on(emitter, name)`: they remove their own listeners. */
  private isEventsHelper(registration: Registration): boolean {
    const members = this.analysis.moduleMembersOf(registration.receiver);
    return members.some((m) => m.module === 'events' && (m.path === '' || m.path === 'EventEmitter' || m.path === 'default'));
  }

  /** `addEventListener(type, fn, { signal })` with a signal made in the pass (an AbortController per pass). */
  private hasPerPassSignal(registration: Registration): boolean {
    const signal = findObjectProperty(registration.node.arguments[2], 'signal');
    if (!signal) return false;
    const passes = this.passesOf(registration.node);
    return passes.length === 0 || passes.every((pass) => !this.outlives(signal.value, pass, 0));
  }

  /** `register(); return;` or `break` right after: the loop does not come round again. */
  private leavesLoopAfter(call: TSESTree.Node, loop: TSESTree.Node): boolean {
    let current: TSESTree.Node = call;
    while (current.parent && current !== loop) {
      const parent: TSESTree.Node = current.parent;
      if (parent.type === AST_NODE_TYPES.ReturnStatement) return true;
      if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.SwitchCase) {
        const list: TSESTree.Node[] = parent.type === AST_NODE_TYPES.BlockStatement ? parent.body : parent.consequent;
        const index = list.indexOf(current);
        for (let i = index + 1; i < list.length; i++) {
          const statement = list[i];
          if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
          if (statement.type === AST_NODE_TYPES.BreakStatement && (parent.type !== AST_NODE_TYPES.SwitchCase || statement.label)) return true;
        }
      }
      if (parent === loop || isFunctionNode(parent)) break;
      current = parent;
    }
    return false;
  }

  /**
   * A `once` listener whose firing the pass waits for: `await new Promise((r) => s.once('drain', r))`,
   * or `src.pause(); dst.once('drain', () => src.resume())` in `src`'s data listener.
   */
  private isAwaitedOnce(registration: Registration, pass: Pass): boolean {
    const once =
      ONCE_METHODS.has(registration.method) ||
      (registration.method === 'addEventListener' && isTrue(findObjectProperty(registration.node.arguments[2], 'once')?.value));
    if (!once) return false;
    for (let node: TSESTree.Node | undefined = registration.node.parent; node && node !== pass.node; node = node.parent) {
      if (!isFunctionNode(node)) continue;
      const host: TSESTree.Node | undefined = node.parent;
      if (host?.type !== AST_NODE_TYPES.NewExpression || host.arguments[0] !== node) continue;
      const callee = unwrapExpression(host.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'Promise') continue;
      if (isAwaited(host, pass.node, this.analysis)) return true;
    }
    if (pass.kind === 'handler' && registration.functions.length > 0) {
      const resumeCalls = registration.functions.flatMap((fn) => this.pauseResumeByFunction('resume').get(fn) ?? []);
      for (const call of this.pauseResumeByFunction('pause').get(pass.node) ?? []) {
        if (call.range[0] > registration.node.range[0]) continue;
        const paused = this.text((unwrapExpression(call.callee) as TSESTree.MemberExpression).object);
        const resumes = resumeCalls.some((resume) => this.text((unwrapExpression(resume.callee) as TSESTree.MemberExpression).object) === paused);
        if (resumes) return true;
      }
    }
    return false;
  }

  /**
   * The handler run removes its own registration or destroys its emitter: it does not run
   * again for that emitter (a handshake step that hands over to the next state).
   */
  private stopsRepeating(pass: Pass): boolean {
    let result = this.stopsCache.get(pass.node);
    if (result === undefined) {
      result = this.computeStopsRepeating(pass);
      this.stopsCache.set(pass.node, result);
    }
    return result;
  }

  private computeStopsRepeating(pass: Pass): boolean {
    if (!isFunctionNode(pass.node)) return false;
    const handler = pass.node;
    const role = this.facts.roleOf(handler);
    if (!role) return false;
    const emitters = new Set(role.registrations.map((r) => this.text(r.receiver)));
    const byRun = this.callsByRun();
    for (const removal of byRun.removals.get(handler) ?? []) {
      if (!emitters.has(this.text(removal.receiver))) continue;
      const listener = removal.node.arguments[1];
      if (removal.method === 'removeAllListeners' || (listener && this.analysis.functionsOf(listener).includes(handler))) return true;
    }
    return (byRun.destroys.get(handler) ?? []).some((call) => emitters.has(this.text((unwrapExpression(call.callee) as TSESTree.MemberExpression).object)));
  }

  /** Removals and `destroy()` calls grouped by the run they belong to, once per file. */
  private callsByRun(): { removals: Map<TSESTree.Node, ListenerFacts['removals']>; destroys: Map<TSESTree.Node, TSESTree.CallExpression[]> } {
    if (!this.runCalls) {
      const removals = new Map<TSESTree.Node, ListenerFacts['removals']>();
      const destroys = new Map<TSESTree.Node, TSESTree.CallExpression[]>();
      for (const removal of this.facts.removals) pushTo(removals, this.boundaries.runRoot(removal.node), removal);
      for (const call of this.analysis.callsNamed('destroy')) {
        if (call.type === AST_NODE_TYPES.CallExpression && getCalleeMethodName(call) === 'destroy') pushTo(destroys, this.boundaries.runRoot(call), call);
      }
      this.runCalls = { removals, destroys };
    }
    return this.runCalls;
  }

  /** `pause()` and `resume()` calls, each listed under every function that contains it, once per file. */
  private pauseResumeByFunction(method: 'pause' | 'resume'): Map<TSESTree.Node, TSESTree.CallExpression[]> {
    if (!this.pauseResume) {
      const pause = new Map<TSESTree.Node, TSESTree.CallExpression[]>();
      const resume = new Map<TSESTree.Node, TSESTree.CallExpression[]>();
      for (const call of this.analysis.callsNamed('pause', 'resume')) {
        if (call.type !== AST_NODE_TYPES.CallExpression) continue;
        const name = getCalleeMethodName(call);
        if (name !== 'pause' && name !== 'resume') continue;
        for (let node: TSESTree.Node | undefined = call.parent; node; node = node.parent) {
          if (isFunctionNode(node)) pushTo(name === 'pause' ? pause : resume, node, call);
        }
      }
      this.pauseResume = { pause, resume };
    }
    return this.pauseResume[method];
  }

  /**
   * `if (!ready) { ready = true; s.on(...) }`, `if (state === 'hello') { state = 'open'; ... }`:
   * the branch flips the state its test reads, so it runs once, not on every pass.
   */
  private inOneTimeBranch(call: TSESTree.Node, pass: Pass): boolean {
    for (let node: TSESTree.Node | undefined = call.parent; node && node !== pass.node; node = node.parent) {
      if (node.type !== AST_NODE_TYPES.IfStatement || !contains(node.consequent, call)) continue;
      const test = this.context.sourceCode.getText(node.test);
      const flips = (branch: TSESTree.Node): boolean => {
        const stack: TSESTree.Node[] = [branch];
        while (stack.length > 0) {
          const current = stack.pop()!;
          if (current.type === AST_NODE_TYPES.AssignmentExpression && test.includes(this.context.sourceCode.getText(current.left))) return true;
          if (current.type === AST_NODE_TYPES.ExpressionStatement) stack.push(current.expression);
          else if (current.type === AST_NODE_TYPES.BlockStatement) stack.push(...current.body);
          else if (current.type === AST_NODE_TYPES.SequenceExpression) stack.push(...current.expressions);
        }
        return false;
      };
      if (flips(node.consequent)) return true;
    }
    return false;
  }

  /** The same listener is removed in the same pass, by a helper the pass calls, or on a `close` path. */
  private isRemoved(registration: Registration, pass: Pass): boolean {
    const emitter = this.text(registration.receiver);
    const listener = registration.listener && !isFunctionNode(registration.listener) ? this.text(registration.listener) : null;
    let helpers: Set<FunctionNode> | null = null;
    for (const removal of this.facts.removals) {
      if (this.text(removal.receiver) !== emitter) continue;
      const args = removal.node.arguments;
      if (removal.method === 'removeAllListeners') {
        const event = args[0];
        if (event && registration.node.arguments[0] && this.text(event) !== this.text(registration.node.arguments[0])) continue;
      } else if (!listener || !args[1] || this.text(args[1]) !== listener) {
        continue;
      }
      if (contains(pass.node, removal.node)) return true;
      helpers ??= this.helpersCalledIn(pass.node);
      for (const fn of helpers) if (contains(fn, removal.node)) return true;
      if (this.onClosePath(removal.node)) return true;
    }
    return false;
  }

  private helpersCalledIn(scope: TSESTree.Node): Set<FunctionNode> {
    const cached = this.helperCache.get(scope);
    if (cached) return cached;
    const result = new Set<FunctionNode>();
    this.helperCache.set(scope, result);
    for (const call of this.analysis.callsWithin(scope)) {
      if (call.type !== AST_NODE_TYPES.CallExpression) continue;
      for (const fn of this.analysis.functionsOf(call.callee)) for (const reached of this.analysis.reachableFunctions(fn, 2)) result.add(reached);
    }
    return result;
  }

  private onClosePath(node: TSESTree.Node): boolean {
    for (let current = node.parent; current; current = current.parent) {
      if (!isFunctionNode(current)) continue;
      const role = this.facts.roleOf(current);
      if (role?.registrations.some((r) => r.event === 'close' || r.event === 'end' || r.event === 'finish')) return true;
    }
    return false;
  }

  // ------------------------------------------------------- drain per write

  /** `if (!stream.write(p)) stream.once('drain', cb)` in a helper that keeps no waiting state. */
  private isDrainPerWrite(registration: Registration): boolean {
    if (registration.event !== 'drain') return false;
    // A Writable's own `_write` is never called again before its callback: one listener at most.
    if (inWritableImplementation(registration.node)) return false;
    const emitter = this.text(registration.receiver);
    for (let node: TSESTree.Node | undefined = registration.node.parent; node && !isFunctionNode(node); node = node.parent) {
      if (node.type !== AST_NODE_TYPES.IfStatement || !contains(node.consequent, registration.node)) continue;
      if (!this.testsFailedWrite(node.test, emitter)) continue;
      return !recordsWaiting(node.consequent, registration.node);
    }
    return false;
  }

  private testsFailedWrite(test: TSESTree.Node, emitter: string): boolean {
    const node = unwrapExpression(test);
    if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '&&') {
      return this.testsFailedWrite(node.left, emitter) || this.testsFailedWrite(node.right, emitter);
    }
    if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return this.isWriteOf(node.argument, emitter, 0);
    if (node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '===' || node.operator === '==')) {
      const literal = [node.left, node.right].find((side) => side.type === AST_NODE_TYPES.Literal && side.value === false);
      const other = node.left === literal ? node.right : node.left;
      return literal !== undefined && this.isWriteOf(other, emitter, 0);
    }
    return false;
  }

  /** `emitter.write(x)`, or a write helper given the emitter (`writeToStream(packet, emitter)`), or a const holding its result. */
  private isWriteOf(expression: TSESTree.Node, emitter: string, depth: number): boolean {
    const node = unwrapExpression(expression);
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrapExpression(node.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      if (!name || !/write/i.test(name)) return false;
      if (callee.type === AST_NODE_TYPES.MemberExpression && this.text(callee.object) === emitter) return true;
      return node.arguments.some((arg) => this.text(arg) === emitter);
    }
    if (node.type === AST_NODE_TYPES.Identifier && depth === 0) {
      const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(node), node);
      const def = variable?.defs[0];
      if (variable && variable.defs.length === 1 && def?.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
        return this.isWriteOf(def.node.init, emitter, 1);
      }
    }
    return false;
  }

  private text(node: TSESTree.Node): string {
    const text = this.context.sourceCode.getText(node);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }
}

function inWritableImplementation(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) {
      return current.body.some(
        (member) => member.type === AST_NODE_TYPES.MethodDefinition && ['_write', '_writev'].includes(getPropertyName(member) ?? ''),
      );
    }
  }
  return false;
}

function loopName(loop: TSESTree.Node): string {
  switch (loop.type) {
    case AST_NODE_TYPES.ForOfStatement:
      return '`for…of`';
    case AST_NODE_TYPES.ForInStatement:
      return '`for…in`';
    case AST_NODE_TYPES.WhileStatement:
      return '`while`';
    case AST_NODE_TYPES.DoWhileStatement:
      return '`do…while`';
    default:
      return '`for`';
  }
}

/** A value made on the spot: `new X()`, a factory call (`net.connect()`), a literal, a function. */
function isFreshValue(node: TSESTree.Node): boolean {
  let n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.AwaitExpression) n = unwrapExpression(n.argument);
  switch (n.type) {
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
      return true;
    case AST_NODE_TYPES.CallExpression:
      return !isLookupCall(n);
    default:
      return false;
  }
}

/** `map.get(key)`, `list.at(i)`: reads an element of a collection. */
function isLookupCall(node: TSESTree.Node): node is TSESTree.CallExpression {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const method = getCalleeMethodName(node);
  return method === 'get' || method === 'at';
}

/** The collection behind `xs`, `xs.values()`, `Object.values(xs)`, `Array.from(xs)`, `[...xs]`. */
function iterableRoot(expression: TSESTree.Node): TSESTree.Node | null {
  const node = unwrapExpression(expression);
  if (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression || node.type === AST_NODE_TYPES.ThisExpression) return node;
  if (node.type === AST_NODE_TYPES.ArrayExpression && node.elements.length === 1 && node.elements[0]?.type === AST_NODE_TYPES.SpreadElement) return iterableRoot(node.elements[0].argument);
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(node.callee);
    const method = getCalleeMethodName(node);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !method) return null;
    const object = unwrapExpression(callee.object);
    if (object.type === AST_NODE_TYPES.Identifier && (object.name === 'Object' || object.name === 'Array') && node.arguments[0]) return iterableRoot(node.arguments[0]);
    if (method === 'values' || method === 'keys' || method === 'entries' || method === 'slice' || method === 'filter') return iterableRoot(callee.object);
  }
  return null;
}

/** A variable declared in the head of the loop (`for (let i = 0; ...)`): a fresh value per pass. */
function isLoopHeadVariable(name: TSESTree.Node, loop: TSESTree.Node): boolean {
  if (loop.type === AST_NODE_TYPES.ForStatement) return loop.init != null && contains(loop.init, name);
  if (loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) return contains(loop.left, name);
  return false;
}

function isTrue(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === true;
}

/** `await new Promise(...)`, directly or through a binding awaited in the same pass. */
function isAwaited(promise: TSESTree.NewExpression, scope: TSESTree.Node, analysis: FileAnalysis): boolean {
  let parent = promise.parent;
  while (parent?.type === AST_NODE_TYPES.TSAsExpression || parent?.type === AST_NODE_TYPES.TSNonNullExpression) parent = parent.parent;
  if (parent?.type === AST_NODE_TYPES.AwaitExpression || parent?.type === AST_NODE_TYPES.YieldExpression) return true;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    const variable = analysis.variableOf(parent.id);
    return (
      variable?.references.some((ref) => ref.identifier.parent?.type === AST_NODE_TYPES.AwaitExpression && contains(scope, ref.identifier)) ?? false
    );
  }
  return false;
}

/** The branch records that the stream is waiting (`this.waiting = true`) or queues the message. */
function recordsWaiting(branch: TSESTree.Node, registration: TSESTree.Node): boolean {
  const stack: TSESTree.Node[] = [branch];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === registration) continue;
    if (node.type === AST_NODE_TYPES.AssignmentExpression || node.type === AST_NODE_TYPES.UpdateExpression) return true;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const method = getCalleeMethodName(node);
      if (method === 'push' || method === 'unshift' || method === 'cork' || method === 'pause') return true;
    }
    if (isFunctionNode(node) && node !== branch) continue;
    for (const value of Object.values(node)) {
      if (value && typeof value === 'object' && value !== node.parent) {
        if (Array.isArray(value)) {
          for (const item of value) if (item && typeof item.type === 'string') stack.push(item as TSESTree.Node);
        } else if (typeof (value as TSESTree.Node).type === 'string') stack.push(value as TSESTree.Node);
      }
    }
  }
  return false;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
