// The pure half of the corpus run: validating the hand labels (corpus/labels/*.json) and the
// reviewed findings (corpus/findings/<rule>.json), matching the plugin's reports against both,
// and counting reports, true and false reports, precision and recall per rule and config.
// No file system, no ESLint: scripts/corpus.mjs reads the files and lints; the unit tests
// (tests/scripts/corpus-metrics.test.ts) feed synthetic inputs.
//
// Counting rules:
// - A report matches a label (or a reviewed finding) when rule, package, file and line equal the
//   label's own location or one of its `copies`.
// - A bug is counted once: every report that lands on the same label or reviewed finding (any
//   copy, the same line twice, both configs) is one "report" in the precision counts. Labels and
//   findings that share a location are one bug. `raw` keeps the number of reports before merging.
// - true: matches a must-report label or a true-bug finding; false: a must-not-report label or a
//   false-positive finding; anything else is unreviewed.
// - recall = found / must-report labels in scope. A label with `config: "all"` is out of scope
//   for `recommended` recall; a `recommended` report on it still counts as true.

export const CONFIGS = /** @type {const} */ (['recommended', 'all']);
export const LABEL_VERDICTS = ['must-report', 'must-not-report'];
export const FINDING_VERDICTS = ['true-bug', 'false-positive'];
const LABEL_FIELDS = ['package', 'file', 'line', 'rule', 'verdict', 'why', 'copies', 'config'];
const FINDING_FIELDS = ['rule', 'package', 'file', 'line', 'verdict', 'why', 'copies'];
const MIN_WHY = 10;

/** `@nestjs/microservices` → `nestjs__microservices.json`. */
export function labelFileName(packageName) {
  return `${packageName.replace(/^@/, '').replace(/\//g, '__')}.json`;
}

export function locationKey(rule, pkg, file, line) {
  return `${rule}\u0000${pkg}\u0000${file}\u0000${line}`;
}

/** The label's or finding's own location followed by its copies. */
export function locationsOf(entry) {
  return [{ file: entry.file, line: entry.line }, ...(entry.copies ?? [])];
}

const keysOf = (entry) => locationsOf(entry).map((l) => locationKey(entry.rule, entry.package, l.file, l.line));
const show = (value) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));

function pathProblem(file) {
  if (typeof file !== 'string' || file.length === 0) return 'must be a non-empty string';
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file)) return 'must be relative to the package root';
  if (file.includes('\\')) return 'must use / as separator';
  if (file.split('/').some((part) => part === '..' || part === '.' || part === '')) return 'must be a normalized path (no ./, ../ or //)';
  if (file.split('/').includes('node_modules')) return 'must be one of the package\'s own files, not under node_modules';
  return null;
}

/**
 * Problems with one location (`file`, `line`) of `pkg`. `fileInfo(pkg, file)` returns undefined
 * when the package is not installed (the file is then not checked), null when the file does not
 * exist, else `{ lines, linted, reason }` (`linted` false when the corpus run skips the file).
 */
function locationProblems(pkg, file, line, fileInfo, prefix) {
  const problems = [];
  const bad = pathProblem(file);
  if (bad) problems.push(`${prefix}file ${show(file)} ${bad}`);
  if (!Number.isInteger(line) || line < 1) problems.push(`${prefix}line ${show(line)} must be a positive integer`);
  if (bad || !fileInfo) return problems;
  const info = fileInfo(pkg, file);
  if (info === null) problems.push(`${prefix}file "${file}" does not exist in the installed ${pkg}`);
  else if (info !== undefined) {
    if (Number.isInteger(line) && line > info.lines) problems.push(`${prefix}line ${line} is past the end of ${file} (${info.lines} lines)`);
    if (!info.linted) problems.push(`${prefix}file "${file}" is not linted by the corpus run (${info.reason}), so no rule can ever report on it`);
  }
  return problems;
}

function copiesProblems(entry, fileInfo) {
  if (entry.copies === undefined) return [];
  if (!Array.isArray(entry.copies)) return ['copies must be an array of { "file", "line" }'];
  const problems = [];
  const own = `${entry.file}:${entry.line}`;
  const seen = new Set([own]);
  entry.copies.forEach((copy, i) => {
    const prefix = `copies[${i}]: `;
    if (copy === null || typeof copy !== 'object' || Array.isArray(copy)) {
      problems.push(`${prefix}must be an object { "file", "line" }`);
      return;
    }
    const extra = Object.keys(copy).filter((k) => k !== 'file' && k !== 'line');
    if (extra.length > 0) problems.push(`${prefix}unknown field(s) ${extra.join(', ')} (allowed: file, line)`);
    problems.push(...locationProblems(entry.package, copy.file, copy.line, fileInfo, prefix));
    const where = `${copy.file}:${copy.line}`;
    if (seen.has(where)) problems.push(`${prefix}${where} is ${where === own ? 'the label\'s own location' : 'listed twice'}`);
    seen.add(where);
  });
  return problems;
}

function whyProblem(why) {
  return typeof why !== 'string' || why.trim().length < MIN_WHY
    ? [`why must explain the verdict (at least ${MIN_WHY} characters)`]
    : [];
}

/**
 * Validates the label files. `files`: `[{ name, content }]`, `content` the parsed JSON or an
 * Error when the file did not parse. `packages`: package names of corpus/packages.json; `rules`:
 * the plugin's rule names; `fileInfo` as for locationProblems (optional). Returns
 * `{ labels, errors }`: labels carry `source` (`corpus/labels/<name>[<index>]`); every error
 * names the file and index. An invalid label is left out of `labels`.
 */
export function validateLabels(files, { packages, rules, fileInfo = null }) {
  const packageSet = new Set(packages);
  const ruleSet = new Set(rules);
  const labels = [];
  const errors = [];
  const claimed = new Map(); // location key → source of the label that holds it
  for (const { name, content } of files) {
    const at = `corpus/labels/${name}`;
    if (content instanceof Error) {
      errors.push(`${at}: not valid JSON: ${content.message}`);
      continue;
    }
    if (!Array.isArray(content)) {
      errors.push(`${at}: must be a JSON array of labels`);
      continue;
    }
    content.forEach((label, index) => {
      const source = `${at}[${index}]`;
      if (label === null || typeof label !== 'object' || Array.isArray(label)) {
        errors.push(`${source}: must be an object`);
        return;
      }
      const problems = [];
      const extra = Object.keys(label).filter((k) => !LABEL_FIELDS.includes(k));
      if (extra.length > 0) problems.push(`unknown field(s) ${extra.join(', ')} (allowed: ${LABEL_FIELDS.join(', ')})`);
      if (!packageSet.has(label.package)) problems.push(`package ${show(label.package)} is not in corpus/packages.json`);
      else if (labelFileName(label.package) !== name) problems.push(`labels of ${label.package} belong in corpus/labels/${labelFileName(label.package)}`);
      if (!ruleSet.has(label.rule)) problems.push(`rule ${show(label.rule)} is not one of the plugin's rules (${[...ruleSet].join(', ')})`);
      if (!LABEL_VERDICTS.includes(label.verdict)) problems.push(`verdict ${show(label.verdict)} must be "must-report" or "must-not-report"`);
      problems.push(...whyProblem(label.why));
      if (label.config !== undefined && label.config !== 'all') problems.push(`config ${show(label.config)} must be "all" or absent`);
      const known = packageSet.has(label.package) ? fileInfo : null;
      problems.push(...locationProblems(label.package, label.file, label.line, known, ''));
      problems.push(...copiesProblems(label, known));
      if (problems.length === 0) {
        for (const k of keysOf(label)) {
          if (claimed.has(k)) {
            const [, , file, line] = k.split('\u0000');
            problems.push(`duplicate: ${label.rule} ${label.package} ${file}:${line} is already labelled by ${claimed.get(k)}`);
          }
        }
      }
      if (problems.length > 0) {
        errors.push(`${source}: ${problems.join('; ')}`);
        return;
      }
      for (const k of keysOf(label)) claimed.set(k, source);
      labels.push({ ...label, source });
    });
  }
  return { labels, errors };
}

/**
 * Validates the reviewed findings. `files`: `[{ name, content }]` of corpus/findings/<rule>.json
 * (`content` parsed JSON or an Error). Returns `{ entries, errors }`; entries carry `source`.
 */
export function validateFindings(files, { packages, fileInfo = null }) {
  const packageSet = new Set(packages);
  const entries = [];
  const errors = [];
  const claimed = new Map();
  for (const { name, content } of files) {
    const at = `corpus/findings/${name}`;
    const rule = name.replace(/\.json$/, '');
    if (content instanceof Error) {
      errors.push(`${at}: not valid JSON: ${content.message}`);
      continue;
    }
    if (!Array.isArray(content)) {
      errors.push(`${at}: must be an array`);
      continue;
    }
    content.forEach((entry, index) => {
      const source = `${at}[${index}]`;
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        errors.push(`${source}: must be an object`);
        return;
      }
      const problems = [];
      const extra = Object.keys(entry).filter((k) => !FINDING_FIELDS.includes(k));
      if (extra.length > 0) problems.push(`unknown field(s) ${extra.join(', ')} (allowed: ${FINDING_FIELDS.join(', ')})`);
      if (entry.rule !== rule) problems.push(`rule must be "${rule}"`);
      if (!packageSet.has(entry.package)) problems.push(`package ${show(entry.package)} is not in corpus/packages.json`);
      if (!FINDING_VERDICTS.includes(entry.verdict)) problems.push('verdict must be "true-bug" or "false-positive"');
      problems.push(...whyProblem(entry.why));
      const known = packageSet.has(entry.package) ? fileInfo : null;
      problems.push(...locationProblems(entry.package, entry.file, entry.line, known, ''));
      problems.push(...copiesProblems(entry, known));
      if (problems.length === 0) {
        for (const k of keysOf(entry)) {
          if (claimed.has(k)) {
            const [, , file, line] = k.split('\u0000');
            problems.push(`duplicate: ${entry.rule} ${entry.package} ${file}:${line} is already reviewed in ${claimed.get(k)}`);
          }
        }
      }
      if (problems.length > 0) {
        errors.push(`${source}: ${problems.join('; ')}`);
        return;
      }
      for (const k of keysOf(entry)) claimed.set(k, source);
      entries.push({ ...entry, source });
    });
  }
  return { entries, errors };
}

// ------------------------------------------------------------------ matching

const isPositive = (verdict) => verdict === 'must-report' || verdict === 'true-bug';

/**
 * Indexes labels and reviewed findings by location. Labels and findings that share a location
 * are one bug (union-find over shared locations). `conflicts`: a label and a finding on the same
 * location with opposite verdicts.
 */
export function buildIndex(labels, findings) {
  const labelAt = new Map();
  const findingAt = new Map();
  const elements = [...labels.map((l) => ({ kind: 'label', entry: l })), ...findings.map((f) => ({ kind: 'finding', entry: f }))];
  const parent = elements.map((_, i) => i);
  const find = (i) => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const owner = new Map(); // location key → element index
  elements.forEach((el, i) => {
    for (const k of keysOf(el.entry)) {
      (el.kind === 'label' ? labelAt : findingAt).set(k, el.entry);
      if (owner.has(k)) parent[find(i)] = find(owner.get(k));
      else owner.set(k, i);
    }
  });
  const conflicts = [];
  for (const [k, label] of labelAt) {
    const finding = findingAt.get(k);
    if (finding && isPositive(finding.verdict) !== isPositive(label.verdict)) {
      const [rule, pkg, file, line] = k.split('\u0000');
      conflicts.push({
        rule,
        package: pkg,
        file,
        line: Number(line),
        label,
        finding,
        message: `${rule} ${pkg} ${file}:${line}: ${label.source} says ${label.verdict} but ${finding.source} says ${finding.verdict}; fix one of them`,
      });
    }
  }
  const unitOf = (k) => (owner.has(k) ? `bug:${find(owner.get(k))}` : null);
  return { labelAt, findingAt, unitOf, conflicts };
}

/** How one report is classified: `{ kind: 'true'|'false'|'unreviewed', unit, label, finding }`. */
export function classify(report, index) {
  const k = locationKey(report.rule, report.package, report.file, report.line);
  const label = index.labelAt.get(k) ?? null;
  const finding = index.findingAt.get(k) ?? null;
  const unit = index.unitOf(k) ?? `report:${k}`;
  const deciding = label ?? finding;
  const kind = deciding ? (isPositive(deciding.verdict) ? 'true' : 'false') : 'unreviewed';
  return { kind, unit, label, finding };
}

const ratio = (n, d) => (d === 0 ? null : n / d);

function emptyRow() {
  return { raw: 0, reports: 0, true: 0, false: 0, unreviewed: 0, precision: null, mustReport: 0, found: 0, recall: null };
}

/**
 * The metrics of one corpus run.
 * - `reports`: `{ recommended: [...], all: [...] }`, each report `{ rule, package, file, line, ... }`
 *   (already narrowed to the rules and packages of the run);
 * - `labels`, `findings`: validated entries;
 * - `rules`, `packages`: the rules and packages of the run (labels outside them are out of scope).
 * Returns `{ configs: { recommended: { rules, total }, all: {...} }, missed, violations,
 * unreviewed, conflicts, classified }`.
 */
export function computeMetrics({ reports, labels, findings, rules, packages }) {
  const ruleSet = new Set(rules);
  const packageSet = new Set(packages);
  const index = buildIndex(labels, findings);
  const inRun = (e) => ruleSet.has(e.rule) && packageSet.has(e.package);
  const mustReport = labels.filter((l) => l.verdict === 'must-report' && inRun(l));
  const result = { configs: {}, missed: [], violations: [], unreviewed: [], conflicts: index.conflicts, classified: {}, index };
  const unreviewedByKey = new Map();
  const foundBy = new Map(mustReport.map((l) => [l, new Set()]));
  const violated = new Map(); // unit → violation: one per violated label, with the configs that report it

  for (const config of CONFIGS) {
    const list = reports[config] ?? [];
    const rows = Object.fromEntries(rules.map((r) => [r, emptyRow()]));
    const units = Object.fromEntries(rules.map((r) => [r, new Map()]));
    result.classified[config] = [];
    for (const report of list) {
      const c = classify(report, index);
      result.classified[config].push({ report, ...c });
      const row = (rows[report.rule] ??= emptyRow());
      row.raw++;
      (units[report.rule] ??= new Map()).set(c.unit, c.kind);
      if (c.label?.verdict === 'must-report' && foundBy.has(c.label)) foundBy.get(c.label).add(config);
      if (c.label?.verdict === 'must-not-report') {
        const seen = violated.get(c.unit);
        if (!seen) {
          const violation = { configs: [config], report, label: c.label };
          violated.set(c.unit, violation);
          result.violations.push(violation);
        } else if (!seen.configs.includes(config)) seen.configs.push(config);
      }
      if (c.kind === 'unreviewed') {
        const k = `${locationKey(report.rule, report.package, report.file, report.line)}\u0000${report.column ?? ''}\u0000${report.messageId ?? ''}`;
        const seen = unreviewedByKey.get(k);
        if (seen) {
          if (!seen.configs.includes(config)) seen.configs.push(config);
        } else {
          const entry = { ...report, configs: [config] };
          unreviewedByKey.set(k, entry);
          result.unreviewed.push(entry);
        }
      }
    }
    const total = emptyRow();
    for (const [rule, row] of Object.entries(rows)) {
      for (const kind of units[rule]?.values() ?? []) {
        row.reports++;
        row[kind]++;
      }
      const labelsOfRule = mustReport.filter((l) => l.rule === rule && (config === 'all' || l.config !== 'all'));
      row.mustReport = labelsOfRule.length;
      row.found = labelsOfRule.filter((l) => foundBy.get(l).has(config)).length;
      for (const field of ['raw', 'reports', 'true', 'false', 'unreviewed', 'mustReport', 'found']) total[field] += row[field];
    }
    for (const row of [...Object.values(rows), total]) {
      row.precision = ratio(row.true, row.reports);
      row.recall = ratio(row.found, row.mustReport);
    }
    result.configs[config] = { rules: rows, total };
  }

  for (const label of mustReport) {
    const found = foundBy.get(label);
    const missedBy = CONFIGS.filter((config) => !found.has(config) && (config === 'all' || label.config !== 'all'));
    if (missedBy.length > 0) result.missed.push({ label, configs: missedBy });
  }
  return result;
}

// ------------------------------------------------------------------ output

const pct = (x) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const COLUMNS = ['raw', 'reports', 'true', 'false', 'unreviewed', 'precision', 'mustReport', 'found', 'recall'];
const HEADERS = {
  raw: 'raw',
  reports: 'reports',
  true: 'true',
  false: 'false',
  unreviewed: 'unrev',
  precision: 'precision',
  mustReport: 'labels',
  found: 'found',
  recall: 'recall',
};

function cells(row) {
  return COLUMNS.map((c) => (c === 'precision' || c === 'recall' ? pct(row[c]) : String(row[c])));
}

/** One line, at most `max` characters. */
export function oneLine(text, max = 110) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

const LEGEND =
  'reports: distinct bugs reported (copies and repeats of one bug count once; raw: before merging); ' +
  'true/false: matching a must-report label or true-bug finding / a must-not-report label or false-positive finding; ' +
  'precision = true / reports; labels: must-report labels in scope; recall = found / labels.';

/** The metrics table of both configs, for the console (`markdown: false`) or corpus/report.md. */
export function metricsTable(metrics, { markdown = false } = {}) {
  const out = [];
  if (markdown) {
    out.push(LEGEND, '');
    out.push(`| config | rule | ${COLUMNS.map((c) => HEADERS[c]).join(' | ')} |`);
    out.push(`| :--- | :--- | ${COLUMNS.map(() => '---:').join(' | ')} |`);
    for (const config of CONFIGS) {
      const { rules, total } = metrics.configs[config];
      for (const [rule, row] of Object.entries(rules)) out.push(`| ${config} | ${rule} | ${cells(row).join(' | ')} |`);
      out.push(`| **${config}** | **total** | ${cells(total).map((c) => `**${c}**`).join(' | ')} |`);
    }
    return out.join('\n');
  }
  const ruleWidth = 2 + Math.max(5, ...CONFIGS.flatMap((c) => Object.keys(metrics.configs[c].rules).map((r) => r.length)));
  const widths = COLUMNS.map((c) => Math.max(HEADERS[c].length, 6));
  const line = (first, values) => `${first.padEnd(ruleWidth)}  ${values.map((v, i) => v.padStart(widths[i])).join(' ')}`;
  for (const config of CONFIGS) {
    const { rules, total } = metrics.configs[config];
    out.push(line(config, COLUMNS.map((c) => HEADERS[c])));
    for (const [rule, row] of Object.entries(rules)) out.push(line(`  ${rule}`, cells(row)));
    out.push(line('  total', cells(total)));
  }
  return out.join('\n');
}

/** The missed must-report labels, one per line: `[configs] rule package file:line — why`. */
export function missedLines(metrics, { markdown = false, whyWidth = 110 } = {}) {
  return metrics.missed.map(({ label, configs }) => {
    const where = `${label.package}/${label.file}:${label.line}`;
    const why = oneLine(label.why, whyWidth);
    const missedBy = configs.join('+');
    return markdown
      ? `- [${missedBy}] ${label.rule} \`${where}\`${label.config === 'all' ? ' (config all)' : ''}: ${why}`
      : `  [${missedBy}] ${label.rule} ${where}${label.config === 'all' ? ' (config all)' : ''} — ${why}`;
  });
}

/** A JSON-friendly copy of the metrics (labels and findings reduced to their locations). */
export function metricsJson(metrics) {
  const brief = (e) => e && { source: e.source, rule: e.rule, package: e.package, file: e.file, line: e.line, verdict: e.verdict };
  return {
    configs: metrics.configs,
    missed: metrics.missed.map(({ label, configs }) => ({ ...brief(label), config: label.config ?? null, why: label.why, missedBy: configs })),
    violations: metrics.violations.map(({ configs, report, label }) => ({ configs, report, label: { ...brief(label), why: label.why } })),
    conflicts: metrics.conflicts.map(({ message, label, finding }) => ({ message, label: brief(label), finding: brief(finding) })),
    unreviewed: metrics.unreviewed,
  };
}

/** corpus/labels.md: label counts per package, rule and verdict. */
export function labelsMarkdown(labels, { rules, packages }) {
  const out = [
    '# Corpus labels',
    '',
    '<!-- Generated by `npm run corpus -- --write-labels-md` from corpus/labels/*.json: do not edit. -->',
    '',
    'Hand labels of the real-world corpus (format: [labels/README.md](labels/README.md)).',
    '`must-report` counts include the labels that only `all` should report (in brackets).',
    '',
  ];
  const count = (list, verdict) => {
    const hits = list.filter((l) => l.verdict === verdict);
    const onlyAll = hits.filter((l) => l.config === 'all').length;
    if (hits.length === 0) return '';
    return onlyAll > 0 ? `${hits.length} (${onlyAll})` : String(hits.length);
  };
  out.push(`${labels.length} labels: ${labels.filter((l) => l.verdict === 'must-report').length} must-report, ${labels.filter((l) => l.verdict === 'must-not-report').length} must-not-report.`, '');
  out.push('## Per rule', '', '| rule | must-report | must-not-report |', '| :--- | ---: | ---: |');
  for (const rule of rules) {
    const list = labels.filter((l) => l.rule === rule);
    out.push(`| ${rule} | ${count(list, 'must-report') || 0} | ${count(list, 'must-not-report') || 0} |`);
  }
  out.push('', '## Per package', '', 'Each cell: must-report / must-not-report.', '');
  out.push(`| package | ${rules.join(' | ')} | total |`, `| :--- | ${rules.map(() => '---:').join(' | ')} | ---: |`);
  for (const pkg of packages) {
    const list = labels.filter((l) => l.package === pkg);
    const cell = (sub) => (sub.length === 0 ? '' : `${count(sub, 'must-report') || 0} / ${count(sub, 'must-not-report') || 0}`);
    out.push(`| ${pkg} | ${rules.map((r) => cell(list.filter((l) => l.rule === r))).join(' | ')} | ${cell(list) || 'unlabelled'} |`);
  }
  return `${out.join('\n')}\n`;
}
