#!/usr/bin/env node
// Crash sweep: every .js/.cjs/.mjs/.ts/.cts/.mts file under the project's own node_modules
// (not .d.ts, not *.min.js, not files with generated-length lines), linted with the plugin's
// `all` config from dist/. A rule exception is a crash; files that do not parse are skipped
// and counted. Prints files linted, skipped, crashes and time; exits 1 on any crash.
//
//   npm run sweep                          (build, then sweep with 2 workers)
//   node scripts/sweep.mjs --workers 4     more worker threads
//   node scripts/sweep.mjs --dir <folder>  sweep another folder (its nested node_modules too)
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ROOT, configFor, lintText, listFiles, loadPlugin, newLinter, skipReason, sourceTypeOf } from './lib/lint-lib.mjs';

if (isMainThread) {
  await main();
} else {
  await worker();
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      workers: { type: 'string', default: String(Math.max(1, Math.min(2, availableParallelism()))) },
      dir: { type: 'string', default: path.join(ROOT, 'node_modules') },
    },
  });
  const workers = Math.max(1, Number.parseInt(args.workers, 10) || 1);
  const started = performance.now();
  const files = listFiles(path.resolve(args.dir), { skipNodeModules: false });
  // Largest first, handed out one at a time: the two biggest files (typescript.js, _tsc.js)
  // start at once and the small ones fill in, so workers finish together.
  const sized = files.map((file) => ({ file, size: statSync(file).size })).sort((a, b) => b.size - a.size);
  const totals = { linted: 0, lines: 0, bytes: 0, generated: 0, unparsed: 0, crashes: [], slowest: [] };
  let next = 0;

  await Promise.all(
    Array.from({ length: workers }, () => {
      return new Promise((resolve, reject) => {
        const w = new Worker(new URL(import.meta.url), { workerData: {} });
        const feed = () => {
          if (next < sized.length) w.postMessage(sized[next++].file);
          else w.postMessage(null);
        };
        w.on('message', (msg) => {
          if (msg.type === 'ready') return feed();
          if (msg.type === 'result') {
            if (msg.generated) totals.generated++;
            else if (msg.unparsed) totals.unparsed++;
            else if (msg.crash) totals.crashes.push({ file: msg.file, ...msg.crash });
            else {
              totals.linted++;
              totals.lines += msg.lines;
              totals.bytes += msg.bytes;
              totals.slowest.push({ file: msg.file, ms: msg.ms });
            }
            return feed();
          }
        });
        w.on('error', reject);
        w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sweep worker exited with ${code}`))));
      });
    }),
  );

  const seconds = (performance.now() - started) / 1000;
  const rel = (file) => path.relative(ROOT, file);
  totals.slowest.sort((a, b) => b.ms - a.ms);
  console.log(`sweep: ${files.length} files under ${rel(path.resolve(args.dir)) || '.'} with ${workers} worker(s)`);
  console.log(`  linted:   ${totals.linted} files, ${totals.lines} lines, ${(totals.bytes / 1e6).toFixed(1)} MB`);
  console.log(`  skipped:  ${totals.unparsed} do not parse, ${totals.generated} generated (lines > 5000 chars)`);
  console.log(`  crashes:  ${totals.crashes.length}`);
  console.log(`  time:     ${seconds.toFixed(1)} s`);
  console.log(`  slowest:  ${totals.slowest.slice(0, 3).map((s) => `${rel(s.file)} ${Math.round(s.ms)} ms`).join(', ')}`);
  for (const c of totals.crashes) {
    console.log(`\nCRASH ${rel(c.file)} [${c.rule ?? '?'}]\n  ${c.stack.split('\n').slice(0, 8).join('\n  ')}`);
  }
  process.exit(totals.crashes.length > 0 ? 1 : 0);
}

async function worker() {
  const plugin = await loadPlugin();
  const rules = plugin.configs.all.rules;
  const linter = newLinter();
  parentPort.on('message', (file) => {
    if (file === null) {
      parentPort.close();
      return;
    }
    const t0 = performance.now();
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      parentPort.postMessage({ type: 'result', file, unparsed: true });
      return;
    }
    if (skipReason(text)) {
      parentPort.postMessage({ type: 'result', file, generated: true });
      return;
    }
    let result = lintText(linter, file, text, configFor(file, text, { plugin, rules }));
    if (result.parseError && !/\.[cm]?ts$/.test(file)) {
      // The sourceType guess can be wrong (import/export inside a template, ESM .js without
      // a top-level import): try the other one before counting the file as unparsable.
      const other = sourceTypeOf(file, text) === 'module' ? 'commonjs' : 'module';
      result = lintText(linter, file, text, configFor(file, text, { plugin, rules, sourceType: other }));
    }
    parentPort.postMessage({
      type: 'result',
      file,
      unparsed: Boolean(result.parseError),
      crash: result.crash,
      lines: text.split('\n').length,
      bytes: text.length,
      ms: performance.now() - t0,
    });
  });
  parentPort.postMessage({ type: 'ready' });
  void workerData;
}
