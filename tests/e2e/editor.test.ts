// The editor: the real ESLint language server (the one VS Code's ESLint extension runs), driven over
// stdio as the extension drives it, on a workspace that installs the packed plugin.
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketModule } from './big-file.js';
import { LspClient, applyEdits, extensionSettings } from './lsp-client.js';
import { DOCS_URL, EXPECTED, MISSING_TIMEOUT_MESSAGE, RECIPES, RULE, e2e, fixture, recipe, workspace } from './project.js';

const TSCONFIG = `${JSON.stringify(
  { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] }, include: ['**/*.ts'] },
  null,
  2,
)}\n`;

/** TypeScript parsed without type information: the same syntax cost, no program. */
const UNTYPED_TS_CONFIG = `import socketConcurrency from 'eslint-plugin-socket-concurrency';
import tseslint from 'typescript-eslint';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  socketConcurrency.configs.recommended,
];
`;

const REQUEST_TIMEOUT_MS = 90_000;

describe('ESLint language server with the packed plugin', () => {
  let dir: string;
  let client: LspClient;

  beforeAll(async () => {
    dir = await workspace(e2e().eslint10, 'editor', { '.vscode/settings.json': await recipe('vscode-settings.json') });
    const typed = await workspace(dir, 'typed', { 'tsconfig.json': TSCONFIG });
    await cp(path.join(RECIPES, 'flat-config-typescript.js'), path.join(typed, 'eslint.config.js'));
    await workspace(dir, 'untyped', { 'eslint.config.js': UNTYPED_TS_CONFIG });
    const userSettings = JSON.parse(await readFile(path.join(dir, '.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
    client = new LspClient(dir, extensionSettings(dir, userSettings), REQUEST_TIMEOUT_MS);
    await client.initialize();
  });

  afterAll(async () => {
    await client?.close();
  });

  it('reports the finding with its range, message and docs link on open, offers the suggestion, and drops it once fixed', async () => {
    const file = path.join(dir, 'server.js');
    const buggy = await fixture('buggy-server.js');
    await writeFile(file, buggy);
    const uri = client.open(file, 'javascript', buggy);
    const diagnostics = (await client.diagnostics(uri)).filter((d) => d.code === RULE);
    expect(
      diagnostics.map((d) => ({
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        messageId: 'missingTimeout',
      })),
    ).toEqual(EXPECTED);
    for (const d of diagnostics) {
      expect(d).toMatchObject({ message: MISSING_TIMEOUT_MESSAGE, severity: 1, source: 'eslint', codeDescription: { href: DOCS_URL } });
    }

    // The rule's suggestion is offered as a quick fix on the connection listener's finding, with
    // the docs link; running it (as a click does) inserts the idle timeout and clears that finding.
    const listener = diagnostics.find((d) => d.range.start.line + 1 === EXPECTED[0].line)!;
    const actions = (await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: listener.range,
      context: { diagnostics: [listener], only: ['quickfix'] },
    })) as { title: string; command?: { command: string; arguments?: unknown[] } }[];
    const titles = actions.map((a) => a.title);
    expect(titles).toContain(`Show documentation for ${RULE}`);
    const suggestion = actions.find((a) => a.title === `Add \`socket.setTimeout(30000, () => socket.destroy())\`. (${RULE})`);
    expect(suggestion, JSON.stringify(titles)).toBeDefined();
    await client.request('workspace/executeCommand', suggestion!.command);
    const edit = client.edits.at(-1)!;
    const textEdits = edit.changes?.[uri] ?? edit.documentChanges?.find((c) => c.textDocument.uri === uri)?.edits ?? [];
    const suggested = applyEdits(buggy, textEdits);
    expect(suggested.split('\n')[EXPECTED[0].line]).toBe('  socket.setTimeout(30000, () => socket.destroy());');
    client.change(uri, 2, suggested);
    const afterSuggestion = (await client.diagnostics(uri)).filter((d) => d.code === RULE);
    expect(afterSuggestion.map((d) => d.range.start.line + 1)).toEqual([EXPECTED[1].line + 1]);

    // The fix, typed into the open (unsaved) document: the findings disappear.
    client.change(uri, 3, await fixture('fixed-server.js'));
    expect((await client.diagnostics(uri)).filter((d) => d.code === RULE)).toEqual([]);

    // Undo: they come back, at the same place.
    client.change(uri, 4, buggy);
    expect((await client.diagnostics(uri)).filter((d) => d.code === RULE)).toHaveLength(EXPECTED.length);
  });

  it('times didOpen to diagnostics on a 2,000-line socket module, with and without type information', async () => {
    const rows: string[] = [];
    const cases = [
      ['JavaScript (espree, no types)', '.', 'big.js', 'javascript', false],
      ['TypeScript, no type information', 'untyped', 'big.ts', 'typescript', true],
      ['TypeScript, projectService types', 'typed', 'big.ts', 'typescript', true],
    ] as const;
    for (const [label, folder, name, languageId, typescript] of cases) {
      const { text, missing } = socketModule(2_000, typescript);
      const file = path.join(dir, folder, name);
      await writeFile(file, text);
      let started = performance.now();
      const uri = client.open(file, languageId, text);
      const opened = await client.diagnostics(uri);
      const openMs = performance.now() - started;
      expect(opened.filter((d) => d.code === RULE)).toHaveLength(missing);

      // One keystroke later (a comment added at the end): the warm re-lint an editor does per edit.
      started = performance.now();
      client.change(uri, 2, `${text}// edited\n`);
      const edited = await client.diagnostics(uri);
      const editMs = performance.now() - started;
      expect(edited.filter((d) => d.code === RULE)).toHaveLength(missing);
      const serverMs = client.status.filter((s) => s.uri === uri).map((s) => s.validationTime);
      rows.push(`${label.padEnd(34)} didOpen→diagnostics ${openMs.toFixed(0).padStart(6)} ms, edit→diagnostics ${editMs.toFixed(0).padStart(5)} ms (server lint times ${serverMs.join(', ')} ms; ${missing} findings)`);
    }
    console.log(`[e2e] ESLint language server, 2,000-line socket module:\n  ${rows.join('\n  ')}`);
  });
});
