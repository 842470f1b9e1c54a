#!/usr/bin/env node
// The real-world corpus (corpus/packages.json, from the shared corpus list): installs the
// packages at their exact versions into a cache folder outside the repo, lints each package's
// own files with the plugin's `all` and `recommended` configs in one pass (dist/), matches every
// report against the hand labels (corpus/labels/<package>.json) and the reviewed findings
// (corpus/findings/<rule>.json), prints reports, true, false, precision and recall per rule and
// config and the missed must-report labels, and writes corpus/report.md and corpus/report.json.
//
// Exit status: 1 on any crash (a rule exception), any report neither labelled nor reviewed, any
// report on a must-not-report label, a label and a reviewed finding that contradict each other,
// or an invalid label or reviewed entry; 0 otherwise. Recall is shown, not gated. Reviewed
// entries that no longer occur are listed only.
//
//   npm run corpus                          all rules, all packages
//   npm run corpus -- --rule <name>         only this rule (repeatable); checks only its list
//   npm run corpus -- --package <name>      only this package (repeatable)
//   npm run corpus -- --write-findings-md   regenerate corpus/findings.md from the JSON lists
//   npm run corpus -- --write-labels-md     regenerate corpus/labels.md (label counts) from corpus/labels/
//   CORPUS_CACHE=/some/dir npm run corpus   install/read the packages there
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  CONFIGS,
  computeMetrics,
  labelsMarkdown,
  metricsJson,
  metricsTable,
  missedLines,
  oneLine,
  validateFindings,
  validateLabels,
} from './lib/corpus-metrics.mjs';
import {
  PLUGIN_PREFIX,
  ROOT,
  configFor,
  corpusCacheDir,
  corpusPackages,
  countLines,
  ensureCorpus,
  installedVersion,
  isLintableName,
  lintText,
  listFiles,
  loadPlugin,
  newLinter,
  skipReason,
} from './lib/lint-lib.mjs';

const CORPUS_DIR = path.join(ROOT, 'corpus');
const FINDINGS_DIR = path.join(CORPUS_DIR, 'findings');
const LABELS_DIR = path.join(CORPUS_DIR, 'labels');
const FINDINGS_MD = path.join(CORPUS_DIR, 'findings.md');
const LABELS_MD = path.join(CORPUS_DIR, 'labels.md');
/** The same rules under a second namespace with the `recommended` options, in the same pass. */
const RECOMMENDED_PREFIX = `${PLUGIN_PREFIX}-recommended`;

const { values: args } = parseArgs({
  options: {
    rule: { type: 'string', multiple: true, default: [] },
    package: { type: 'string', multiple: true, default: [] },
    'write-findings-md': { type: 'boolean', default: false },
    'write-labels-md': { type: 'boolean', default: false },
  },
});

// ------------------------------------------------------------------ labels and reviewed findings

/** The `*.json` files of `dir`, sorted, parsed (`content` is the Error when one does not parse). */
function readJsonFiles(dir) {
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  return names.map((name) => {
    try {
      return { name, content: JSON.parse(readFileSync(path.join(dir, name), 'utf8')) };
    } catch (error) {
      return { name, content: error };
    }
  });
}

/**
 * What validation needs to know of a package file: undefined when the package is not installed
 * in `nodeModules` at its listed version (not checked), null when the file is missing, else its
 * line count and whether the corpus run lints it.
 */
function fileInfoIn(nodeModules) {
  const versions = new Map(corpusPackages().map((p) => [p.name, p.version]));
  const cache = new Map();
  return (pkg, file) => {
    const key = `${pkg}\u0000${file}`;
    if (cache.has(key)) return cache.get(key);
    let info;
    if (!nodeModules || installedVersion(path.dirname(nodeModules), pkg) !== versions.get(pkg)) info = undefined;
    else {
      try {
        const text = readFileSync(path.join(nodeModules, pkg, ...file.split('/')), 'utf8');
        const reason = !isLintableName(file) ? 'not a linted .js/.cjs/.mjs/.ts file, or a .d.ts / .min.js' : skipReason(text);
        info = { lines: countLines(text), linted: !reason, reason };
      } catch {
        info = null;
      }
    }
    cache.set(key, info);
    return info;
  };
}

const packageNames = () => corpusPackages().map((p) => p.name);

/** Every corpus/findings/<rule>.json, validated. Returns { entries, errors, files }. */
function loadReviewed(fileInfo = null) {
  const files = readJsonFiles(FINDINGS_DIR);
  return { ...validateFindings(files, { packages: packageNames(), fileInfo }), files: files.map((f) => f.name) };
}

/** Every corpus/labels/<package>.json, validated. Returns { labels, errors, files }. */
function loadLabels(rules, fileInfo = null) {
  const files = readJsonFiles(LABELS_DIR);
  return { ...validateLabels(files, { packages: packageNames(), rules, fileInfo }), files: files.map((f) => f.name) };
}

function findingsMarkdown(entries, files) {
  const byRule = new Map(files.map((f) => [f.slice(0, -'.json'.length), []]));
  for (const entry of entries) byRule.get(entry.rule)?.push(entry);
  const lines = [
    '# Reviewed corpus findings',
    '',
    '<!-- Generated by `npm run corpus -- --write-findings-md` from corpus/findings/*.json: do not edit. -->',
    '',
    'Every report the plugin\'s `all` config makes on the real-world corpus (`corpus/packages.json`),',
    'read and classified: `true-bug` (the code really fails as the rule says) or `false-positive`',
    '(a check that `recommended` leaves off, or a rule defect being fixed). `npm run corpus` fails on',
    'any report missing from these lists.',
    '',
    '| rule | findings | true bugs | false positives |',
    '| :--- | ---: | ---: | ---: |',
  ];
  for (const [rule, list] of byRule) {
    const bugs = list.filter((e) => e.verdict === 'true-bug').length;
    lines.push(`| [${rule}](#${rule}) | ${list.length} | ${bugs} | ${list.length - bugs} |`);
  }
  for (const [rule, list] of byRule) {
    lines.push('', `## ${rule}`, '');
    if (list.length === 0) {
      lines.push('No findings on the corpus.');
      continue;
    }
    lines.push('| package | file:line | verdict | why |', '| :--- | :--- | :--- | :--- |');
    const sorted = [...list].sort(
      (a, b) => a.package.localeCompare(b.package) || a.file.localeCompare(b.file) || a.line - b.line,
    );
    for (const e of sorted) {
      const why = e.why.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
      const copies = (e.copies ?? []).map((c) => ` \`${c.file}:${c.line}\``).join(',');
      lines.push(`| ${e.package} | \`${e.file}:${e.line}\`${copies ? ` (copies:${copies})` : ''} | ${e.verdict} | ${why} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

if (args['write-findings-md']) {
  const { entries, errors, files } = loadReviewed();
  for (const error of errors) console.error(error);
  writeFileSync(FINDINGS_MD, findingsMarkdown(entries, files));
  console.log(`wrote ${path.relative(ROOT, FINDINGS_MD)}: ${entries.length} reviewed findings in ${files.length} lists`);
  process.exit(errors.length > 0 ? 1 : 0);
}

if (args['write-labels-md']) {
  const plugin = await loadPlugin();
  const cache = path.join(corpusCacheDir(), 'node_modules');
  const rules = Object.keys(plugin.rules);
  const { labels, errors, files } = loadLabels(rules, fileInfoIn(existsSync(cache) ? cache : null));
  for (const error of errors) console.error(error);
  writeFileSync(LABELS_MD, labelsMarkdown(labels, { rules, packages: packageNames() }));
  console.log(`wrote ${path.relative(ROOT, LABELS_MD)}: ${labels.length} labels in ${files.length} files`);
  process.exit(errors.length > 0 ? 1 : 0);
}

// ------------------------------------------------------------------ lint the corpus

const started = performance.now();
const plugin = await loadPlugin();
const allRuleIds = Object.keys(plugin.rules);
const unknown = args.rule.filter((r) => !allRuleIds.includes(r));
if (unknown.length > 0) {
  console.error(`unknown rule(s): ${unknown.join(', ')}; dist/ exports: ${allRuleIds.join(', ')}`);
  process.exit(2);
}
const ruleIds = args.rule.length > 0 ? args.rule : allRuleIds;
const selected = (id) => ruleIds.includes(id.slice(id.indexOf('/') + 1));
const allConfigRules = Object.fromEntries(Object.entries(plugin.configs.all.rules).filter(([id]) => selected(id)));
const recommendedRules = Object.fromEntries(
  Object.entries(plugin.configs.recommended.rules)
    .filter(([id]) => selected(id))
    .map(([id, entry]) => [id.replace(`${PLUGIN_PREFIX}/`, `${RECOMMENDED_PREFIX}/`), entry]),
);
const rules = { ...allConfigRules, ...recommendedRules };

const nodeModules = ensureCorpus();
const installedAt = path.dirname(nodeModules);
const packages = corpusPackages().filter((p) => args.package.length === 0 || args.package.includes(p.name));
if (packages.length === 0) {
  console.error(`no corpus package matches ${args.package.join(', ')}`);
  process.exit(2);
}

const linter = newLinter();
const report = {
  generated: new Date().toISOString(),
  cache: installedAt,
  eslint: linter.version,
  node: process.version,
  rules: ruleIds,
  packages: [],
  totals: { files: 0, lines: 0, skipped: 0, parseErrors: 0, findings: 0, crashes: 0 },
  findingsPerRule: Object.fromEntries(ruleIds.map((r) => [r, 0])),
  labels: { files: 0, count: 0 },
  metrics: null,
  unreviewed: [],
  violations: [],
  conflicts: [],
  stale: [],
  invalidReviewed: [],
  invalidLabels: [],
  recommendedFalsePositives: [],
};

for (const pkg of packages) {
  const root = path.join(nodeModules, pkg.name);
  const entry = {
    name: pkg.name,
    version: installedVersion(installedAt, pkg.name),
    files: 0,
    lines: 0,
    skipped: [],
    parseErrors: [],
    findings: [],
    crashes: [],
    ms: 0,
  };
  const t0 = performance.now();
  for (const file of listFiles(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const text = readFileSync(file, 'utf8');
    const skip = skipReason(text);
    if (skip) {
      entry.skipped.push({ file: rel, reason: skip });
      continue;
    }
    entry.files++;
    entry.lines += countLines(text);
    const result = lintText(linter, file, text, configFor(file, text, { plugin, rules, aliases: [RECOMMENDED_PREFIX] }));
    if (result.crash) {
      entry.crashes.push({ file: rel, ...result.crash, rule: stripPrefix(result.crash.rule) });
      continue;
    }
    if (result.parseError) {
      entry.parseErrors.push({ file: rel, line: result.parseError.line, message: result.parseError.message });
      continue;
    }
    entry.findings.push(...findingsOf(result.messages, pkg.name, rel));
  }
  entry.ms = Math.round(performance.now() - t0);
  report.packages.push(entry);
  const t = report.totals;
  t.files += entry.files;
  t.lines += entry.lines;
  t.skipped += entry.skipped.length;
  t.parseErrors += entry.parseErrors.length;
  t.findings += entry.findings.filter((f) => f.configs.includes('all')).length;
  t.crashes += entry.crashes.length;
  for (const f of entry.findings) if (f.configs.includes('all')) report.findingsPerRule[f.rule]++;
}

/**
 * One file's reports of both configs, merged: a report of `recommended` with the same rule,
 * line, column and message id as one of `all` is the same finding (`configs` lists both).
 */
function findingsOf(messages, pkgName, rel) {
  const findings = [];
  const open = new Map(); // key → all-config findings not yet paired with a recommended report
  const keyOf = (m) => `${stripPrefix(m.ruleId)}:${m.line}:${m.column}:${m.messageId}`;
  for (const m of messages) {
    if (!m.ruleId?.startsWith(`${PLUGIN_PREFIX}/`)) continue;
    const finding = {
      rule: stripPrefix(m.ruleId),
      package: pkgName,
      file: rel,
      line: m.line,
      column: m.column,
      messageId: m.messageId,
      message: m.message,
      configs: ['all'],
    };
    findings.push(finding);
    if (!open.has(keyOf(m))) open.set(keyOf(m), []);
    open.get(keyOf(m)).push(finding);
  }
  for (const m of messages) {
    if (!m.ruleId?.startsWith(`${RECOMMENDED_PREFIX}/`)) continue;
    const pair = open.get(keyOf(m))?.shift();
    if (pair) pair.configs.push('recommended');
    else {
      findings.push({
        rule: stripPrefix(m.ruleId),
        package: pkgName,
        file: rel,
        line: m.line,
        column: m.column,
        messageId: m.messageId,
        message: m.message,
        configs: ['recommended'],
      });
    }
  }
  for (const f of findings) f.recommended = f.configs.includes('recommended');
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

function stripPrefix(id) {
  if (!id) return id;
  return id.replace(/^socket-concurrency(?:-recommended)?\//, '');
}

// ------------------------------------------------------------------ match against labels and reviewed lists

const fileInfo = fileInfoIn(nodeModules);
const reviewed = loadReviewed(fileInfo);
const labelled = loadLabels(allRuleIds, fileInfo);
report.invalidReviewed = reviewed.errors;
report.invalidLabels = labelled.errors;
report.labels = { files: labelled.files.length, count: labelled.labels.length };
const checkedPackages = new Set(packages.map((p) => p.name));
const allFindings = report.packages.flatMap((p) => p.findings);
const metrics = computeMetrics({
  reports: Object.fromEntries(CONFIGS.map((config) => [config, allFindings.filter((f) => f.configs.includes(config))])),
  labels: labelled.labels,
  findings: reviewed.entries,
  rules: ruleIds,
  packages: [...checkedPackages],
});
report.metrics = metricsJson(metrics);
report.unreviewed = metrics.unreviewed;
report.violations = report.metrics.violations;
report.conflicts = report.metrics.conflicts;

const reported = new Set(allFindings.map((f) => `${f.rule}\u0000${f.package}\u0000${f.file}\u0000${f.line}`));
const classOf = new Map(CONFIGS.flatMap((config) => metrics.classified[config].map((c) => [c.report, c])));
for (const f of allFindings) {
  const { kind, label, finding } = classOf.get(f);
  const deciding = label ?? finding;
  f.kind = kind;
  f.verdict = deciding?.verdict ?? null;
  f.why = deciding?.why ?? null;
  f.source = deciding?.source ?? null;
  if (f.recommended && kind === 'false' && !label) report.recommendedFalsePositives.push(f);
}
for (const e of reviewed.entries) {
  if (!checkedPackages.has(e.package)) continue;
  const locations = [{ file: e.file, line: e.line }, ...(e.copies ?? [])];
  if (locations.some((l) => reported.has(`${e.rule}\u0000${e.package}\u0000${l.file}\u0000${l.line}`))) continue;
  if (ruleIds.includes(e.rule)) report.stale.push(e);
  else if (!allRuleIds.includes(e.rule)) report.stale.push({ ...e, note: 'rule not exported by dist/' });
}
const missingLists = ruleIds.filter((r) => !reviewed.files.includes(`${r}.json`));

// ------------------------------------------------------------------ reports

report.seconds = Number(((performance.now() - started) / 1000).toFixed(1));
writeFileSync(path.join(CORPUS_DIR, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(CORPUS_DIR, 'report.md'), reportMarkdown(report));

function reportMarkdown(r) {
  const out = [
    '# Corpus report',
    '',
    `Generated ${r.generated} by \`npm run corpus\` (ESLint ${r.eslint}, Node ${r.node}), ${r.seconds} s.`,
    `Packages from ${r.cache}. Rules (\`all\` and \`recommended\` configs): ${r.rules.join(', ')}.`,
    '',
    `Totals: ${r.totals.files} files, ${r.totals.lines} lines, ${r.totals.findings} findings (\`all\`), ` +
      `${r.totals.crashes} crashes, ${r.totals.parseErrors} files that do not parse, ` +
      `${r.totals.skipped} generated files skipped; ${r.labels.count} labels in ${r.labels.files} files; ` +
      `${r.unreviewed.length} unreviewed findings, ${r.violations.length} must-not-report violations, ` +
      `${r.conflicts.length} label/review conflicts, ${r.stale.length} stale reviewed entries.`,
    '',
    '## Precision and recall',
    '',
    metricsTable(metrics, { markdown: true }),
    '',
    `## Missed must-report labels (${metrics.missed.length})`,
    '',
    ...(metrics.missed.length > 0 ? missedLines(metrics, { markdown: true, whyWidth: 200 }) : ['None.']),
  ];
  if (r.violations.length > 0) {
    out.push('', '## Reports on must-not-report labels', '');
    for (const v of r.violations) {
      out.push(`- [${v.configs.join('+')}] ${v.report.rule} \`${v.report.package}/${v.report.file}:${v.report.line}\` (${v.label.source}): ${oneLine(v.label.why, 300)}`);
    }
  }
  if (r.conflicts.length > 0) {
    out.push('', '## Labels contradicting reviewed findings', '');
    for (const c of r.conflicts) out.push(`- ${c.message}`);
  }
  if (r.invalidLabels.length + r.invalidReviewed.length > 0) {
    out.push('', '## Invalid labels and reviewed entries', '');
    for (const e of [...r.invalidLabels, ...r.invalidReviewed]) out.push(`- ${e}`);
  }
  out.push(
    '',
    '## Findings per package (`all`)',
    '',
    `| package | version | files | lines | ${r.rules.join(' | ')} | crashes | parse errors | ms |`,
    `| :--- | :--- | ---: | ---: | ${r.rules.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
  );
  for (const p of r.packages) {
    const perRule = r.rules.map((rule) => p.findings.filter((f) => f.rule === rule && f.configs.includes('all')).length);
    out.push(
      `| ${p.name} | ${p.version} | ${p.files} | ${p.lines} | ${perRule.join(' | ')} | ${p.crashes.length} | ${p.parseErrors.length} | ${p.ms} |`,
    );
  }
  out.push(
    `| **total** | | ${r.totals.files} | ${r.totals.lines} | ${r.rules.map((rule) => r.findingsPerRule[rule]).join(' | ')} | ${r.totals.crashes} | ${r.totals.parseErrors} | |`,
  );
  if (r.totals.crashes > 0) {
    out.push('', '## Crashes', '');
    for (const p of r.packages) {
      for (const c of p.crashes) {
        out.push(`### ${p.name}/${c.file} (${c.rule ?? 'unknown rule'})`, '', '```', c.stack, '```', '');
      }
    }
  }
  for (const rule of r.rules) {
    const list = r.packages.flatMap((p) => p.findings.filter((f) => f.rule === rule));
    out.push('', `## ${rule} (${list.length})`, '');
    if (list.length === 0) {
      out.push('No findings.');
      continue;
    }
    for (const f of list) {
      const verdict = f.verdict ? `**${f.verdict}** (${f.source}): ${f.why}` : '**UNREVIEWED**';
      const configs = f.configs.length === 2 ? ' (also in recommended)' : f.configs[0] === 'recommended' ? ' (recommended only)' : '';
      out.push(`- \`${f.package}/${f.file}:${f.line}:${f.column}\` ${f.messageId}${configs}: ${f.message}`, `  - ${verdict}`);
    }
  }
  if (r.stale.length > 0) {
    out.push('', '## Reviewed entries that no longer occur', '');
    for (const e of r.stale) out.push(`- ${e.rule} \`${e.package}/${e.file}:${e.line}\` (${e.verdict})${e.note ? ` — ${e.note}` : ''}`);
  }
  const parseErrors = r.packages.flatMap((p) => p.parseErrors.map((e) => ({ ...e, package: p.name })));
  if (parseErrors.length > 0) {
    out.push('', '## Files that do not parse (not linted)', '');
    for (const e of parseErrors) out.push(`- \`${e.package}/${e.file}:${e.line}\`: ${e.message}`);
  }
  const skipped = r.packages.flatMap((p) => p.skipped.map((e) => ({ ...e, package: p.name })));
  if (skipped.length > 0) {
    out.push('', '## Generated files skipped', '');
    for (const e of skipped) out.push(`- \`${e.package}/${e.file}\`: ${e.reason}`);
  }
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------ console summary

const pad = (s, n) => String(s).padEnd(n);
const padl = (s, n) => String(s).padStart(n);
console.log(`corpus: ${report.totals.files} files, ${report.totals.lines} lines in ${report.packages.length} packages (${installedAt}), ${report.seconds} s`);
console.log(`${pad('package', 28)} ${padl('files', 6)} ${padl('lines', 7)} ${padl('findings', 8)} ${padl('crashes', 7)} ${padl('unparsed', 8)}`);
for (const p of report.packages) {
  console.log(
    `${pad(p.name, 28)} ${padl(p.files, 6)} ${padl(p.lines, 7)} ${padl(p.findings.length, 8)} ${padl(p.crashes.length, 7)} ${padl(p.parseErrors.length, 8)}`,
  );
}
console.log(`\nprecision and recall (${report.labels.count} labels in ${report.labels.files} files; each bug counted once, raw = reports before merging copies and repeats):`);
console.log(metricsTable(metrics));
if (metrics.missed.length > 0) {
  console.log(`\nmissed must-report labels (${metrics.missed.length}; [configs that miss it]):`);
  for (const line of missedLines(metrics)) console.log(line);
}

let failed = false;
if (report.totals.crashes > 0) {
  failed = true;
  console.log(`\nCRASHES (${report.totals.crashes}):`);
  for (const p of report.packages) {
    for (const c of p.crashes) console.log(`  ${p.name}/${c.file} [${c.rule ?? '?'}]\n    ${c.stack.split('\n').slice(0, 6).join('\n    ')}`);
  }
}
if (reviewed.errors.length > 0) {
  failed = true;
  console.log(`\nINVALID REVIEWED ENTRIES (${reviewed.errors.length}):`);
  for (const e of reviewed.errors) console.log(`  ${e}`);
}
if (labelled.errors.length > 0) {
  failed = true;
  console.log(`\nINVALID LABELS (${labelled.errors.length}; format in corpus/labels/README.md):`);
  for (const e of labelled.errors) console.log(`  ${e}`);
}
if (metrics.conflicts.length > 0) {
  failed = true;
  console.log(`\nLABELS CONTRADICTING REVIEWED FINDINGS (${metrics.conflicts.length}):`);
  for (const c of metrics.conflicts) console.log(`  ${c.message}`);
}
if (metrics.violations.length > 0) {
  failed = true;
  console.log(`\nREPORTS ON MUST-NOT-REPORT LABELS (${metrics.violations.length}):`);
  for (const { configs, report: f, label } of metrics.violations) {
    console.log(`  [${configs.join('+')}] ${f.rule} ${f.package} ${f.file}:${f.line}:${f.column} ${f.messageId} (${label.source})`);
    console.log(`    why not: ${oneLine(label.why, 300)}`);
  }
}
if (metrics.unreviewed.length > 0) {
  failed = true;
  console.log(
    `\nFINDINGS NEITHER LABELLED NOR IN corpus/findings/<rule>.json (${metrics.unreviewed.length}): read each, then add it with a verdict`,
  );
  for (const f of metrics.unreviewed) {
    console.log(`  ${f.rule} ${f.package} ${f.file}:${f.line}:${f.column} ${f.messageId} [${f.configs.join('+')}]: ${f.message}`);
    console.log(`    ${JSON.stringify({ rule: f.rule, package: f.package, file: f.file, line: f.line, verdict: '?', why: '?' })}`);
  }
}
if (missingLists.length > 0) {
  console.log(`\nrules without a corpus/findings/<rule>.json (add one, [] if no findings): ${missingLists.join(', ')}`);
}
if (report.recommendedFalsePositives.length > 0) {
  console.log(
    `\nfalse-positive entries that the recommended config also reports (${report.recommendedFalsePositives.length}): a false positive is only acceptable for a check recommended leaves off`,
  );
  for (const f of report.recommendedFalsePositives) console.log(`  ${f.rule} ${f.package} ${f.file}:${f.line}`);
}
if (report.stale.length > 0) {
  console.log(`\nreviewed entries that no longer occur (${report.stale.length}, not a failure; remove them):`);
  for (const e of report.stale) console.log(`  ${e.rule} ${e.package} ${e.file}:${e.line} (${e.verdict})${e.note ? ` — ${e.note}` : ''}`);
}
if (report.totals.parseErrors > 0) {
  console.log(`\nfiles that do not parse (${report.totals.parseErrors}, not linted): see corpus/report.md`);
}
if (args.rule.length === 0 && args.package.length === 0) {
  if (existsSync(FINDINGS_MD) && readFileSync(FINDINGS_MD, 'utf8') !== findingsMarkdown(reviewed.entries, reviewed.files)) {
    console.log('\ncorpus/findings.md is out of date: run `npm run corpus -- --write-findings-md`');
  }
  if (existsSync(LABELS_MD) && readFileSync(LABELS_MD, 'utf8') !== labelsMarkdown(labelled.labels, { rules: allRuleIds, packages: packageNames() })) {
    console.log('\ncorpus/labels.md is out of date: run `npm run corpus -- --write-labels-md`');
  }
}
console.log(`\nwrote corpus/report.md and corpus/report.json — ${failed ? 'FAILED' : 'ok'}`);
process.exit(failed ? 1 : 0);
