// What the e2e tests share: the provided temporary projects, the recipe files the README shows,
// and the buggy server with the findings ESLint must print for it.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { REPO } from './global-setup.js';

export { REPO };
export const e2e = () => inject('e2e');

/** The README's "Use it" recipes: the tests copy these files, the README shows them byte for byte. */
export const RECIPES = path.join(REPO, 'docs/recipes');
export const recipe = (name: string) => readFile(path.join(RECIPES, name), 'utf8');

export const FIXTURES = path.join(REPO, 'tests/fixtures/e2e');
export const fixture = (name: string) => readFile(path.join(FIXTURES, name), 'utf8');

export const RULE = 'socket-concurrency/require-socket-timeout';
export const DOCS_URL = 'https://github.com/socket-concurrency/eslint-plugin-socket-concurrency/blob/main/docs/rules/require-socket-timeout.md';

/** `buggy-server.js`: the connection listener's socket and the probe client have no idle timeout (1-based, as ESLint prints). */
export const EXPECTED = [
  { line: 4, column: 34, endLine: 4, endColumn: 40, messageId: 'missingTimeout' },
  { line: 10, column: 15, endLine: 10, endColumn: 61, messageId: 'missingTimeout' },
] as const;

export const MISSING_TIMEOUT_MESSAGE =
  "This socket has no idle timeout: Node sets none by default, so a peer that goes silent holds it (and its file descriptor) forever. Call `setTimeout(ms)` and destroy the socket on `'timeout'`.";

/** A fresh folder of a shared project holding the recipe's `eslint.config.js` and `files`. */
export async function workspace(project: string, name: string, files: Record<string, string> = {}): Promise<string> {
  const dir = path.join(project, name);
  await mkdir(dir, { recursive: true });
  await cp(path.join(RECIPES, 'flat-config.js'), path.join(dir, 'eslint.config.js'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

export interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; messageId?: string; severity: number; message: string; line: number; column: number; endLine?: number; endColumn?: number }[];
  errorCount: number;
}

/** This rule's findings in ESLint's JSON output, by file name. */
export function findings(results: JsonResult[], file: string) {
  const result = results.find((r) => path.basename(r.filePath) === file);
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === RULE)
    .map(({ line, column, endLine, endColumn, messageId }) => ({ line, column, endLine, endColumn, messageId }));
}
