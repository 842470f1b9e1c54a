// One install footprint: the plugin depends on a caret range of @typescript-eslint/utils, so next to
// whatever typescript-eslint 8.x a user has (here the newest), npm installs a single copy of utils
// and the plugin runs on it. A fresh project gets the packed tarball, `typescript-eslint@latest` and
// ESLint 10 from the registry, through the npm cache, as global-setup installs its projects.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonResult, EXPECTED, RULE, e2e, findings, fixture, workspace } from './project.js';
import { run, runOk } from './run.js';

const UTILS = '@typescript-eslint/utils';

/** typescript-eslint's parser, no type information, then the plugin's `recommended`. */
const CONFIG = `import socketConcurrency from 'eslint-plugin-socket-concurrency';
import tseslint from 'typescript-eslint';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  socketConcurrency.configs.recommended,
];
`;

interface LsNode {
  version?: string;
  path?: string;
  dependencies?: Record<string, LsNode>;
}

/** Every occurrence of `name` in an `npm ls --all --json --long` tree (deduped ones point at the same path). */
function occurrences(node: LsNode, name: string, out: { via: string; version?: string; path?: string }[] = [], via = '.'): typeof out {
  for (const [dep, child] of Object.entries(node.dependencies ?? {})) {
    if (dep === name) out.push({ via, version: child.version, path: child.path });
    occurrences(child, name, out, dep);
  }
  return out;
}

describe('install footprint next to typescript-eslint@latest', () => {
  let project: string;
  let tseslintVersion: string;

  beforeAll(async () => {
    const { root, tarball, versions } = e2e();
    project = path.join(root, 'footprint');
    await mkdir(project);
    const manifest = {
      name: 'e2e-footprint',
      private: true,
      type: 'module',
      devDependencies: {
        'eslint-plugin-socket-concurrency': `file:${tarball}`,
        eslint: '10',
        'typescript-eslint': 'latest',
        typescript: versions.typescript, // typescript-eslint's peer
      },
    };
    await writeFile(path.join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project, timeoutMs: 420_000 });
    tseslintVersion = (JSON.parse(await readFile(path.join(project, 'node_modules/typescript-eslint/package.json'), 'utf8')) as { version: string }).version;
  });

  it(`has a single ${UTILS}, shared by the plugin and typescript-eslint`, async () => {
    const ls = await runOk('npm', ['ls', UTILS, '--all', '--json', '--long'], { cwd: project, timeoutMs: 60_000 });
    const found = occurrences(JSON.parse(ls.stdout) as LsNode, UTILS);
    expect(found.map((f) => f.via)).toContain('eslint-plugin-socket-concurrency');
    expect(found.map((f) => f.via)).toContain('typescript-eslint');
    // typescript-eslint pins its utils exactly: the single copy is that version.
    expect(new Set(found.map((f) => f.version))).toEqual(new Set([tseslintVersion]));
    expect(new Set(found.map((f) => f.path))).toEqual(new Set([path.join(project, 'node_modules', UTILS)]));
    // The lockfile agrees: one utils entry in the whole tree.
    const lock = JSON.parse(await readFile(path.join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).filter((key) => key.endsWith(`node_modules/${UTILS}`))).toEqual([`node_modules/${UTILS}`]);
    console.log(`[e2e] typescript-eslint@${tseslintVersion}: one ${UTILS}@${tseslintVersion}, required by ${[...new Set(found.map((f) => f.via))].join(', ')}`);
  });

  it("lints a TypeScript file through typescript-eslint's parser and the plugin's recommended config", async () => {
    const dir = await workspace(project, 'lint', { 'eslint.config.js': CONFIG, 'server.ts': await fixture('buggy-server.js') });
    const json = await run('npx', ['--no', '--', 'eslint', '.', '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
    expect(json.timedOut).toBe(false);
    expect(json.code, json.stderr).toBe(1);
    const results = JSON.parse(json.stdout) as JsonResult[];
    expect(results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line} ${m.ruleId}`))).toEqual(
      EXPECTED.map(({ line }) => `server.ts:${line} ${RULE}`),
    );
    expect(findings(results, 'server.ts')).toEqual(EXPECTED);
  });
});
