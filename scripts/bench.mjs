#!/usr/bin/env node
// What the plugin costs its user, measured on the real-world corpus (corpus/packages.json) in one
// run, from ESLint's own per-rule stats (`stats: true`) where it can:
//   untyped         --passes passes over the corpus with configs.all + the six core rules below, reported
//                   twice: the first pass (a fresh process) and each file's fastest pass (a warm one);
//   typed           the same files parsed by @typescript-eslint/parser with `projectService` (a copy
//                   of the corpus with an allowJs tsconfig), interleaved file by file with the
//                   untyped pass when both run, plus the plugin's own src/**/*.ts;
//   no-sockets      the bail-out: a big file with no socket code (acorn.js);
//   typescript-lib  ... and TypeScript's typescript.js (9 MB, mentions Socket and "net");
//   growth          the corpus's socket modules repeated 1..4 times in block scopes, plugin rules only;
//   rss             peak RSS of a whole corpus lint in a child process, core rules alone vs core rules
//                   + the plugin (scripts/lib/rss-child.mjs), both children at once, --rss-rounds rounds;
//   editor          didOpen -> diagnostics on the 2,000-line socket module (tests/e2e/big-file.ts)
//                   through the real ESLint language server, core rules vs core rules + the plugin's
//                   `recommended`, interleaved on one server, a fresh document URI per open.
// Prints the acceptance lines (PASS/FAIL: informational, nothing here gates `npm test`) and the
// markdown tables of README "Performance".
//
//   npm run bench                                   everything (the run time is printed at the end)
//   npm run bench -- --only untyped,editor          just these parts
//   npm run bench -- --skip typed,typescript-lib    all but these
//   npm run bench -- --repeats 3 --opens 15         growth runs per k, editor opens per configuration
//   npm run bench -- --rss-rounds 4                 rounds of the peak-memory comparison
//   npm run bench -- --passes 3                     passes over the corpus (untyped, typed): the first is what a
//                                                   fresh process pays, the per-file fastest of all what a warm one pays
//   npm run bench -- --json bench/results.tmp.json  also the raw sums
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
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

const PARTS = ['untyped', 'typed', 'no-sockets', 'typescript-lib', 'growth', 'rss', 'editor'];
const { values: args } = parseArgs({
  options: {
    skip: { type: 'string', default: '' },
    only: { type: 'string', default: '' },
    repeats: { type: 'string', default: '3' },
    passes: { type: 'string', default: '3' },
    opens: { type: 'string', default: '15' },
    'rss-rounds': { type: 'string', default: '4' },
    json: { type: 'string' },
  },
});
const list = (value) => value.split(',').map((s) => s.trim()).filter(Boolean);
for (const part of [...list(args.skip), ...list(args.only)]) {
  if (!PARTS.includes(part)) throw new Error(`bench: unknown part ${part} (parts: ${PARTS.join(', ')})`);
}
const only = new Set(list(args.only));
const skip = new Set(list(args.skip));
const runs = (part) => (only.size === 0 || only.has(part)) && !skip.has(part);
const count = (name) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench: --${name} takes a whole number >= 1, not ${args[name]}`);
  return n;
};
const REPEATS = count('repeats');
const PASSES = count('passes');
const OPENS = count('opens');
const RSS_ROUNDS = count('rss-rounds');

/** The acceptance figures of the issue: what the plugin may cost, as ratios measured in this run. */
const LIMITS = {
  vsNoUnusedVars: 1.0,
  vsCoreSix: 0.3,
  typedVsUntyped: 1.1,
  vsParse: 0.05,
  growth: 1.25,
  rss: 1.1,
  editor: 1.2,
};

const CORE_RULES = ['no-unused-vars', 'no-undef', 'require-atomic-updates', 'no-unreachable', 'consistent-return', 'no-shadow'];
const shippedPlugin = await loadPlugin();

// The shared per-file analysis is built by whichever rule asks first, from the syntax the first
// rule created for the file gathers during ESLint's traversal. A bench-only rule made by the same
// factory and listed first is that rule: it gathers the syntax and asks for the analysis first, at
// `Program:exit`, so it carries that cost in its own row and every shipped rule's row is its own
// work. If a rewrite drops the getters, the row disappears and the analysis is charged to the
// rules (the total is the same either way).
const SHARED = 'socket-concurrency/(shared analysis)';
const { createRule: sharedRuleFactory } = await import(pathToFileURL(path.join(ROOT, 'dist', 'create-rule.js')).href);
const sharedBuilders = await (async () => {
  try {
    const analysis = await import(pathToFileURL(path.join(ROOT, 'dist', 'analysis', 'index.js')).href);
    return ['getAnalysis', 'getBoundaries'].filter((name) => typeof analysis[name] === 'function').map((name) => analysis[name]);
  } catch (error) {
    console.error(`bench: dist/analysis/index.js not loaded (${error.message})`);
    return [];
  }
})();
if (sharedBuilders.length === 0) console.error('bench: no getAnalysis/getBoundaries in dist/analysis: no shared-analysis row');
const plugin = {
  ...shippedPlugin,
  rules: {
    ...shippedPlugin.rules,
    ...(sharedBuilders.length > 0 && {
      '(shared analysis)': sharedRuleFactory({
        name: '(shared analysis)',
        meta: { type: 'problem', docs: { description: 'bench only', recommended: false }, schema: [], messages: {}, defaultOptions: [] },
        create(context) {
          return {
            'Program:exit'() {
              for (const build of sharedBuilders) build(context);
            },
          };
        },
      }),
    }),
  },
};
// ESLint gives each file a new context object that every rule's context inherits from, and being
// the first rule of a file costs time no rule's own work explains: in one process, interleaved
// per file, a first rule that reads only `context.sourceCode` took 13.5 ms over the 2,187 corpus
// files (13.0 ms reading `context.filename` instead, 5.0 ms reading nothing), the first lookup
// through that new object most likely paying V8's set-up of it; behind it the plugin's rules took
// 339.6 ms, first 352.8 ms. Without the plugin a core rule pays it. So a bench-only rule that
// reads `context.sourceCode` and nothing else runs first in every lint and is counted in no row.
const FILE_CONTEXT = 'socket-concurrency/(file context)';
plugin.rules['(file context)'] = {
  meta: { type: 'problem', docs: { description: 'bench only' }, schema: [] },
  create(context) {
    void context.sourceCode;
    return {};
  },
};
const allRules = { ...(sharedBuilders.length > 0 && { [SHARED]: 'error' }), ...shippedPlugin.configs.all.rules };
plugin.configs = { ...shippedPlugin.configs, all: { ...shippedPlugin.configs.all, rules: allRules } };
const pluginRuleIds = Object.keys(allRules);
/** The plugin's rules alone (growth, files without sockets), after the same first rule. */
const pluginOnlyRules = { [FILE_CONTEXT]: 'error', ...allRules };
const benchRules = { [FILE_CONTEXT]: 'error', ...allRules, ...Object.fromEntries(CORE_RULES.map((r) => [r, 'error'])) };
const results = {
  machine: {
    node: process.version,
    eslint: Linter.version,
    cpus: availableParallelism(),
    cpu: cpus()[0]?.model,
    loadavg: loadavg().map((n) => Number(n.toFixed(2))),
  },
};
const out = [];
const benchStarted = performance.now();
const elapsed = () => `${((performance.now() - benchStarted) / 1000).toFixed(0)} s into the run`;
/** Acceptance lines: { label, value, limit, pass, detail, percent } or { label, skipped }. */
const checks = [];
function check(label, value, limit, detail, { percent = false } = {}) {
  checks.push({ label, value, limit, pass: value <= limit, detail, percent });
}

// ------------------------------------------------------------------ helpers

function emptySum() {
  return {
    files: 0,
    lines: 0,
    parse: 0,
    total: 0,
    rules: {},
    unparsed: 0,
    unparsedFiles: [],
    crashes: 0,
    perFile: new Map(),
    perFileParse: new Map(),
    perFileRules: new Map(),
    perFileTotal: new Map(),
    wall: 0,
    plugin: 0,
  };
}

/** Lints one file ({ file, text, sourceType?, key? }) with stats and adds its times to `sum`. */
function measureOne(sum, { file, text, sourceType, key }, { linter, rules, typed = null, languageOptions = null }) {
  const started = performance.now();
  const config = configFor(file, text, { plugin, rules, typed, sourceType });
  if (languageOptions) Object.assign(config[0].languageOptions, languageOptions);
  const result = lintText(linter, file, text, config, { stats: true });
  sum.wall += performance.now() - started;
  if (result.crash) {
    sum.crashes++;
    console.error(`crash in ${file}: ${result.crash.message.split('\n')[0]}`);
    return;
  }
  if (result.parseError) {
    sum.unparsed++;
    sum.unparsedFiles.push(`${path.relative(ROOT, file)}: ${result.parseError.message}`);
    return;
  }
  sum.files++;
  sum.lines += countLines(text);
  let pluginMs = 0;
  let parseMs = 0;
  let totalMs = 0;
  const fileRules = {};
  for (const pass of result.times.passes) {
    parseMs += pass.parse?.total ?? 0;
    sum.parse += pass.parse?.total ?? 0;
    sum.total += pass.total ?? 0;
    totalMs += pass.total ?? 0;
    for (const [id, t] of Object.entries(pass.rules ?? {})) {
      sum.rules[id] = (sum.rules[id] ?? 0) + t.total;
      fileRules[id] = (fileRules[id] ?? 0) + t.total;
      if (id in allRules) pluginMs += t.total;
    }
  }
  sum.plugin += pluginMs;
  sum.perFile.set(key ?? file, pluginMs);
  sum.perFileParse.set(key ?? file, parseMs);
  sum.perFileRules.set(key ?? file, fileRules);
  sum.perFileTotal.set(key ?? file, totalMs);
}

/**
 * The passes of one configuration as one sum in which each file counts with its fastest pass: for
 * the plugin's rules together, the six core rules together, each rule alone, parse and the lint
 * total. On a shared machine a preempted or GC-hit file takes several times its time in one pass,
 * and only a per-file minimum filters that out; from the second pass on the process is warm, as
 * an editor's language server is.
 */
function fastestOf(sums) {
  const fast = emptySum();
  const first = sums[0];
  Object.assign(fast, { files: first.files, lines: first.lines, unparsed: first.unparsed, unparsedFiles: first.unparsedFiles, crashes: first.crashes });
  fast.coreSixTotal = 0;
  const lowest = (values) => Math.min(...values.filter((v) => v !== undefined));
  for (const key of first.perFile.keys()) {
    const rulesPerPass = sums.map((s) => s.perFileRules.get(key) ?? {});
    const plugin = lowest(sums.map((s) => s.perFile.get(key)));
    const parse = lowest(sums.map((s) => s.perFileParse.get(key)));
    const total = lowest(sums.map((s) => s.perFileTotal.get(key)));
    fast.perFile.set(key, plugin);
    fast.perFileParse.set(key, parse);
    fast.perFileTotal.set(key, total);
    fast.plugin += plugin;
    fast.parse += parse;
    fast.total += total;
    fast.coreSixTotal += lowest(rulesPerPass.map((r) => CORE_RULES.reduce((acc, id) => acc + (r[id] ?? 0), 0)));
    for (const id of Object.keys(rulesPerPass[0])) fast.rules[id] = (fast.rules[id] ?? 0) + lowest(rulesPerPass.map((r) => r[id] ?? 0));
  }
  fast.wall = sums.reduce((acc, s) => acc + s.wall, 0);
  return fast;
}

/** Lints `files` once per pass, the passes interleaved file by file (load drift hits all alike). */
function measurePasses(files, passes) {
  const sums = passes.map(() => emptySum());
  files.forEach((f, i) => {
    for (let j = 0; j < passes.length; j++) {
      const p = (i + j) % passes.length; // alternate which pass goes first
      measureOne(sums[p], passes[p].file ? passes[p].file(f, i) : f, passes[p]);
    }
  });
  return sums;
}

const measure = (files, options) => measurePasses(files, [options])[0];
const coreSix = (sum) => sum.coreSixTotal ?? CORE_RULES.reduce((acc, id) => acc + (sum.rules[id] ?? 0), 0);
const ms = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function table(title, sum) {
  const nuv = sum.rules['no-unused-vars'] ?? 0;
  const core = coreSix(sum);
  const row = (label, t) => `| ${label} | ${ms(t)} | ${ratio(t, nuv)} | ${ratio(t, core)} | ${ratio(t, sum.parse)} |`;
  const rows = [
    `#### ${title}`,
    '',
    `${sum.files} files, ${sum.lines} lines${sum.unparsed ? `, ${sum.unparsed} not parsed` : ''}; lint wall ${(sum.wall / 1000).toFixed(1)} s.`,
    '',
    '| | ms | vs `no-unused-vars` | vs six core rules | vs parse |',
    '| :--- | ---: | ---: | ---: | ---: |',
  ];
  for (const id of pluginRuleIds) rows.push(row(`\`${id}\``, sum.rules[id] ?? 0));
  for (const id of CORE_RULES) if (id in sum.rules) rows.push(row(`\`${id}\``, sum.rules[id]));
  const p = sum.plugin;
  rows.push(`| **all plugin rules** | **${ms(p)}** | **${ratio(p, nuv)}** | **${ratio(p, core)}** | **${ratio(p, sum.parse)}** |`);
  rows.push(row('six core rules', core));
  rows.push(`| parse | ${ms(sum.parse)} | ${ratio(sum.parse, nuv)} | ${ratio(sum.parse, core)} | 1.00 |`);
  rows.push(`| lint total (parse + all rules + traversal) | ${ms(sum.total)} | | | ${ratio(sum.total, sum.parse)} |`);
  return rows.join('\n');
}

function readCorpus(nodeModules) {
  const files = [];
  for (const pkg of corpusPackages()) {
    for (const file of listFiles(path.join(nodeModules, pkg.name))) {
      const text = readFileSync(file, 'utf8');
      if (skipReason(text)) continue;
      const rel = path.relative(path.join(nodeModules, pkg.name), file);
      files.push({ file, text, pkg: pkg.name, rel, key: `${pkg.name}/${rel}`, sourceType: sourceTypeOf(file, text) });
    }
  }
  return files;
}

/** The bench-only row must not change what the rules report (it only asks for the analysis first). */
function checkSharedRowIsNeutral(files) {
  const linter = new Linter({ cwd: ROOT });
  const withRow = { ...allRules };
  const without = { ...shippedPlugin.configs.all.rules };
  for (const { file, text, sourceType } of files) {
    const a = lintText(linter, file, text, configFor(file, text, { plugin, rules: withRow, sourceType }));
    const b = lintText(linter, file, text, configFor(file, text, { plugin, rules: without, sourceType }));
    const show = (r) => JSON.stringify(r.crash ?? r.messages.map((m) => [m.ruleId, m.line, m.column, m.messageId]));
    if (show(a) !== show(b)) throw new Error(`bench: the shared-analysis row changes the findings in ${file}: the analysis can no longer be built early; fix the bench rule`);
  }
}

// ------------------------------------------------------------------ the corpus

const needsCorpus = ['untyped', 'typed', 'growth', 'rss'].some(runs);
const corpus = needsCorpus ? readCorpus(ensureCorpus()) : [];
const SOCKET_MODULE = /require\(\s*['"](?:node:)?(?:net|tls)['"]\s*\)|from\s+['"](?:node:)?(?:net|tls)['"]/;
const socketFiles = corpus.filter((f) => SOCKET_MODULE.test(f.text) && f.sourceType === 'commonjs');
console.error(
  `bench: parts ${PARTS.filter(runs).join(', ')}; ${corpus.length} corpus files from ${needsCorpus ? corpusPackages().length : 0} packages; plugin rules: ${pluginRuleIds.join(', ')}`,
);
if (sharedBuilders.length > 0) {
  const fixture = path.join(ROOT, 'tests', 'fixtures', 'e2e', 'buggy-server.js');
  const text = readFileSync(fixture, 'utf8');
  checkSharedRowIsNeutral([{ file: fixture, text, sourceType: 'module' }, ...socketFiles.slice(0, 20)]);
}

// ------------------------------------------------------------------ untyped and typed

let untyped = null;
let typedCorpus = null;
if (runs('untyped') || runs('typed')) {
  const passes = [];
  if (runs('untyped')) passes.push({ name: 'untyped', linter: new Linter({ cwd: ROOT }), rules: benchRules });
  let typedDir = null;
  if (runs('typed')) {
    // A copy of the corpus outside node_modules (ESLint and the project service skip those paths)
    // with a tsconfig that type-checks the JavaScript (allowJs) against @types/node.
    typedDir = path.join(corpusCacheDir(), 'typed');
    rmSync(typedDir, { recursive: true, force: true });
    mkdirSync(typedDir, { recursive: true });
    const copies = corpus.map((f) => {
      const dest = path.join(typedDir, f.pkg, f.rel);
      mkdirSync(path.dirname(dest), { recursive: true });
      cpSync(f.file, dest);
      return { ...f, file: dest };
    });
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
    passes.push({
      name: 'typed',
      linter: new Linter({ cwd: typedDir }),
      rules: benchRules,
      languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: typedDir } },
      file: (_f, i) => copies[i],
    });
  }
  // PASSES passes over the corpus in one process: the first is what a fresh process pays (the
  // plugin's code is not compiled yet: a one-time cost of the process, not of each file), the
  // per-file fastest of all what a warm one (the editor's server, a long lint) pays.
  const corpusRuns = Array.from({ length: PASSES }, (_, n) => {
    const sums = measurePasses(corpus, passes);
    console.error(`corpus pass ${n + 1} of ${PASSES} done (${elapsed()})`);
    return sums;
  });
  passes.forEach((p, i) => {
    const first = corpusRuns[0][i];
    const fast = fastestOf(corpusRuns.map((r) => r[i]));
    if (p.name === 'untyped') untyped = { first, fast };
    else typedCorpus = { first, fast };
  });
  if (untyped) {
    results.untyped = untyped;
    out.push(table('Corpus, no type information: first pass (a fresh process)', untyped.first));
    out.push(table(`Corpus, no type information: each file its fastest of ${PASSES} passes (a warm process)`, untyped.fast));
  }
  if (typedCorpus) {
    results.typed = { corpus: typedCorpus };
    out.push(table('Corpus with type information (`projectService`, corpus JS type-checked through an `allowJs` tsconfig): first pass', typedCorpus.first));
    out.push(table(`Corpus with type information: each file its fastest of ${PASSES} passes`, typedCorpus.fast));
    for (const f of typedCorpus.first.unparsedFiles) console.error(`typed: not parsed: ${f}`);
    const ownSources = listFiles(path.join(ROOT, 'src')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    const typedOwn = measure(ownSources, { linter: new Linter({ cwd: ROOT }), rules: benchRules, typed: { tsconfigRootDir: ROOT } });
    results.typed.ownSources = typedOwn;
    out.push(table("The plugin's own `src/**/*.ts` with type information (`projectService`, the repo's tsconfig)", typedOwn));
    if (!process.env.BENCH_KEEP_TYPED) rmSync(typedDir, { recursive: true, force: true });
  }
  console.error(`untyped/typed done (${elapsed()})`);
}

const WHICH = [
  ['first', 'first pass'],
  ['fast', `fastest of ${PASSES}`],
];
for (const [which, name] of WHICH) {
  const sum = untyped?.[which];
  const labels = [`all nine rules vs \`no-unused-vars\`, untyped, ${name}`, `all nine rules vs the six core rules, untyped, ${name}`, `all nine rules vs parse time, untyped, ${name}`];
  if (!sum) {
    for (const label of labels) checks.push({ label, skipped: 'part untyped not run' });
    continue;
  }
  const nuv = sum.rules['no-unused-vars'];
  check(labels[0], sum.plugin / nuv, LIMITS.vsNoUnusedVars, `${ms(sum.plugin)} ms vs ${ms(nuv)} ms`);
  check(labels[1], sum.plugin / coreSix(sum), LIMITS.vsCoreSix, `${ms(sum.plugin)} ms vs ${ms(coreSix(sum))} ms`);
  check(labels[2], sum.plugin / sum.parse, LIMITS.vsParse, `${ms(sum.plugin)} ms vs ${ms(sum.parse)} ms`, { percent: true });
}
for (const [which, name] of WHICH) {
  const label = `plugin time with \`projectService\` vs untyped, ${name}`;
  if (!untyped || !typedCorpus) {
    checks.push({ label, skipped: 'needs parts untyped and typed' });
    continue;
  }
  // Over the files both passes parsed, so the two sums cover the same code.
  let u = 0;
  let t = 0;
  let n = 0;
  for (const [key, typedMs] of typedCorpus[which].perFile) {
    if (!untyped[which].perFile.has(key)) continue;
    u += untyped[which].perFile.get(key);
    t += typedMs;
    n++;
  }
  check(label, t / u, LIMITS.typedVsUntyped, `${ms(t)} ms vs ${ms(u)} ms on the ${n} files both parsed, interleaved file by file`);
}

// ------------------------------------------------------------------ bail-out

if (runs('no-sockets') || runs('typescript-lib')) {
  const acorn = path.join(ROOT, 'node_modules', 'acorn', 'dist', 'acorn.js');
  const candidates = [];
  if (runs('no-sockets')) candidates.push({ label: 'no socket code: `acorn/dist/acorn.js`', file: acorn });
  if (runs('typescript-lib')) {
    candidates.push({
      label: 'no sockets, but mentions `Socket`/"net": `typescript/lib/typescript.js`',
      file: path.join(ROOT, 'node_modules', 'typescript', 'lib', 'typescript.js'),
    });
  }
  const rows = ['#### Files without sockets', '', '| file | lines | parse ms | all plugin rules ms | plugin / parse |', '| :--- | ---: | ---: | ---: | ---: |'];
  results.noSockets = [];
  for (const { label, file } of candidates) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const linter = new Linter({ cwd: ROOT });
    // A warm-up on the small file first (JIT), then one measured run: a second 9 MB parse costs half a minute.
    measure([{ file: acorn, text: readFileSync(acorn, 'utf8') }], { linter, rules: pluginOnlyRules });
    const sum = measure([{ file, text }], { linter, rules: pluginOnlyRules });
    results.noSockets.push({ label, ...sum });
    rows.push(`| ${label} | ${sum.lines} | ${ms(sum.parse)} | ${ms(sum.plugin)} | ${ratio(sum.plugin, sum.parse)} |`);
  }
  out.push(rows.join('\n'));
  console.error(`no-sockets done (${elapsed()})`);
}

// ------------------------------------------------------------------ growth

if (runs('growth')) {
  const linter = new Linter({ cwd: ROOT });
  const rows = [
    '#### Growth with input size',
    '',
    `The ${socketFiles.length} CommonJS corpus files that require \`net\`/\`tls\`, each repeated k times in its own block`,
    '(`{ ... }`, so every copy is a full set of sockets, listeners and functions), plugin rules only. Each k is linted',
    `${REPEATS} times, interleaved (1, 2, 3, 4, 1, 2, ...), and each file counts with its fastest run: on a shared machine a`,
    'preempted file can take 10x its time, and the per-file minimum filters that out where a minimum over whole runs does not.',
    '',
    '| k | lines | parse ms | all plugin rules ms | plugin ms / k | vs k = 1 | plugin / parse |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  results.growth = [];
  const inputs = [1, 2, 3, 4].map((k) =>
    socketFiles.map((f) => ({ file: f.file, text: Array.from({ length: k }, () => `{\n${f.text}\n}`).join('\n'), sourceType: 'commonjs' })),
  );
  measure(socketFiles, { linter, rules: pluginOnlyRules }); // warm-up
  const fastest = [1, 2, 3, 4].map(() => ({ plugin: new Map(), parse: new Map(), lines: 0 }));
  const keepMin = (into, from) => {
    for (const [file, t] of from) into.set(file, Math.min(t, into.get(file) ?? Infinity));
  };
  for (let rep = 0; rep < REPEATS; rep++) {
    for (let k = 1; k <= 4; k++) {
      const sum = measure(inputs[k - 1], { linter, rules: pluginOnlyRules });
      keepMin(fastest[k - 1].plugin, sum.perFile);
      keepMin(fastest[k - 1].parse, sum.perFileParse);
      fastest[k - 1].lines = sum.lines;
    }
  }
  const total = (map) => [...map.values()].reduce((a, b) => a + b, 0);
  const perK1 = total(fastest[0].plugin);
  for (let k = 1; k <= 4; k++) {
    const pluginMs = total(fastest[k - 1].plugin);
    const parseMs = total(fastest[k - 1].parse);
    results.growth.push({ k, lines: fastest[k - 1].lines, plugin: pluginMs, parse: parseMs });
    rows.push(`| ${k} | ${fastest[k - 1].lines} | ${ms(parseMs)} | ${ms(pluginMs)} | ${ms(pluginMs / k)} | ${ratio(pluginMs / k, perK1)} | ${ratio(pluginMs, parseMs)} |`);
  }
  const steepest = socketFiles
    .map((f) => ({ f, k1: fastest[0].plugin.get(f.file), k4: fastest[3].plugin.get(f.file) / 4 }))
    .filter((x) => x.k1 > 0 && x.k4 >= 0)
    .sort((a, b) => b.k4 - b.k1 - (a.k4 - a.k1))
    .slice(0, 3);
  rows.push(
    '',
    `Steepest growth (plugin ms per copy, 1x -> 4x): ${steepest.map((x) => `\`${x.f.pkg}/${x.f.rel}\` ${ms(x.k1)} -> ${ms(x.k4)}`).join(', ')}.`,
  );
  out.push(rows.join('\n'));
  const perK4 = total(fastest[3].plugin) / 4;
  check('growth 1x..4x: plugin ms per copy at 4x vs 1x', perK4 / perK1, LIMITS.growth, `${ms(perK4)} vs ${ms(perK1)} ms per copy, per-file fastest of ${REPEATS}`);
  console.error(`growth done (${elapsed()})`);
} else {
  checks.push({ label: 'growth 1x..4x: plugin ms per copy at 4x vs 1x', skipped: 'part growth not run' });
}

// ------------------------------------------------------------------ peak memory

if (runs('rss')) {
  const jobFile = path.join(corpusCacheDir(), 'rss-job.tmp.json');
  writeFileSync(jobFile, JSON.stringify({ files: corpus.map(({ file, sourceType }) => ({ file, sourceType })), coreRules: CORE_RULES }));
  const child = path.join(ROOT, 'scripts', 'lib', 'rss-child.mjs');
  const runChild = async (mode) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', child, mode, jobFile], { cwd: ROOT, maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').at(-1));
  };
  // Each round runs both children at once (2 cores). V8 sizes its heap from timing (GC and mutator
  // speed), so the same lint peaks far higher or lower from one run to the next: the core rules
  // alone peaked at 358, 414 and 574 MB in three runs of one day, the plugin's run at 581 and 736
  // (--single-threaded-gc does not settle it). A lowest of two is then a draw from two wide
  // distributions; the median of RSS_ROUNDS rounds is what the check uses, the lowest is shown
  // beside it, and the heap retained at the end (after a forced GC) is the deterministic check.
  const rounds = [];
  for (let round = 0; round < RSS_ROUNDS; round++) {
    const [core, withPlugin] = await Promise.all([runChild('core'), runChild('plugin')]);
    rounds.push({ core, plugin: withPlugin });
  }
  rmSync(jobFile, { force: true });
  const peaks = (mode) => rounds.map((r) => r[mode].maxRssKiB);
  const lowest = (mode) => rounds.map((r) => r[mode]).reduce((a, b) => (b.maxRssKiB < a.maxRssKiB ? b : a));
  const core = lowest('core');
  const withPlugin = lowest('plugin');
  const medianCore = median(peaks('core'));
  const medianPlugin = median(peaks('plugin'));
  results.rss = { rounds, core, plugin: withPlugin, medianCoreKiB: medianCore, medianPluginKiB: medianPlugin };
  const mb = (kib) => (kib / 1024).toFixed(0);
  const each = (mode) => peaks(mode).map(mb).join(', ');
  out.push(
    [
      '#### Peak memory',
      '',
      `One process per configuration, each linting the ${corpus.length} corpus files one after the other and keeping every message, as the`,
      `\`eslint\` CLI does; peak RSS from \`process.resourceUsage().maxRSS\`. ${RSS_ROUNDS} rounds, the two configurations side by side in`,
      'each. V8 sizes its heap from timing, so the same run peaks far higher or lower from one time to the next: the median of',
      'the rounds counts, the lowest is shown beside it. The heap still used after a forced GC at the end shows what, if anything, stays alive.',
      '',
      '| configuration | files | messages | peak RSS MB, each round | median | lowest | median vs core rules alone | heap retained at the end MB |',
      '| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| six core rules | ${core.files} | ${core.messages} | ${each('core')} | ${mb(medianCore)} | ${mb(core.maxRssKiB)} | 1.00 | ${mb(core.retainedKiB)} |`,
      `| six core rules + all nine plugin rules | ${withPlugin.files} | ${withPlugin.messages} | ${each('plugin')} | ${mb(medianPlugin)} | ${mb(withPlugin.maxRssKiB)} | ${ratio(medianPlugin, medianCore)} | ${mb(withPlugin.retainedKiB)} |`,
    ].join('\n'),
  );
  check('peak RSS with the plugin vs without', medianPlugin / medianCore, LIMITS.rss, `${mb(medianPlugin)} MB vs ${mb(medianCore)} MB, median of ${RSS_ROUNDS} rounds; lowest ${mb(withPlugin.maxRssKiB)} vs ${mb(core.maxRssKiB)} MB`);
  console.error(`rss done (${elapsed()})`);
} else {
  checks.push({ label: 'peak RSS with the plugin vs without', skipped: 'part rss not run' });
}

// ------------------------------------------------------------------ editor

if (runs('editor')) {
  const editor = await measureEditor();
  results.editor = editor;
  const med = (values) => (values.length ? ms(median(values)) : 'n/a');
  const row = (label, e) =>
    `| ${label} | ${e.opens.length} | ${ms(median(e.opens))} | ${ms(Math.min(...e.opens))} | ${ms(Math.max(...e.opens))} | ${med(e.server)} | ${med(e.cpu)} | ${e.findings} |`;
  out.push(
    [
      '#### In the editor',
      '',
      `\`vscode-eslint-language-server\` (vscode-langservers-extracted), driven over stdio as the VS Code extension drives it`,
      `(tests/e2e/lsp-client.ts), on the ${editor.lines}-line socket module of tests/e2e/big-file.ts (JavaScript). One server, two`,
      'folders with their own `eslint.config.js`; after 2 warm-up opens each, the two configurations alternate, each open a fresh',
      'file and URI, closed after its diagnostics arrive. Time from `didOpen` to the `textDocument/diagnostic` answer; the',
      "server's own lint time (its `eslint/status` report) and the CPU time the server process used per open, both medians.",
      '',
      '| configuration | opens | median ms | min ms | max ms | server lint ms | server CPU ms | findings |',
      '| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('six core rules', editor.core),
      row('six core rules + `recommended`', editor.plugin),
    ].join('\n'),
  );
  const cpuRatio = editor.plugin.cpu.length && editor.core.cpu.length ? `; server CPU ${ratio(median(editor.plugin.cpu), median(editor.core.cpu))}x` : '';
  check(
    'editor didOpen→diagnostics, plugin + core vs core alone (median)',
    median(editor.plugin.opens) / median(editor.core.opens),
    LIMITS.editor,
    `${ms(median(editor.plugin.opens))} ms vs ${ms(median(editor.core.opens))} ms, ${OPENS} opens each${cpuRatio}`,
  );
  console.error(`editor done (${elapsed()})`);
} else {
  checks.push({ label: 'editor didOpen→diagnostics, plugin + core vs core alone (median)', skipped: 'part editor not run' });
}

async function measureEditor() {
  // The e2e test's LSP client and big file, transpiled once into node_modules/.cache (Node 20 runs
  // no TypeScript): the bench drives the server exactly as the editor test does.
  const ts = (await import('typescript')).default;
  const lib = path.join(ROOT, 'node_modules', '.cache', 'socket-concurrency-bench', 'e2e');
  mkdirSync(lib, { recursive: true });
  writeFileSync(path.join(lib, 'package.json'), '{ "type": "module" }\n');
  for (const name of ['run', 'lsp-client', 'big-file']) {
    const source = readFileSync(path.join(ROOT, 'tests', 'e2e', `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, { fileName: `${name}.ts`, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(path.join(lib, `${name}.js`), outputText);
  }
  const { LspClient, extensionSettings } = await import(pathToFileURL(path.join(lib, 'lsp-client.js')).href);
  const { socketModule } = await import(pathToFileURL(path.join(lib, 'big-file.js')).href);

  // The workspace lives inside this package (git-ignored bench/*.tmp.*), so the server finds this
  // checkout's eslint and `import 'eslint-plugin-socket-concurrency'` resolves to dist/ by the
  // package's self-reference, the way a user's config imports it.
  const dir = path.join(ROOT, 'bench', 'editor.tmp.d');
  rmSync(dir, { recursive: true, force: true });
  const core = `{ rules: ${JSON.stringify(Object.fromEntries(CORE_RULES.map((r) => [r, 'error'])))} }`;
  const files = {
    '.vscode/settings.json': readFileSync(path.join(ROOT, 'docs', 'recipes', 'vscode-settings.json'), 'utf8'),
    'core/eslint.config.js': `export default [\n  ${core},\n];\n`,
    'plugin/eslint.config.js': `import socketConcurrency from 'eslint-plugin-socket-concurrency';\n\nexport default [\n  ${core},\n  socketConcurrency.configs.recommended,\n];\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const { text, missing } = socketModule(2_000, false);
  const client = new LspClient(dir, extensionSettings(dir, JSON.parse(files['.vscode/settings.json'])), 120_000);
  const measured = {
    lines: countLines(text),
    core: { opens: [], server: [], cpu: [], findings: 0 },
    plugin: { opens: [], server: [], cpu: [], findings: 0 },
  };
  // The server's CPU time (Linux /proc, clock ticks of 10 ms) spent per open: unlike the wall time,
  // it does not grow when other jobs take the CPU away, so it cross-checks the ratio.
  const serverPid = client.child?.pid; // private in the TypeScript source, plain in the transpiled JS
  const cpuMs = () => {
    try {
      const fields = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, at 100 ticks per second
    } catch {
      return null;
    }
  };
  try {
    await client.initialize();
    let n = 0;
    const open = async (folder, record) => {
      const file = path.join(dir, folder, `big-${n++}.js`);
      writeFileSync(file, text);
      const cpuBefore = cpuMs();
      const started = performance.now();
      const uri = client.open(file, 'javascript', text);
      const diagnostics = await client.diagnostics(uri);
      const wall = performance.now() - started;
      const cpuAfter = cpuMs();
      client.notify('textDocument/didClose', { textDocument: { uri } });
      const findings = diagnostics.filter((d) => d.code === 'socket-concurrency/require-socket-timeout').length;
      const expected = folder === 'plugin' ? missing : 0;
      if (findings !== expected) throw new Error(`bench editor: ${folder} reported ${findings} missing timeouts, expected ${expected}\n${client.log.join('\n')}`);
      if (!record) return;
      measured[folder].opens.push(wall);
      if (cpuBefore !== null && cpuAfter !== null) measured[folder].cpu.push(cpuAfter - cpuBefore);
      measured[folder].findings = findings;
      const status = client.status.filter((s) => s.uri === uri && typeof s.validationTime === 'number').at(-1);
      if (status) measured[folder].server.push(status.validationTime);
    };
    for (let i = 0; i < 2; i++) for (const folder of ['core', 'plugin']) await open(folder, false);
    for (let i = 0; i < OPENS; i++) for (const folder of i % 2 ? ['plugin', 'core'] : ['core', 'plugin']) await open(folder, true);
  } finally {
    await client.close();
    if (!process.env.BENCH_KEEP_EDITOR) rmSync(dir, { recursive: true, force: true });
  }
  return measured;
}

// ------------------------------------------------------------------ print

const m = results.machine;
const acceptance = checks.map((c) =>
  c.skipped
    ? `SKIP  ${c.label}: ${c.skipped}`
    : c.percent
      ? `${c.pass ? 'PASS' : 'FAIL'}  ${c.label}: ${(c.value * 100).toFixed(1)}% (limit ${(c.limit * 100).toFixed(0)}%; ${c.detail})`
      : `${c.pass ? 'PASS' : 'FAIL'}  ${c.label}: ${c.value.toFixed(2)}x (limit ${c.limit.toFixed(2)}x; ${c.detail})`,
);
results.acceptance = checks;
results.seconds = Math.round((performance.now() - benchStarted) / 1000);
console.log(
  `Node ${m.node}, ESLint ${m.eslint}, ${m.cpus} CPUs (${m.cpu}); load average ${m.loadavg.join(' ')} at the start, ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')} at the end; parts ${PARTS.filter(runs).join(', ')} in ${results.seconds} s\n`,
);
console.log(`#### Acceptance (informational: nothing here gates \`npm test\`)\n\n\`\`\`text\n${acceptance.join('\n')}\n\`\`\`\n`);
console.log(out.join('\n\n'));
if (args.json) {
  const replacer = (_key, value) => (value instanceof Map ? undefined : value);
  writeFileSync(path.resolve(args.json), `${JSON.stringify(results, replacer, 2)}\n`);
}
