// CI: the workflow step of the README's GitHub Actions recipe, run on a project with the packed
// plugin. ESLint's JSON and the SARIF that `github/codeql-action/upload-sarif` uploads must both
// carry every finding, and the step must fail the job when there are findings.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonResult, DOCS_URL, EXPECTED, MISSING_TIMEOUT_MESSAGE, RULE, e2e, findings, fixture, recipe, workspace } from './project.js';
import { run } from './run.js';

interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri?: string; shortDescription?: { text: string }; properties?: Record<string, unknown> }[] } };
    artifacts?: { location: { uri: string } }[];
    results: {
      ruleId: string;
      ruleIndex?: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; index?: number }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
    }[];
  }[];
}

/** The `run:` line of the recipe's ESLint step, exactly as the workflow runs it. */
async function eslintStep(): Promise<string> {
  const workflow = await recipe('github-workflow.yml');
  const line = workflow.split('\n').find((l) => /^\s+- run: npx eslint /.test(l));
  if (!line) throw new Error('github-workflow.yml has no `- run: npx eslint` step');
  return line.replace(/^\s+- run: /, '');
}

describe('CI step with SARIF upload', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await workspace(e2e().eslint10, 'ci', {
      'src/server.js': await fixture('buggy-server.js'),
      'src/fixed.js': await fixture('fixed-server.js'),
    });
  });

  it('fails the step and writes SARIF with each finding, its rule and its docs page', async () => {
    const command = await eslintStep();
    expect(command).toContain('--format @microsoft/eslint-formatter-sarif');
    const step = await run(command, [], { cwd: dir, timeoutMs: 90_000, shell: true });
    expect(step.timedOut).toBe(false);
    expect(step.code, step.stderr).toBe(1);
    console.log(`[e2e] CI step (${command}) ${step.ms} ms`);

    const sarifFile = /--output-file (\S+)/.exec(command)![1];
    const sarif = JSON.parse(await readFile(path.join(dir, sarifFile), 'utf8')) as Sarif;
    expect(sarif.version).toBe('2.1.0');
    const [sarifRun] = sarif.runs;
    expect(sarifRun.tool.driver.name).toBe('ESLint');

    // Rule metadata: what code scanning shows next to an alert, with the link to the rule's docs.
    const rule = sarifRun.tool.driver.rules.find((r) => r.id === RULE);
    expect(rule).toBeDefined();
    expect(rule!.helpUri).toBe(DOCS_URL);
    expect(rule!.shortDescription?.text).toMatch(/^Require every socket to have an idle timeout that closes it/);

    const results = sarifRun.results.filter((r) => r.ruleId === RULE);
    expect(
      results.map((r) => {
        const { artifactLocation, region } = r.locations[0].physicalLocation;
        return { uri: artifactLocation.uri, ...region, level: r.level, message: r.message.text };
      }),
    ).toEqual(
      EXPECTED.map(({ line, column, endLine, endColumn }) => ({
        uri: expect.stringMatching(/(^|\/)src\/server\.js$/),
        startLine: line,
        startColumn: column,
        endLine,
        endColumn,
        level: 'error',
        message: MISSING_TIMEOUT_MESSAGE,
      })),
    );
    for (const r of results) expect(sarifRun.tool.driver.rules[r.ruleIndex!].id).toBe(RULE);
    expect(sarifRun.results.some((r) => r.locations.some((l) => /fixed\.js$/.test(l.physicalLocation.artifactLocation.uri)))).toBe(false);
  });

  it('carries the same findings in --format json', async () => {
    const json = await run('npx', ['--no', '--', 'eslint', '.', '--format', 'json'], { cwd: dir, timeoutMs: 90_000 });
    expect(json.code, json.stderr).toBe(1);
    const results = JSON.parse(json.stdout) as JsonResult[];
    expect(findings(results, 'server.js')).toEqual(EXPECTED);
    expect(findings(results, 'fixed.js')).toEqual([]);
    const messages = results.flatMap((r) => r.messages).filter((m) => m.ruleId === RULE);
    expect(messages.every((m) => m.message === MISSING_TIMEOUT_MESSAGE && m.severity === 2)).toBe(true);
  });

  it('passes once the findings are fixed', async () => {
    const clean = await workspace(e2e().eslint10, 'ci-clean', { 'src/server.js': await fixture('fixed-server.js') });
    const step = await run(await eslintStep(), [], { cwd: clean, timeoutMs: 90_000, shell: true });
    expect(step.code, step.stdout + step.stderr).toBe(0);
  });
});
