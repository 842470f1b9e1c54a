#!/usr/bin/env node
// One lint run in its own process, for the benchmark's peak-memory comparison (scripts/bench.mjs):
//   node scripts/lib/rss-child.mjs <core|plugin> <job.json>
// job.json: { "files": [{ "file", "sourceType" }], "coreRules": [...] }. `core` lints the files with
// the core rules alone and never loads the plugin; `plugin` adds the plugin's rules (configs.all).
// Files are read one at a time and every message is kept, as the `eslint` CLI does. Prints one
// JSON line: peak RSS (process.resourceUsage().maxRSS, KiB), the heap still used after a full GC at
// the end (KiB, with --expose-gc), files, messages, wall ms.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Linter } from 'eslint';
import { ROOT, configFor, lintText, loadPlugin } from './lint-lib.mjs';

const [mode, jobFile] = process.argv.slice(2);
if (mode !== 'core' && mode !== 'plugin') throw new Error(`rss-child: mode must be core or plugin, not ${mode}`);
const job = JSON.parse(readFileSync(jobFile, 'utf8'));
const plugin = mode === 'plugin' ? await loadPlugin() : { rules: {} };
const rules = {
  ...(mode === 'plugin' ? plugin.configs.all.rules : {}),
  ...Object.fromEntries(job.coreRules.map((rule) => [rule, 'error'])),
};
const linter = new Linter({ cwd: ROOT });
const kept = [];
let files = 0;
let crashes = 0;
const started = performance.now();
for (const { file, sourceType } of job.files) {
  const text = readFileSync(file, 'utf8');
  const result = lintText(linter, file, text, configFor(file, text, { plugin, rules, sourceType }));
  if (result.crash) crashes++;
  else files++;
  kept.push(result.messages);
}
const maxRssKiB = process.resourceUsage().maxRSS;
// What stays reachable once everything is linted (run with --expose-gc): a rule or cache that keeps
// per-file state alive shows here, deterministically, where the peak RSS is noisy.
globalThis.gc?.();
process.stdout.write(
  `${JSON.stringify({
    mode,
    maxRssKiB,
    retainedKiB: globalThis.gc ? Math.round(process.memoryUsage().heapUsed / 1024) : null,
    files,
    crashes,
    messages: kept.reduce((n, messages) => n + messages.length, 0),
    ms: Math.round(performance.now() - started),
  })}\n`,
);
