// The packed tarball, installed as a user installs it, run by the real `eslint` CLI of ESLint 9 and 10.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JsonResult, EXPECTED, RULE, e2e, findings, fixture, workspace } from './project.js';
import { run, runOk } from './run.js';

const projects = [
  ['ESLint 10', 'eslint10', 'eslint10'],
  ['ESLint 9', 'eslint9', 'eslint9'],
] as const;

describe.each(projects)('packed plugin with %s', (_label, projectKey, versionKey) => {
  it('is installed from the tarball, not linked to this checkout', async () => {
    const { tarball } = e2e();
    const project = e2e()[projectKey];
    const installed = path.join(project, 'node_modules/eslint-plugin-socket-concurrency');
    const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8')) as { version: string };
    expect(path.basename(tarball)).toBe(`eslint-plugin-socket-concurrency-${manifest.version}.tgz`);
    const lock = JSON.parse(await readFile(path.join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string; link?: boolean }> };
    expect(lock.packages['node_modules/eslint-plugin-socket-concurrency'].link).toBeUndefined();
    const version = await runOk('npx', ['--no', '--', 'eslint', '--version'], { cwd: project, timeoutMs: 30_000 });
    expect(version.stdout.trim()).toBe(`v${e2e().versions[versionKey]}`);
  });

  it('prints each finding with its rule id and line, and exits 1', async () => {
    const dir = await workspace(e2e()[projectKey], 'client', { 'server.js': await fixture('buggy-server.js'), 'fixed.js': await fixture('fixed-server.js') });
    const text = await run('npx', ['--no', '--', 'eslint', '.'], { cwd: dir, timeoutMs: 60_000 });
    expect(text.timedOut).toBe(false);
    expect(text.code, text.stderr).toBe(1);
    for (const { line, column } of EXPECTED) expect(text.stdout).toMatch(new RegExp(`^\\s+${line}:${column}\\s+error\\s+.*\\s${RULE}$`, 'm'));
    expect(text.stdout).not.toContain('fixed.js');

    const json = await run('npx', ['--no', '--', 'eslint', '.', '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
    expect(json.code, json.stderr).toBe(1);
    const results = JSON.parse(json.stdout) as JsonResult[];
    expect(findings(results, 'server.js')).toEqual(EXPECTED);
    expect(findings(results, 'fixed.js')).toEqual([]);
    console.log(`[e2e] ${_label}: eslint . ${text.ms} ms, eslint . --format json ${json.ms} ms`);
  });
});
