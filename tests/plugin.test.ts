import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { rules } from '../src/rules/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ruleFiles = fs
  .readdirSync(path.join(root, 'src/rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''));

describe('plugin meta', () => {
  it('exports every rule file, and nothing else', () => {
    expect(Object.keys(rules).sort()).toEqual([...ruleFiles].sort());
  });

  it('has a name, a version and the socket-concurrency namespace', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'socket-concurrency' });
  });

  it.each(ruleFiles)('%s has a docs page its docs.url points at, and a test', (name) => {
    const rule = rules[name as keyof typeof rules];
    expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
    expect(fs.existsSync(path.join(root, 'docs/rules', `${name}.md`))).toBe(true);
    expect(fs.existsSync(path.join(root, 'tests/rules', `${name}.test.ts`))).toBe(true);
    expect(rule.meta.docs?.description).toMatch(/^(Require|Disallow|Enforce) [^]*[^.]$/);
  });

  it('puts every recommended rule in recommended, and every rule in all', () => {
    for (const [name, rule] of Object.entries(rules)) {
      const id = `socket-concurrency/${name}`;
      expect(plugin.configs.all.rules?.[id]).toBeDefined();
      if (rule.meta.docs?.recommended) expect(plugin.configs.recommended.rules?.[id]).toBe('error');
    }
    expect(plugin.configs.recommended.name).toBe('socket-concurrency/recommended');
    expect(plugin.configs.all.name).toBe('socket-concurrency/all');
  });

  it('lints through defineConfig with the recommended config', async () => {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: defineConfig([{ files: ['**/*.js'] }, plugin.configs.recommended]),
    });
    const [result] = await eslint.lintText(
      "import net from 'node:net';\nnet.createServer((socket) => { socket.end('bye'); });\n",
      { filePath: path.join(root, 'virtual.js') },
    );
    expect(result.messages.map((m) => m.ruleId)).toContain('socket-concurrency/require-socket-timeout');
  });

  it('the all config gives every rule valid options', () => {
    const linter = new Linter();
    const messages = linter.verify("import net from 'node:net';\n", [plugin.configs.all], 'x.js');
    expect(messages).toEqual([]);
  });

  it.each(ruleFiles)('%s rejects unknown options with a schema error', (name) => {
    const linter = new Linter();
    expect(() =>
      linter.verify('x', [{ plugins: { 'socket-concurrency': plugin }, rules: { [`socket-concurrency/${name}`]: ['error', { notAnOption: true }] } }], 'x.js'),
    ).toThrow(/Key "socket-concurrency\/[\w-]+":[^]*Unexpected property "notAnOption"/);
  });

  it('rejects an ill-typed option value with a schema error', () => {
    const linter = new Linter();
    expect(() =>
      linter.verify('x', [{ plugins: { 'socket-concurrency': plugin }, rules: { 'socket-concurrency/require-socket-timeout': ['error', { suggestedTimeoutMs: 'soon' }] } }], 'x.js'),
    ).toThrow(/suggestedTimeoutMs.*should be integer|should be integer/);
  });
});
