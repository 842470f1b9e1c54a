import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { type BoundaryAnalysis, getBoundaries } from '../../src/analysis/index.js';

interface Probe {
  b: BoundaryAnalysis;
  /** The call `name()` (the n-th one, in source order). */
  call(name: string, n?: number): TSESTree.CallExpression;
  /** The function whose first parameter is named `name`, or the function declared as `name`. */
  fn(name: string): TSESTree.FunctionLike;
  program: TSESTree.Program;
}

/** Runs `check` inside a tiny inline plugin rule that asks the shared boundary analysis. */
function probe(code: string, check: (p: Probe) => void): void {
  let ran = false;
  let failure: unknown = null;
  const rule = {
    meta: { type: 'problem' as const, schema: [] },
    create(context: Readonly<TSESLint.RuleContext<string, []>>) {
      return {
        'Program:exit'(program: TSESTree.Program) {
          const calls: TSESTree.CallExpression[] = [];
          const fns: TSESTree.FunctionLike[] = [];
          const stack: TSESTree.Node[] = [program];
          while (stack.length) {
            const node = stack.pop()!;
            if (node.type === 'CallExpression') calls.push(node);
            if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') fns.push(node);
            for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
              const child = (node as unknown as Record<string, unknown>)[key];
              for (const c of Array.isArray(child) ? child : [child]) if (c && typeof c === 'object' && 'type' in c) stack.push(c as TSESTree.Node);
            }
          }
          calls.sort((x, y) => x.range[0] - y.range[0]);
          const p: Probe = {
            b: getBoundaries(context),
            program,
            call(name, n = 0) {
              const found = calls.filter((c) => c.callee.type === 'Identifier' && c.callee.name === name)[n];
              if (!found) throw new Error(`no call ${name}()`);
              return found;
            },
            fn(name) {
              const found = fns.find(
                (f) => (f.type === 'FunctionDeclaration' && f.id?.name === name) || (f.params[0]?.type === 'Identifier' && f.params[0].name === name),
              );
              if (!found) throw new Error(`no function ${name}`);
              return found;
            },
          };
          try {
            check(p);
          } catch (error) {
            failure = error;
          }
          ran = true;
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  // A server makes the file one the analysis runs on (a socket module bound and never used does not).
  const messages = linter.verify(`import net from 'node:net';\nimport fs from 'node:fs';\nexport const server = net.createServer();\n${code}`, [
    {
      plugins: { t: { rules: { probe: rule as never } } },
      rules: { 't/probe': 'error' },
      languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    },
  ]);
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(fatal.message);
  if (failure) throw failure;
  expect(ran).toBe(true);
}

describe('boundaries: await and yield', () => {
  it('an await between two calls is a boundary', () => {
    probe(`async function f() { A(); await x; B(); }`, ({ b, call }) => {
      const boundary = b.boundaryBetween(call('A'), call('B'));
      expect(boundary?.kind).toBe('await');
      expect(b.boundaryBetween(call('B'), call('A'))).toBeNull();
    });
  });
  it('no boundary inside one synchronous segment', () => {
    probe(`async function f() { await x; A(); B(); }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
    });
  });
  it('an await inside the later call suspends before it runs', () => {
    probe(`async function f() { A(); B(await x); }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))?.kind).toBe('await');
    });
  });
  it('yield splits a generator', () => {
    probe(`function* g() { A(); yield 1; B(); }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))?.kind).toBe('yield');
    });
  });
  it('boundariesOwnedBy lists the awaits of the function itself, not of nested functions', () => {
    probe(`async function f() { await a; const g = async () => { await b; }; await c; }`, ({ b, fn }) => {
      expect(b.boundariesOwnedBy(fn('f'))).toHaveLength(2);
    });
  });
});

describe('boundaries: for await', () => {
  it('code before the loop and code in its body are split by the loop head', () => {
    probe(`async function f(s) { A(); for await (const c of s) { B(); } }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))?.kind).toBe('for-await');
    });
  });
  it('one iteration and the next are split by the loop head', () => {
    probe(`async function f(s) { for await (const c of s) { A(); B(); } }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
      expect(b.boundaryBetween(call('B'), call('A'))?.kind).toBe('for-await');
    });
  });
  it('the body and the code after the loop are split (the loop awaits the end of the stream)', () => {
    probe(`async function f(s) { for await (const c of s) { A(); } B(); }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))?.kind).toBe('for-await');
    });
  });
});

describe('boundaries: continuations', () => {
  it('.then/.catch/.finally callbacks are continuations of the run that created them', () => {
    probe(`function f(p) { A(); p.then((v) => { B(); }).catch((e) => C()).finally(() => D()); }`, ({ b, call, fn }) => {
      expect(b.callbackKind(fn('v') as never)).toBe('continuation');
      expect(b.callbackKind(fn('e') as never)).toBe('continuation');
      expect(b.runRoot(call('B'))).toBe(fn('p'));
      expect(b.runRoot(call('D'))).toBe(fn('p'));
      expect(b.boundaryBetween(call('A'), call('B'))?.kind).toBe('continuation');
      expect(b.boundariesOfRun(fn('p')).filter((x) => x.kind === 'continuation')).toHaveLength(3);
    });
  });
  it('timers and microtasks are continuations', () => {
    probe(
      `function f(t) { A(); setTimeout((a) => B(), 1); setImmediate((c) => C()); process.nextTick((d) => D()); queueMicrotask((e) => E()); }`,
      ({ b, call, fn }) => {
        for (const name of ['a', 'c', 'd', 'e']) expect(b.callbackKind(fn(name) as never)).toBe('continuation');
        for (const name of ['B', 'C', 'D', 'E']) {
          expect(b.runRoot(call(name))).toBe(fn('t'));
          expect(b.boundaryBetween(call('A'), call(name))?.kind).toBe('continuation');
        }
      },
    );
  });
  it('a continuation nested in a continuation still belongs to the outer run', () => {
    probe(`function f(o) { A(); setTimeout((x) => { p.then((y) => B()); }, 1); }`, ({ b, call, fn }) => {
      expect(b.runRoot(call('B'))).toBe(fn('o'));
      expect(b.boundaryBetween(call('A'), call('B'))).not.toBeNull();
    });
  });
  it('callback-style I/O completion callbacks are continuations', () => {
    probe(
      `function f(s) { fs.readFile('x', (err, d) => A()); lookup('h', (error, addr) => B()); const sock = net.connect(1); sock.write('x', (w) => C()); }`,
      ({ b, call, fn }) => {
        expect(b.callbackKind(fn('err') as never)).toBe('continuation');
        expect(b.callbackKind(fn('error') as never)).toBe('continuation');
        expect(b.callbackKind(fn('w') as never)).toBe('continuation');
        expect(b.runRoot(call('C'))).toBe(fn('s'));
      },
    );
  });
});

describe('boundaries: listeners and other runs', () => {
  it('listeners are their own runs: no boundary claim across runs', () => {
    probe(`function f(s) { A(); s.on('data', (d) => { B(); }); s.once('end', (e) => C()); }`, ({ b, call, fn }) => {
      expect(b.callbackKind(fn('d') as never)).toBe('listener');
      expect(b.runRoot(call('B'))).toBe(fn('d'));
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
      expect(b.runRoot(call('C'))).toBe(fn('e'));
    });
  });
  it('setInterval callbacks are their own repeating runs', () => {
    probe(`function f(s) { A(); setInterval((i) => B(), 10); }`, ({ b, call, fn }) => {
      expect(b.callbackKind(fn('i') as never)).toBe('interval');
      expect(b.runRoot(call('B'))).toBe(fn('i'));
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
    });
  });
  it('callbacks passed to unknown functions are their own runs', () => {
    probe(`function f(s) { A(); library((u) => B()); }`, ({ b, call, fn }) => {
      expect(b.callbackKind(fn('u') as never)).toBe('unknown');
      expect(b.runRoot(call('B'))).toBe(fn('u'));
    });
  });
  it('declared functions are their own runs', () => {
    probe(`async function outer() { A(); await x; function inner() { B(); } }`, ({ b, call, fn }) => {
      expect(b.callbackKind(fn('inner') as never)).toBe('declared');
      expect(b.runRoot(call('B'))).toBe(fn('inner'));
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
    });
  });
});

describe('boundaries: nested synchronous closures', () => {
  it('array callbacks and the Promise executor run in the caller segment', () => {
    probe(`async function f(o) { A(); [1].forEach((v) => B()); new Promise((r) => C()); }`, ({ b, call, fn }) => {
      expect(b.callbackKind(fn('v') as never)).toBe('sync');
      expect(b.callbackKind(fn('r') as never)).toBe('sync');
      expect(b.segmentOwner(call('B'))).toBe(fn('o'));
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
      expect(b.boundaryBetween(call('A'), call('C'))).toBeNull();
    });
  });
  it('an await inside an async array callback does not suspend the caller', () => {
    probe(`async function f(o) { A(); items.forEach(async (v) => { await save(v); C(); }); B(); }`, ({ b, call, fn }) => {
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
      expect(b.boundariesOwnedBy(fn('o'))).toHaveLength(0);
      expect(b.segmentOwner(call('C'))).toBe(fn('v'));
    });
  });
  it('an await inside a sync callback of an awaited map splits the outer function only through its own await', () => {
    probe(`async function f(o) { A(); await Promise.all(items.map(async (v) => { await save(v); })); B(); }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))?.kind).toBe('await');
    });
  });
});

describe('boundaries: branches, early exits and try/finally', () => {
  it('if/else branches are exclusive', () => {
    probe(`async function f(o) { if (c) { A(); } else { await x; B(); } }`, ({ b, call }) => {
      expect(b.exclusive(call('A'), call('B'))).toBe(true);
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
    });
  });
  it('switch cases that end in break are exclusive', () => {
    probe(`async function f(o) { switch (k) { case 1: A(); break; case 2: await x; B(); break; } }`, ({ b, call }) => {
      expect(b.exclusive(call('A'), call('B'))).toBe(true);
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
    });
  });
  it('an await on a branch that returns does not split the code after the if', () => {
    probe(`async function f(o) { A(); if (c) { await x; return; } B(); }`, ({ b, call }) => {
      expect(b.exitsBefore(call('A', 0), call('B')) || true).toBe(true);
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
    });
  });
  it('a call followed by return in its own block never reaches the later await', () => {
    probe(`async function f(o) { if (c) { A(); return; } await x; B(); }`, ({ b, call }) => {
      expect(b.exitsBefore(call('A'), call('B'))).toBe(true);
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
    });
  });
  it('a call that is the returned value of a branch without a block never reaches the later await', () => {
    probe(`async function f(o) { if (c) return A(); await x; B(); }`, ({ b, call }) => {
      expect(b.exitsBefore(call('A'), call('B'))).toBe(true);
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
    });
    probe(`async function f(o) { if (c) throw A(); await x; B(); }`, ({ b, call }) => {
      expect(b.exitsBefore(call('A'), call('B'))).toBe(true);
    });
  });
  it('try/finally: an await in the try splits it from the finally block', () => {
    probe(`async function f(o) { try { A(); await x; } finally { B(); } }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))?.kind).toBe('await');
    });
  });
  it('try/catch: an await in the try splits it from the catch block', () => {
    probe(`async function f(o) { A(); try { await x; } catch (e) { B(); } }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))?.kind).toBe('await');
    });
  });
  it('try/finally without an await is one segment', () => {
    probe(`async function f(o) { try { A(); } finally { B(); } await x; }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))).toBeNull();
    });
  });
});

describe('boundaries: loops with await inside', () => {
  it('the end of one iteration and the start of the next are split (loop-carried)', () => {
    probe(`async function f(o) { while (c) { B(); await x; A(); } }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))?.kind).toBe('await');
      expect(b.boundaryBetween(call('B'), call('A'))?.kind).toBe('await');
    });
  });
  it('a write in one iteration and the same write in the next iteration are split', () => {
    probe(`async function f(o) { for (const i of items) { A(); await x; } }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('A'))?.kind).toBe('await');
    });
  });
  it('a loop without await keeps its iterations in one segment', () => {
    probe(`async function f(o) { await x; for (const i of items) { A(); B(); } }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('B'), call('A'))).toBeNull();
    });
  });
  it('code after an awaited loop is split from the loop body', () => {
    probe(`async function f(o) { for (const i of items) { A(); await x; } B(); }`, ({ b, call }) => {
      expect(b.boundaryBetween(call('A'), call('B'))?.kind).toBe('await');
    });
  });
});
