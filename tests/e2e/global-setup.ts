// One `npm pack` and one pair of temporary user projects for every end-to-end test.
//
// Runs once per `vitest run` that includes a file of the `e2e` project (vitest.config.ts), never for
// the unit tests alone. It builds the plugin (unless `npm test` just did), packs it exactly as `npm publish` would, and installs
// the tarball from disk next to ESLint (and the tools the recipes use) from the npm registry,
// through the user's npm cache, into two projects under one temporary directory:
//   eslint10/  eslint 10 + typescript (+ @types/node) + typescript-eslint + lint-staged + the SARIF formatter
//              (the shared project: each test works in its own subfolder of it);
//   eslint9/   eslint 9 (latest 9.x) alone.
// The directory is removed on teardown (set E2E_KEEP=1 to keep it for debugging).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { runOk } from './run.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Versions the temporary projects install: pinned, so a registry release cannot change a result. */
export const PINS = {
  eslint9: '9.39.5',
  lintStaged: '16.4.0', // 17 needs Node 22; the plugin supports Node 20
  sarifFormatter: '3.1.0',
} as const;

export interface E2EContext {
  root: string;
  tarball: string;
  eslint10: string;
  eslint9: string;
  versions: Record<string, string>;
  setupMs: { build: number; pack: number; install: number };
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2EContext;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const devDependencies = (JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> })
    .devDependencies;
  const root = await mkdtemp(path.join(tmpdir(), 'socket-concurrency-e2e-'));
  const teardown = async () => {
    if (process.env.E2E_KEEP) console.log(`[e2e] kept ${root}`);
    else await rm(root, { recursive: true, force: true });
  };
  try {
    // `npm test` has just built dist/ (its script starts with `npm run build`): pack that build.
    const build = process.env.npm_lifecycle_event === 'test' ? { ms: 0 } : await runOk('npm', ['run', 'build'], { cwd: REPO, timeoutMs: 180_000 });
    await mkdir(path.join(root, 'pack'));
    const pack = await runOk('npm', ['pack', '--json', '--pack-destination', path.join(root, 'pack')], { cwd: REPO, timeoutMs: 120_000 });
    const [{ filename }] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as [{ filename: string }];
    const tarball = path.join(root, 'pack', filename);

    const versions = {
      eslint10: devDependencies.eslint,
      eslint9: PINS.eslint9,
      typescript: devDependencies.typescript,
      '@types/node': devDependencies['@types/node'],
      'typescript-eslint': devDependencies['typescript-eslint'],
      'lint-staged': PINS.lintStaged,
      '@microsoft/eslint-formatter-sarif': PINS.sarifFormatter,
    };
    const projects = {
      eslint10: {
        'eslint-plugin-socket-concurrency': `file:${tarball}`,
        eslint: versions.eslint10,
        typescript: versions.typescript,
        '@types/node': versions['@types/node'],
        'typescript-eslint': versions['typescript-eslint'],
        'lint-staged': versions['lint-staged'],
        '@microsoft/eslint-formatter-sarif': versions['@microsoft/eslint-formatter-sarif'],
      },
      eslint9: {
        'eslint-plugin-socket-concurrency': `file:${tarball}`,
        eslint: versions.eslint9,
      },
    };
    const installStarted = performance.now();
    await Promise.all(
      Object.entries(projects).map(async ([name, deps]) => {
        const dir = path.join(root, name);
        await mkdir(dir);
        const manifest = { name: `e2e-${name}`, private: true, type: 'module', devDependencies: deps };
        await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        await runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, timeoutMs: 420_000 });
      }),
    );
    const setupMs = { build: build.ms, pack: pack.ms, install: Math.round(performance.now() - installStarted) };
    console.log(`[e2e] ${filename}: build ${setupMs.build ? `${setupMs.build} ms` : 'done by npm test'}, pack ${setupMs.pack} ms, install of both projects ${setupMs.install} ms (${root})`);
    project.provide('e2e', { root, tarball, eslint10: path.join(root, 'eslint10'), eslint9: path.join(root, 'eslint9'), versions, setupMs });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
