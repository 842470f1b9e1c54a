import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getAnalysis, syntaxCollector } from '../../src/analysis/index.js';
import { SyntaxLists } from '../../src/analysis/syntax.js';
import { createRule } from '../../src/create-rule.js';

type Context = Readonly<TSESLint.RuleContext<string, []>>;
type ListName = Exclude<keyof SyntaxLists, 'collectingListeners'>;

const LIST_NAMES: ListName[] = [
  'calls',
  'functions',
  'declarators',
  'assignments',
  'returns',
  'classFields',
  'classes',
  'dynamicImports',
  'boundarySyntax',
  'members',
  'thisExpressions',
  'deletes',
];

/** Lints `code` with one rule that gathers the lists during ESLint's traversal and walks the AST at `Program:exit`. */
function collectAndWalk(code: string, typescript: boolean): { collected: SyntaxLists; walked: SyntaxLists } {
  let result: { collected: SyntaxLists; walked: SyntaxLists } | null = null;
  const rule = {
    meta: { type: 'problem' as const, schema: [] },
    create(context: Context) {
      const collected = new SyntaxLists();
      return collected.collectingListeners(() => {
        result = { collected, walked: SyntaxLists.walk(context.sourceCode) };
      });
    },
  };
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.js'],
        plugins: { p: { rules: { rule: rule as never } } },
        rules: { 'p/rule': 'error' },
        languageOptions: { ecmaVersion: 2024, sourceType: 'module', ...(typescript && { parser: tsParser }) },
      },
    ],
    typescript ? 'file.ts' : 'file.js',
  );
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  if (!result) throw new Error('the collector did not finish');
  return result;
}

const ES5_CLIENT = `
var net = require('net');
var util = require('util');
function Client(options) {
  var self = this;
  this.socket = null;
  this.pending = {};
  this.connect = function () {
    self.socket = net.connect(options.port, function () { self.emit('ready'); });
    self.socket.on('data', function (chunk) { self._onData(chunk); });
  };
}
util.inherits(Client, require('events').EventEmitter);
Client.prototype._onData = function (chunk) {
  var id = chunk.readUInt32BE(0);
  var cb = this.pending[id];
  delete this.pending[id];
  return cb && cb(null, chunk.slice(4));
};
module.exports = Client;
`;

const MODERN_SERVER = `
import net from 'node:net';
import { once } from 'node:events';
const sessions = new Map();
export class Server {
  #server = net.createServer((socket) => this.accept(socket));
  clients = new Set();
  static instances = 0;
  async *accept(socket) {
    socket.setTimeout(30_000, () => socket.destroy());
    for await (const chunk of socket) {
      const session = sessions.get(socket.remotePort) ?? (await import('node:crypto')).randomUUID();
      sessions.set(socket.remotePort, session);
      yield* [chunk];
    }
    await once(socket, 'close');
    return { ok: true, total: this.clients.size + Server.instances };
  }
  listen(port) { return new Promise((resolve) => this.#server.listen(port, resolve)); }
}
const Alt = class extends Server { constructor() { super(); this.alt = true; } };
export default new Alt();
`;

const TYPESCRIPT_HANDLER = `
import type { Socket } from 'node:net';
import * as tls from 'node:tls';
interface Options { port: number; onData?: (chunk: Buffer) => void }
type Handler = (socket: Socket) => Promise<void>;
declare function log(message: string): void;
enum Mode { Plain = 1, Secure = Mode.Plain + 1 }
export const handle: Handler = async (socket: Socket) => {
  const wrapped = new tls.TLSSocket(socket, { isServer: true }) as tls.TLSSocket;
  wrapped.on('error', (e) => log(e!.message));
  const size = (socket satisfies Socket).bytesRead;
  await new Promise<void>((resolve) => wrapped.once('secure', () => resolve()));
  wrapped.write(String(size) + Mode.Secure);
};
export abstract class Base<T extends Options = Options> {
  protected constructor(private readonly socket: Socket, public options: T) {}
  abstract close(): void;
  write(data: string): boolean { return this.socket.write(data); }
}
`;

describe("the syntax lists gathered from ESLint's traversal (syntax.ts: collectingListeners)", () => {
  // Each program fills `filled` of the twelve lists: lists empty on both sides would hide a difference.
  for (const [name, code, typescript, filled] of [
    ['an ES5 constructor with prototype methods and `var self = this`', ES5_CLIENT, false, 8],
    ['a class with private and static fields, async generators, `for await` and a dynamic import', MODERN_SERVER, false, 11],
    ['TypeScript: type-only imports, interfaces, enums, parameter properties, `satisfies`, abstract members', TYPESCRIPT_HANDLER, true, 8],
  ] as const) {
    it(`are the walk's lists, node for node and in the same order: ${name}`, () => {
      const { collected, walked } = collectAndWalk(code, typescript);
      for (const list of LIST_NAMES) expect(collected[list], list).toEqual(walked[list]);
      for (const list of LIST_NAMES) expect(collected[list].every((node, i) => node === walked[list][i]), list).toBe(true);
      expect(LIST_NAMES.filter((list) => walked[list].length > 0).length).toBe(filled);
    });
  }
});

describe('which lists the analysis is built from (index.ts: syntaxCollector)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Lints with one rule made by `createRule` (which registers the collector) and one plain probe. */
  function lintWithRuleAndProbe(code: string) {
    const seen: { rule?: ReturnType<typeof getAnalysis>; probe?: ReturnType<typeof getAnalysis> } = {};
    const rule = createRule({
      name: 'collector-probe',
      meta: { type: 'problem', docs: { description: 'probe', recommended: false }, schema: [], messages: {}, defaultOptions: [] },
      create(context) {
        return {
          'Program:exit'() {
            seen.rule = getAnalysis(context);
          },
        };
      },
    });
    const probe = {
      meta: { type: 'problem' as const, schema: [] },
      create(context: Context) {
        return {
          'Program:exit'() {
            seen.probe = getAnalysis(context);
          },
        };
      },
    };
    new Linter({ configType: 'flat' }).verify(code, [
      {
        plugins: { p: { rules: { rule: rule as never, probe: probe as never } } },
        rules: { 'p/rule': 'error', 'p/probe': 'error' },
        languageOptions: { ecmaVersion: 2024, sourceType: 'commonjs' },
      },
    ]);
    return seen;
  }

  it("builds an active file's analysis from the collected lists, without walking the AST again", () => {
    const walk = vi.spyOn(SyntaxLists, 'walk');
    const seen = lintWithRuleAndProbe(ES5_CLIENT);
    expect(walk).not.toHaveBeenCalled();
    expect(seen.rule?.sockets.map((s) => s.kind)).toEqual(['client']);
    expect(seen.probe).toBe(seen.rule);
  });

  it('walks the AST itself when no rule collected the lists, and finds the same sockets', () => {
    const walk = vi.spyOn(SyntaxLists, 'walk');
    const seen: ReturnType<typeof getAnalysis>[] = [];
    const probe = {
      meta: { type: 'problem' as const, schema: [] },
      create(context: Context) {
        return {
          'Program:exit'() {
            seen.push(getAnalysis(context));
          },
        };
      },
    };
    new Linter({ configType: 'flat' }).verify(ES5_CLIENT, [
      { plugins: { p: { rules: { probe: probe as never } } }, rules: { 'p/probe': 'error' }, languageOptions: { ecmaVersion: 2024, sourceType: 'commonjs' } },
    ]);
    expect(walk).toHaveBeenCalledTimes(1);
    expect(seen[0].sockets.map((s) => s.kind)).toEqual(['client']);
    expect(seen[0].calls.length).toBeGreaterThan(5);
  });

  it('registers no collector in a file without a socket source, and only one per file', () => {
    const contexts: Context[] = [];
    const probe = {
      meta: { type: 'problem' as const, schema: [] },
      create(context: Context) {
        contexts.push(context);
        return {};
      },
    };
    const lint = (code: string) =>
      new Linter({ configType: 'flat' }).verify(code, [
        { plugins: { p: { rules: { probe: probe as never } } }, rules: { 'p/probe': 'error' }, languageOptions: { ecmaVersion: 2024, sourceType: 'commonjs' } },
      ]);
    lint(`const fs = require('fs');\nfs.readFileSync('x');\n`);
    expect(syntaxCollector(contexts[0])).toBeNull();
    lint(ES5_CLIENT);
    const first = syntaxCollector(contexts[1]);
    expect(first).not.toBeNull();
    expect(Object.keys(first!)).toContain('CallExpression');
    expect(syntaxCollector(contexts[1])).toBeNull();
  });
});
