#!/usr/bin/env node
// Benchmark of the plugin's rules against ESLint core rules and parsing, from ESLint's own
// per-rule stats (`stats: true`), in one process:
//   1. untyped: one pass over the corpus with configs.all + core no-unused-vars, no-undef,
//      require-atomic-updates, no-unreachable, consistent-return, no-shadow;
//   2. typed: the same corpus files parsed by @typescript-eslint/parser with
//      `parserOptions.projectService` (a copy of the corpus with an allowJs tsconfig, so the
//      plugin sees a real type checker), plus the plugin's own src/**/*.ts;
//   3. the bail-out: a big file with no socket code, and TypeScript's typescript.js (9 MB);
//   4. growth: the socket modules of the corpus, each file repeated 1..4 times in block scopes,
//      plugin rules only: the analysis must stay linear.
// Prints markdown tables (README "Performance"). No timing assertions anywhere.
//
//   npm run bench                 everything
//   npm run bench -- --skip untyped,typed,typescript-lib,growth
//   npm run bench -- --json bench/results.tmp.json
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import {
  ROOT,
  configFor,
  corpusCacheDir,
  corpusPackages,
  countLines,
  ensureCorpus,
  lintText,
  listFiles,
  loadPlugin,
  skipReason,
  sourceTypeOf,
} from './lib/lint-lib.mjs';

const { values: args } = parseArgs({
  options: {
    skip: { type: 'string', default: '' },
    json: { type: 'string' },
  },
});
const skip = new Set(args.skip.split(',').filter(Boolean));

const CORE_RULES = ['no-unused-vars', 'no-undef', 'require-atomic-updates', 'no-unreachable', 'consistent-return', 'no-shadow'];
const shippedPlugin = await loadPlugin();
const { getAnalysis, getBoundaries } = await import(path.join(ROOT, 'dist', 'analysis', 'index.js'));
// The shared per-file analysis is built by whichever rule asks first. A bench-only rule that
// asks first, on entering the file, carries that cost in its own row, so every shipped rule's
// row is its own work.
const SHARED = 'socket-concurrency/(shared analysis)';
const plugin = {
  ...shippedPlugin,
  rules: {
    ...shippedPlugin.rules,
    '(shared analysis)': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        return {
          Program() {
            getAnalysis(context);
            getBoundaries(context);
          },
        };
      },
    },
  },
};
const allRules = { [SHARED]: 'error', ...shippedPlugin.configs.all.rules };
plugin.configs = { ...shippedPlugin.configs, all: { ...shippedPlugin.configs.all, rules: allRules } };
const pluginRuleIds = Object.keys(allRules);
const benchRules = { ...allRules, ...Object.fromEntries(CORE_RULES.map((r) => [r, 'error'])) };
const results = {
  machine: {
    node: process.version,
    eslint: Linter.version,
    cpus: availableParallelism(),
    cpu: cpus()[0]?.model,
    loadavg: loadavg().map((n) => Number(n.toFixed(2))),
  },
};

// ------------------------------------------------------------------ helpers

/** Lints `files` ({ file, text, lintAs? }) with stats; returns summed times and counts. */
function measure(files, { linter, rules, typed = null, parseAll = null }) {
  const sum = { files: 0, lines: 0, parse: 0, total: 0, rules: {}, unparsed: 0, unparsedFiles: [], crashes: 0 };
  const started = performance.now();
  for (const { file, text, sourceType } of files) {
    const config = configFor(file, text, { plugin, rules, typed, sourceType });
    if (parseAll) Object.assign(config[0].languageOptions, parseAll(file));
    const result = lintText(linter, file, text, config, { stats: true });
    if (result.crash) {
      sum.crashes++;
      console.error(`crash in ${file}: ${result.crash.message.split('\n')[0]}`);
      continue;
    }
    if (result.parseError) {
      sum.unparsed++;
      sum.unparsedFiles.push(`${path.relative(ROOT, file)}: ${result.parseError.message}`);
      continue;
    }
    sum.files++;
    sum.lines += countLines(text);
    for (const pass of result.times.passes) {
      sum.parse += pass.parse?.total ?? 0;
      sum.total += pass.total ?? 0;
      for (const [id, t] of Object.entries(pass.rules ?? {})) sum.rules[id] = (sum.rules[id] ?? 0) + t.total;
    }
  }
  sum.wall = performance.now() - started;
  sum.plugin = pluginRuleIds.reduce((acc, id) => acc + (sum.rules[id] ?? 0), 0);
  return sum;
}

const ms = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : 'n/a');

function table(title, sum) {
  const nuv = sum.rules['no-unused-vars'] ?? 0;
  const rows = [
    `### ${title}`,
    '',
    `${sum.files} files, ${sum.lines} lines${sum.unparsed ? `, ${sum.unparsed} not parsed` : ''}; wall ${(sum.wall / 1000).toFixed(1)} s.`,
    '',
    '| | ms | vs `no-unused-vars` | vs parse |',
    '| :--- | ---: | ---: | ---: |',
  ];
  const ids = [...pluginRuleIds, ...CORE_RULES].filter((id) => id in sum.rules || pluginRuleIds.includes(id));
  for (const id of ids) rows.push(`| \`${id}\` | ${ms(sum.rules[id] ?? 0)} | ${ratio(sum.rules[id] ?? 0, nuv)} | ${ratio(sum.rules[id] ?? 0, sum.parse)} |`);
  rows.push(`| **all plugin rules** | **${ms(sum.plugin)}** | **${ratio(sum.plugin, nuv)}** | **${ratio(sum.plugin, sum.parse)}** |`);
  rows.push(`| parse | ${ms(sum.parse)} | ${ratio(sum.parse, nuv)} | 1.00 |`);
  rows.push(`| lint total (parse + all rules + traversal) | ${ms(sum.total)} | | ${ratio(sum.total, sum.parse)} |`);
  return rows.join('\n');
}

function readCorpus(nodeModules) {
  const files = [];
  for (const pkg of corpusPackages()) {
    for (const file of listFiles(path.join(nodeModules, pkg.name))) {
      const text = readFileSync(file, 'utf8');
      if (skipReason(text)) continue;
      files.push({ file, text, pkg: pkg.name, rel: path.relative(path.join(nodeModules, pkg.name), file) });
    }
  }
  return files;
}

// ------------------------------------------------------------------ 1. untyped

const nodeModules = ensureCorpus();
const corpus = readCorpus(nodeModules);
const out = [];
console.error(`bench: ${corpus.length} corpus files; plugin rules: ${pluginRuleIds.join(', ')}`);

if (!skip.has('untyped')) {
  const sum = measure(corpus, { linter: new Linter({ cwd: ROOT }), rules: benchRules });
  results.untyped = sum;
  out.push(table('Corpus, no type information', sum));
  console.error(`untyped done in ${(sum.wall / 1000).toFixed(1)} s`);
}

// ------------------------------------------------------------------ 2. typed

if (!skip.has('typed')) {
  // A copy of the corpus outside node_modules (ESLint and the project service skip those
  // paths) with a tsconfig that type-checks the JavaScript (allowJs) against @types/node.
  const typedDir = path.join(corpusCacheDir(), 'typed');
  rmSync(typedDir, { recursive: true, force: true });
  mkdirSync(typedDir, { recursive: true });
  const copies = [];
  for (const f of corpus) {
    const dest = path.join(typedDir, f.pkg, f.rel);
    mkdirSync(path.dirname(dest), { recursive: true });
    cpSync(f.file, dest);
    copies.push({ file: dest, text: f.text, sourceType: sourceTypeOf(f.file, f.text) });
  }
  writeFileSync(
    path.join(typedDir, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          allowJs: true,
          checkJs: false,
          noEmit: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        },
        // Every copied file by name: include globs skip dotfiles such as .eslintrc.js.
        files: copies.map((c) => path.relative(typedDir, c.file).split(path.sep).join('/')),
      },
      null,
      2,
    )}\n`,
  );
  const ownSources = listFiles(path.join(ROOT, 'src')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const linter = new Linter({ cwd: typedDir });
  const typedCorpus = measure(copies, {
    linter,
    rules: benchRules,
    parseAll: () => ({
      parser: tsParser,
      parserOptions: { projectService: true, tsconfigRootDir: typedDir },
    }),
  });
  const typedOwn = measure(ownSources, { linter: new Linter({ cwd: ROOT }), rules: benchRules, typed: { tsconfigRootDir: ROOT } });
  results.typed = { corpus: typedCorpus, ownSources: typedOwn };
  out.push(
    table(
      'Corpus with type information (`projectService`, corpus JS type-checked through an `allowJs` tsconfig)',
      typedCorpus,
    ),
  );
  for (const f of typedCorpus.unparsedFiles) console.error(`typed: not parsed: ${f}`);
  out.push(table("The plugin's own `src/**/*.ts` with type information (`projectService`, the repo's tsconfig)", typedOwn));
  console.error(`typed done in ${((typedCorpus.wall + typedOwn.wall) / 1000).toFixed(1)} s`);
  if (!process.env.BENCH_KEEP_TYPED) rmSync(typedDir, { recursive: true, force: true });
}

// ------------------------------------------------------------------ 3. bail-out

{
  const candidates = [
    { label: 'no socket code: `acorn/dist/acorn.js`', file: path.join(ROOT, 'node_modules', 'acorn', 'dist', 'acorn.js') },
  ];
  if (!skip.has('typescript-lib')) {
    candidates.push({
      label: 'no sockets, but mentions `Socket`/"net": `typescript/lib/typescript.js`',
      file: path.join(ROOT, 'node_modules', 'typescript', 'lib', 'typescript.js'),
    });
  }
  const rows = ['### Files without sockets', '', '| file | lines | parse ms | all plugin rules ms | plugin / parse |', '| :--- | ---: | ---: | ---: | ---: |'];
  results.noSockets = [];
  for (const { label, file } of candidates) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const linter = new Linter({ cwd: ROOT });
    // Twice: the first run warms the JIT up; the second is reported.
    measure([{ file, text }], { linter, rules: plugin.configs.all.rules });
    const sum = measure([{ file, text }], { linter, rules: plugin.configs.all.rules });
    results.noSockets.push({ label, ...sum });
    rows.push(`| ${label} | ${sum.lines} | ${ms(sum.parse)} | ${ms(sum.plugin)} | ${ratio(sum.plugin, sum.parse)} |`);
  }
  out.push(rows.join('\n'));
}

// ------------------------------------------------------------------ 4. growth

if (!skip.has('growth')) {
  const SOCKET_MODULE = /require\(\s*['"](?:node:)?(?:net|tls)['"]\s*\)|from\s+['"](?:node:)?(?:net|tls)['"]/;
  const socketFiles = corpus.filter((f) => SOCKET_MODULE.test(f.text) && sourceTypeOf(f.file, f.text) === 'commonjs');
  const linter = new Linter({ cwd: ROOT });
  const rows = [
    '### Growth with input size',
    '',
    `The ${socketFiles.length} CommonJS corpus files that require \`net\`/\`tls\`, each repeated k times in its own block`,
    '(`{ ... }`, so every copy is a full set of sockets, listeners and functions), plugin rules only:',
    '',
    `Fastest of 3 interleaved runs per k.`,
    '',
    '| k | lines | parse ms | all plugin rules ms | plugin ms / k | plugin / parse |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  results.growth = [];
  measure(socketFiles, { linter, rules: plugin.configs.all.rules }); // warm-up
  // Each k is measured REPEATS times, interleaved (1,2,3,4,1,2,3,4,...), and the fastest run
  // is kept: on a shared machine single runs vary by 2x, the minimum is the stable figure.
  const REPEATS = 3;
  const best = new Map();
  for (let rep = 0; rep < REPEATS; rep++) {
    for (let k = 1; k <= 4; k++) {
      const repeated = socketFiles.map((f) => ({
        file: f.file,
        text: Array.from({ length: k }, () => `{\n${f.text}\n}`).join('\n'),
        sourceType: 'commonjs',
      }));
      const sum = measure(repeated, { linter, rules: plugin.configs.all.rules });
      const previous = best.get(k);
      best.set(k, {
        k,
        ...sum,
        plugin: Math.min(sum.plugin, previous?.plugin ?? Infinity),
        parse: Math.min(sum.parse, previous?.parse ?? Infinity),
      });
    }
  }
  for (let k = 1; k <= 4; k++) {
    const sum = best.get(k);
    results.growth.push(sum);
    rows.push(`| ${k} | ${sum.lines} | ${ms(sum.parse)} | ${ms(sum.plugin)} | ${ms(sum.plugin / k)} | ${ratio(sum.plugin, sum.parse)} |`);
  }
  out.push(rows.join('\n'));
}

// ------------------------------------------------------------------ print

const m = results.machine;
console.log(`Node ${m.node}, ESLint ${m.eslint}, ${m.cpus} CPUs (${m.cpu}), load average ${m.loadavg.join(' ')}\n`);
console.log(out.join('\n\n'));
if (args.json) writeFileSync(path.resolve(args.json), `${JSON.stringify(results, null, 2)}\n`);
