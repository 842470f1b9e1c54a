// The README's "Use it" snippets are the recipe files the end-to-end tests run, byte for byte.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RECIPES = path.join(ROOT, 'docs/recipes');

describe('README recipes', async () => {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const files = await readdir(RECIPES);

  it.each(files)('shows docs/recipes/%s verbatim', async (file) => {
    const text = await readFile(path.join(RECIPES, file), 'utf8');
    expect(blocks).toContain(text);
  });

  it('has the install snippet', () => {
    expect(blocks).toContain('npm i -D eslint-plugin-socket-concurrency\n');
  });
});
