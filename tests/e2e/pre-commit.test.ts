// Pre-commit: a real git repository whose pre-commit hook runs lint-staged with the README's
// recipe, on a commit that stages the buggy server (refused, naming the rule) and then the fix.
import { chmod, cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED, RECIPES, RULE, e2e, fixture, workspace } from './project.js';
import { run, runOk } from './run.js';

const TIMEOUT_MS = 90_000;

describe('pre-commit hook with lint-staged', () => {
  let repo: string;
  const git = (...args: string[]) => runOk('git', args, { cwd: repo, timeoutMs: 30_000 });
  const commit = (message: string) => run('git', ['commit', '-m', message], { cwd: repo, timeoutMs: TIMEOUT_MS });

  beforeAll(async () => {
    repo = await workspace(e2e().eslint10, 'precommit', { 'README.md': '# relay\n' });
    await cp(path.join(RECIPES, 'lintstagedrc.json'), path.join(repo, '.lintstagedrc.json'));
    await runOk('git', ['init', '--quiet', '--initial-branch=main'], { cwd: repo, timeoutMs: 30_000 });
    // Identity and hooks for this repository only (the global and system config are not read: see cleanEnv).
    await git('config', 'user.name', 'E2E Test');
    await git('config', 'user.email', 'e2e@example.invalid');
    await git('config', 'commit.gpgsign', 'false');
    await git('config', 'core.hooksPath', '.git/hooks');
    const hook = path.join(repo, '.git/hooks/pre-commit');
    await cp(path.join(RECIPES, 'pre-commit.sh'), hook);
    await chmod(hook, 0o755);
    await git('add', '.');
    const first = await commit('Initial commit');
    expect(first.code, first.stdout + first.stderr).toBe(0);
  });

  it('refuses a commit that stages the buggy server, naming the rule and the lines', async () => {
    await writeFile(path.join(repo, 'server.js'), await fixture('buggy-server.js'));
    await git('add', 'server.js');
    const result = await commit('Add the echo server');
    expect(result.timedOut).toBe(false);
    expect(result.code).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toContain(RULE);
    for (const { line, column } of EXPECTED) expect(output).toMatch(new RegExp(`\\b${line}:${column}\\s+error\\b`));
    // Nothing was committed, and the staged change is still staged for the next try.
    expect((await git('rev-list', '--count', 'HEAD')).stdout.trim()).toBe('1');
    expect((await git('diff', '--cached', '--name-only')).stdout.trim()).toBe('server.js');
    console.log(`[e2e] pre-commit refused the buggy file in ${result.ms} ms`);
  });

  it('lets the commit through once the bug is fixed', async () => {
    await writeFile(path.join(repo, 'server.js'), await fixture('fixed-server.js'));
    await git('add', 'server.js');
    const result = await commit('Add the echo server');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect((await git('rev-list', '--count', 'HEAD')).stdout.trim()).toBe('2');
    expect((await git('status', '--porcelain')).stdout.trim()).toBe('');
    console.log(`[e2e] pre-commit accepted the fixed file in ${result.ms} ms`);
  });
});
