import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { type FileAnalysis, getAnalysis } from '../../src/analysis/index.js';

type Context = Readonly<TSESLint.RuleContext<string, []>>;

/** Lints `code` with two probe rules that both ask for the analysis; returns what each got and the first rule's context. */
function lintWithTwoProbes(code: string): { first: FileAnalysis; second: FileAnalysis; context: Context } {
  const seen: { analysis: FileAnalysis; context: Context }[] = [];
  const probe = {
    meta: { type: 'problem' as const, schema: [] },
    create(context: Context) {
      return {
        'Program:exit'() {
          seen.push({ analysis: getAnalysis(context), context });
        },
      };
    },
  };
  const messages = new Linter({ configType: 'flat' }).verify(code, [
    {
      plugins: { p: { rules: { a: probe as never, b: probe as never } } },
      rules: { 'p/a': 'error', 'p/b': 'error' },
      languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    },
  ]);
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  expect(seen).toHaveLength(2);
  return { first: seen[0].analysis, second: seen[1].analysis, context: seen[0].context };
}

const clientFile = `import net from 'node:net';\nconst s = net.connect(1);\ns.write('x');\n`;
const serverFile = `import net from 'node:net';\nnet.createServer((c) => c.end()).listen(1);\n`;

describe('one analysis per file (index.ts: one cache slot for the file being linted)', () => {
  it('gives every rule of a file the same analysis, built once', () => {
    const { first, second } = lintWithTwoProbes(clientFile);
    expect(second).toBe(first);
    expect(first.sockets.map((s) => s.kind)).toEqual(['client']);
  });

  it('gives the next file its own analysis', () => {
    const a = lintWithTwoProbes(clientFile);
    const b = lintWithTwoProbes(serverFile);
    expect(b.first).not.toBe(a.first);
    expect(b.first.servers).toHaveLength(1);
    expect(b.first.sockets.map((s) => s.kind)).toEqual(['accepted']);
  });

  it('answers correctly, recomputed, when asked about an earlier file after a later one', () => {
    const a = lintWithTwoProbes(clientFile);
    lintWithTwoProbes(serverFile);
    const again = getAnalysis(a.context);
    expect(again).not.toBe(a.first);
    expect(again.sockets.map((s) => s.kind)).toEqual(['client']);
    expect(again.servers).toEqual([]);
  });
});
