import type { TSESLint } from '@typescript-eslint/utils';
import { fileHasSocketSources, getAnalysis, syntaxCollector } from './analysis/index.js';

export interface SocketConcurrencyDocs {
  /** In the `recommended` config (with the rule's default options). */
  recommended: boolean;
  /** The options the `all` config gives the rule: every check at its strictest. */
  strictOptions?: readonly unknown[];
}

const REPOSITORY = 'https://github.com/socket-concurrency/eslint-plugin-socket-concurrency';

type Meta<MessageIds extends string, Options extends readonly unknown[]> = Omit<TSESLint.RuleMetaData<MessageIds, SocketConcurrencyDocs, Options>, 'docs'> & {
  docs: Omit<TSESLint.RuleMetaDataDocs & SocketConcurrencyDocs, 'url'>;
  defaultOptions: Options;
};

export interface RuleSpec<Options extends readonly unknown[], MessageIds extends string> {
  name: string;
  meta: Meta<MessageIds, Options>;
  /** The rule in a file with a socket source; its `Program:exit` runs only once the analysis has found a socket or server. */
  create(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, options: Options): TSESLint.RuleListener;
  /**
   * What the rule does in a file with no socket source (the cheap exit): by default nothing,
   * and `create` is not even called. A rule with a purely syntactic check there says so here.
   * Its `Program:exit` also runs in a file the analysis finds no socket or server in.
   */
  createWithoutSockets?(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, options: Options): TSESLint.RuleListener | null;
}

/**
 * Every rule is made here (typescript-eslint's `RuleCreator` shape), so that:
 * - a rule's docs URL always names its own docs page;
 * - options come from `context.options`, which ESLint (9.15+, the peer range) has already
 *   merged with `meta.defaultOptions`: no per-file clone of the defaults;
 * - a receiver holding several sockets (spec 0.1, "several values, one receiver") never gives
 *   the same report twice: one report per node and message, the first one made;
 * - in a file with no socket source (most files of a project) no rule does any work;
 * - in a file with one, the first rule gathers the shared analysis's syntax lists while ESLint
 *   traverses the file (`syntaxCollector`), so the analysis does not walk the tree again.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(spec: RuleSpec<Options, MessageIds>): TSESLint.RuleModule<MessageIds, Options, SocketConcurrencyDocs> {
  const meta = { ...spec.meta, docs: { ...spec.meta.docs, url: `${REPOSITORY}/blob/main/docs/rules/${spec.name}.md` } };
  return {
    meta,
    defaultOptions: spec.meta.defaultOptions,
    create(context) {
      if (!fileHasSocketSources(context)) return spec.createWithoutSockets ? (spec.createWithoutSockets(context, optionsOf(spec, context)) ?? NO_LISTENERS) : NO_LISTENERS;
      const options = optionsOf(spec, context);
      const seen = new Set<string>();
      const report: TSESLint.RuleContext<MessageIds, Options>['report'] = (descriptor) => {
        const where = 'node' in descriptor && descriptor.node ? descriptor.node.range.join(':') : JSON.stringify(descriptor.loc);
        const key = `${where}\0${descriptor.messageId}`;
        if (seen.has(key)) return;
        seen.add(key);
        context.report(descriptor);
      };
      const listeners = withSocketsOnly(spec, context, options, spec.create(Object.create(context, { report: { value: report } }) as typeof context, options));
      const collector = syntaxCollector(context);
      return collector ? mergeListeners(collector, listeners) : listeners;
    },
  } as TSESLint.RuleModule<MessageIds, Options, SocketConcurrencyDocs>;
}

/**
 * A file can bind a socket module and still make no socket or server (`net` handed to another
 * module, a TypeScript file whose own `Socket` class is not Node's): once the analysis has found
 * none, the rule's `Program:exit` does what it does in a file without socket sources (only a
 * `createWithoutSockets` check), so such a file costs its analysis and no rule work.
 */
function withSocketsOnly<Options extends readonly unknown[], MessageIds extends string>(
  spec: RuleSpec<Options, MessageIds>,
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  options: Options,
  listeners: TSESLint.RuleListener,
): TSESLint.RuleListener {
  const exit = listeners['Program:exit'];
  if (!exit) return listeners;
  return {
    ...listeners,
    'Program:exit': (node) => {
      if (getAnalysis(context).hasSockets) exit(node);
      else spec.createWithoutSockets?.(context, options)?.['Program:exit']?.(node);
    },
  };
}

/**
 * The syntax collector's listeners and the rule's own, on one object: the collector's run first,
 * so at `Program:exit` the lists are complete before any rule asks for the analysis.
 */
function mergeListeners(collector: TSESLint.RuleListener, own: TSESLint.RuleListener): TSESLint.RuleListener {
  const merged: Record<string, (node: never) => void> = { ...(own as Record<string, (node: never) => void>) };
  for (const [selector, first] of Object.entries(collector as Record<string, (node: never) => void>)) {
    const second = merged[selector];
    merged[selector] = second
      ? (node) => {
          first(node);
          second(node);
        }
      : first;
  }
  return merged as TSESLint.RuleListener;
}

/** What a rule listens to in a file it has nothing to say about: one shared, empty object. */
const NO_LISTENERS: TSESLint.RuleListener = Object.freeze({});

function optionsOf<Options extends readonly unknown[], MessageIds extends string>(
  spec: RuleSpec<Options, MessageIds>,
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
): Options {
  return (context.options.length >= spec.meta.defaultOptions.length ? context.options : withDefaults(spec.meta.defaultOptions, context.options)) as Options;
}

/** For an ESLint that did not merge `meta.defaultOptions` into `context.options` (8.x legacy configs). */
function withDefaults(defaults: readonly unknown[], given: readonly unknown[]): unknown[] {
  return defaults.map((value, i) => {
    const user = given[i];
    if (user === undefined) return value;
    if (isPlainObject(value) && isPlainObject(user)) return { ...value, ...user };
    return user;
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
