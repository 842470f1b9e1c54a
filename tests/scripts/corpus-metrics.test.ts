// The corpus run's matching and counting (scripts/lib/corpus-metrics.mjs) on small synthetic
// inputs, with the numbers worked out by hand.
import { describe, expect, it } from 'vitest';
import {
  type FileInfo,
  type Finding,
  type Label,
  type Report,
  computeMetrics,
  labelFileName,
  metricsTable,
  missedLines,
  validateFindings,
  validateLabels,
} from '../../scripts/lib/corpus-metrics.mjs';

const RULES = ['require-socket-error-listener', 'require-socket-timeout'];
const PACKAGES = ['irc', 'imap', '@nestjs/microservices'];
const ERR = 'require-socket-error-listener';
const TMO = 'require-socket-timeout';
const WHY = 'lib/irc.js:812 the only error listener is added in the connect callback';

let sourceIndex = 0;
function label(fields: Partial<Label> & Pick<Label, 'file' | 'line' | 'verdict'>): Label {
  return { package: 'irc', rule: ERR, why: WHY, source: `label[${sourceIndex++}]`, ...fields };
}
function finding(fields: Partial<Finding> & Pick<Finding, 'file' | 'line' | 'verdict'>): Finding {
  return { package: 'irc', rule: ERR, why: WHY, source: `finding[${sourceIndex++}]`, ...fields };
}
function report(file: string, line: number, rule = ERR, pkg = 'irc'): Report {
  return { rule, package: pkg, file, line, column: 1, messageId: 'm', message: 'msg' };
}
function run(reports: { recommended?: Report[]; all?: Report[] }, labels: Label[], findings: Finding[] = []) {
  return computeMetrics({ reports, labels, findings, rules: RULES, packages: PACKAGES });
}

describe('computeMetrics', () => {
  it('counts a bug once: copies, the same line twice and both configs are one true report', () => {
    const labels = [label({ file: 'lib/irc.js', line: 10, verdict: 'must-report', copies: [{ file: 'dist/irc.mjs', line: 20 }] })];
    const all = [report('lib/irc.js', 10), report('lib/irc.js', 10), report('dist/irc.mjs', 20)];
    const m = run({ all, recommended: [report('dist/irc.mjs', 20)] }, labels);
    expect(m.configs.all.rules[ERR]).toEqual({
      raw: 3,
      reports: 1,
      true: 1,
      false: 0,
      unreviewed: 0,
      precision: 1,
      mustReport: 1,
      found: 1,
      recall: 1,
    });
    expect(m.configs.recommended.rules[ERR]).toMatchObject({ raw: 1, reports: 1, true: 1, found: 1, recall: 1 });
    expect(m.configs.all.total).toMatchObject({ raw: 3, reports: 1, true: 1, precision: 1, mustReport: 1, found: 1, recall: 1 });
    expect(m.missed).toEqual([]);
    expect(m.unreviewed).toEqual([]);
  });

  it('a reviewed finding with copies also counts once, and a label and finding sharing a location are one bug', () => {
    const labels = [label({ file: 'a.js', line: 1, verdict: 'must-report' })];
    const findings = [
      finding({ file: 'a.js', line: 1, verdict: 'true-bug', copies: [{ file: 'b.js', line: 2 }] }),
      finding({ file: 'c.js', line: 3, verdict: 'true-bug', copies: [{ file: 'd.js', line: 4 }] }),
    ];
    const m = run({ all: [report('a.js', 1), report('b.js', 2), report('c.js', 3), report('d.js', 4)] }, labels, findings);
    expect(m.configs.all.rules[ERR]).toMatchObject({ raw: 4, reports: 2, true: 2, false: 0, precision: 1, mustReport: 1, found: 1 });
  });

  it('precision and recall from true, false and unreviewed reports', () => {
    const labels = [
      label({ file: 'a.js', line: 1, verdict: 'must-report' }),
      label({ file: 'a.js', line: 2, verdict: 'must-report' }),
      label({ file: 'a.js', line: 3, verdict: 'must-report' }),
      label({ file: 'a.js', line: 4, verdict: 'must-report' }),
      label({ file: 'a.js', line: 5, rule: TMO, verdict: 'must-report' }),
    ];
    const findings = [finding({ file: 'b.js', line: 9, verdict: 'false-positive' })];
    // 1 true (a.js:1), 1 false (b.js:9 reviewed false positive), 2 unreviewed: precision 1/4; recall 1/4.
    const all = [report('a.js', 1), report('b.js', 9), report('c.js', 1), report('c.js', 2), report('a.js', 5, TMO)];
    const m = run({ all }, labels, findings);
    expect(m.configs.all.rules[ERR]).toMatchObject({ raw: 4, reports: 4, true: 1, false: 1, unreviewed: 2, mustReport: 4, found: 1 });
    expect(m.configs.all.rules[ERR].precision).toBe(0.25);
    expect(m.configs.all.rules[ERR].recall).toBe(0.25);
    expect(m.configs.all.rules[TMO]).toMatchObject({ reports: 1, true: 1, precision: 1, recall: 1 });
    expect(m.configs.all.total).toMatchObject({ raw: 5, reports: 5, true: 2, false: 1, unreviewed: 2, mustReport: 5, found: 2 });
    expect(m.configs.all.total.precision).toBe(0.4);
    expect(m.configs.all.total.recall).toBe(0.4);
    // Nothing reported by recommended: no precision, recall 0 of 5.
    expect(m.configs.recommended.total).toMatchObject({ raw: 0, reports: 0, precision: null, mustReport: 5, found: 0, recall: 0 });
    expect(m.unreviewed.map((r) => `${r.file}:${r.line}`)).toEqual(['c.js:1', 'c.js:2']);
    expect(m.missed.map((x) => `${x.label.file}:${x.label.line} ${x.configs.join('+')}`)).toEqual([
      'a.js:1 recommended',
      'a.js:2 recommended+all',
      'a.js:3 recommended+all',
      'a.js:4 recommended+all',
      'a.js:5 recommended',
    ]);
  });

  it('a label with config "all" is out of scope for recommended recall, but a recommended report on it is true', () => {
    const labels = [
      label({ file: 'a.js', line: 1, verdict: 'must-report', config: 'all' }),
      label({ file: 'a.js', line: 2, verdict: 'must-report' }),
      label({ file: 'a.js', line: 3, verdict: 'must-report', config: 'all' }),
    ];
    const m = run({ all: [report('a.js', 2)], recommended: [report('a.js', 1), report('a.js', 2)] }, labels);
    expect(m.configs.recommended.rules[ERR]).toMatchObject({ reports: 2, true: 2, precision: 1, mustReport: 1, found: 1, recall: 1 });
    expect(m.configs.all.rules[ERR]).toMatchObject({ reports: 1, true: 1, mustReport: 3, found: 1 });
    expect(m.configs.all.rules[ERR].recall).toBeCloseTo(1 / 3);
    // a.js:3 (config all) is missed by all only; a.js:1 too (recommended found it, all did not).
    expect(m.missed.map((x) => `${x.label.line} ${x.configs.join('+')}`)).toEqual(['1 all', '3 all']);
    expect(missedLines(m)[0]).toMatch(/^ {2}\[all\] require-socket-error-listener irc\/a\.js:1 \(config all\) — lib\/irc\.js:812/);
  });

  it('a report on a must-not-report label is a false report and a violation (once per label, with the configs), with the label', () => {
    const labels = [label({ file: 'a.js', line: 7, verdict: 'must-not-report', copies: [{ file: 'b.js', line: 8 }] })];
    const m = run({ all: [report('a.js', 7), report('b.js', 8)], recommended: [report('b.js', 8)] }, labels);
    expect(m.configs.all.rules[ERR]).toMatchObject({ raw: 2, reports: 1, true: 0, false: 1, precision: 0, mustReport: 0, recall: null });
    expect(m.violations.map((v) => `${v.configs.join('+')} ${v.report.file}:${v.report.line} ${v.label.source}`)).toEqual([
      `recommended+all b.js:8 ${labels[0].source}`,
    ]);
    expect(m.violations[0].label.why).toBe(WHY);
  });

  it('a false-positive finding is false but not a violation', () => {
    const m = run({ all: [report('a.js', 1)] }, [], [finding({ file: 'a.js', line: 1, verdict: 'false-positive' })]);
    expect(m.violations).toEqual([]);
    expect(m.configs.all.total).toMatchObject({ reports: 1, false: 1, precision: 0 });
  });

  it('detects a label and a reviewed finding that disagree, on the location or on a copy', () => {
    const labels = [
      label({ file: 'a.js', line: 1, verdict: 'must-report' }),
      label({ file: 'a.js', line: 2, verdict: 'must-not-report' }),
      label({ file: 'a.js', line: 3, verdict: 'must-report', copies: [{ file: 'z.js', line: 30 }] }),
    ];
    const findings = [
      finding({ file: 'a.js', line: 1, verdict: 'false-positive' }),
      finding({ file: 'a.js', line: 2, verdict: 'false-positive' }),
      finding({ file: 'z.js', line: 30, verdict: 'false-positive' }),
    ];
    const m = run({ all: [] }, labels, findings);
    expect(m.conflicts.map((c) => `${c.file}:${c.line}`)).toEqual(['a.js:1', 'z.js:30']);
    expect(m.conflicts[0].message).toMatch(/says must-report but .* says false-positive/);
  });

  it('labels of rules and packages outside the run are out of scope', () => {
    const labels = [label({ file: 'a.js', line: 1, verdict: 'must-report', package: 'imap' })];
    const m = computeMetrics({ reports: { all: [] }, labels, findings: [], rules: RULES, packages: ['irc'] });
    expect(m.configs.all.total.mustReport).toBe(0);
    expect(m.missed).toEqual([]);
  });

  it('prints one table block per config with a total row', () => {
    const m = run({ all: [report('a.js', 1)] }, [label({ file: 'a.js', line: 1, verdict: 'must-report' })]);
    const table = metricsTable(m).split('\n');
    expect(table).toHaveLength(2 * (RULES.length + 2));
    expect(table[0]).toMatch(/^recommended\s+raw\s+reports\s+true\s+false\s+unrev\s+precision\s+labels\s+found\s+recall$/);
    expect(table[3]).toMatch(/^ {2}total\s+0\s+0\s+0\s+0\s+0\s+-\s+1\s+0\s+0\.0%$/);
    expect(table[7]).toMatch(/^ {2}total\s+1\s+1\s+1\s+0\s+0\s+100\.0%\s+1\s+1\s+100\.0%$/);
    expect(metricsTable(m, { markdown: true })).toContain('| **all** | **total** | **1** | **1** | **1** | **0** | **0** | **100.0%** | **1** | **1** | **100.0%** |');
  });
});

describe('validateLabels', () => {
  const files: Record<string, number> = { 'lib/irc.js': 900, 'dist/irc.mjs': 800, 'lib/irc.min.js': 3 };
  const fileInfo: FileInfo = (pkg, file) => {
    if (pkg !== 'irc') return undefined; // not installed: not checked
    if (!(file in files)) return null;
    return { lines: files[file], linted: !file.endsWith('.min.js'), reason: 'minified' };
  };
  const good = { package: 'irc', file: 'lib/irc.js', line: 812, rule: ERR, verdict: 'must-report', why: WHY };
  const validate = (content: unknown, name = 'irc.json') =>
    validateLabels([{ name, content }], { packages: PACKAGES, rules: RULES, fileInfo });

  it('accepts a well-formed label and names the source of each', () => {
    const result = validate([good, { ...good, line: 813, verdict: 'must-not-report', copies: [{ file: 'dist/irc.mjs', line: 790 }], config: 'all' }]);
    expect(result.errors).toEqual([]);
    expect(result.labels.map((l) => l.source)).toEqual(['corpus/labels/irc.json[0]', 'corpus/labels/irc.json[1]']);
  });

  it('names the file and index of every invalid label and what is wrong with it', () => {
    const result = validate([
      { ...good, package: 'nope' },
      { ...good, rule: 'no-such-rule' },
      { ...good, file: 'lib/missing.js' },
      { ...good, line: 901 },
      { ...good, line: 0 },
      { ...good, why: 'short' },
      { ...good, verdict: 'maybe' },
      { ...good, config: 'recommended' },
      { ...good, file: '/abs/lib/irc.js' },
      { ...good, file: 'lib/irc.min.js', line: 1 },
      { ...good, copies: [{ file: 'dist/irc.mjs' }] },
      { ...good, copies: { file: 'dist/irc.mjs', line: 1 } },
      { ...good, copies: [{ file: 'lib/irc.js', line: 812 }] },
      { ...good, verdicts: 'must-report' },
    ]);
    expect(result.labels).toEqual([]);
    const byIndex = (i: number) => result.errors.find((e) => e.startsWith(`corpus/labels/irc.json[${i}]: `));
    expect(byIndex(0)).toMatch(/package "nope" is not in corpus\/packages\.json/);
    expect(byIndex(1)).toMatch(/rule "no-such-rule" is not one of the plugin's rules/);
    expect(byIndex(2)).toMatch(/file "lib\/missing\.js" does not exist in the installed irc/);
    expect(byIndex(3)).toMatch(/line 901 is past the end of lib\/irc\.js \(900 lines\)/);
    expect(byIndex(4)).toMatch(/line 0 must be a positive integer/);
    expect(byIndex(5)).toMatch(/why must explain the verdict/);
    expect(byIndex(6)).toMatch(/verdict "maybe" must be/);
    expect(byIndex(7)).toMatch(/config "recommended" must be "all" or absent/);
    expect(byIndex(8)).toMatch(/must be relative to the package root/);
    expect(byIndex(9)).toMatch(/is not linted by the corpus run \(minified\)/);
    expect(byIndex(10)).toMatch(/copies\[0\]: line undefined must be a positive integer/);
    expect(byIndex(11)).toMatch(/copies must be an array/);
    expect(byIndex(12)).toMatch(/copies\[0\]: lib\/irc\.js:812 is the label's own location/);
    expect(byIndex(13)).toMatch(/unknown field\(s\) verdicts/);
    expect(result.errors).toHaveLength(14);
  });

  it('rejects duplicates, also through copies, across files', () => {
    const result = validate([good, { ...good, why: `${WHY} again` }, { ...good, line: 5, copies: [{ file: 'lib/irc.js', line: 812 }] }]);
    expect(result.labels).toHaveLength(1);
    expect(result.errors).toEqual([
      'corpus/labels/irc.json[1]: duplicate: require-socket-error-listener irc lib/irc.js:812 is already labelled by corpus/labels/irc.json[0]',
      'corpus/labels/irc.json[2]: duplicate: require-socket-error-listener irc lib/irc.js:812 is already labelled by corpus/labels/irc.json[0]',
    ]);
  });

  it('checks the file name, the JSON and the array; does not check files of packages not installed', () => {
    expect(validate([good], 'imap.json').errors[0]).toMatch(/labels of irc belong in corpus\/labels\/irc\.json/);
    expect(validate(new SyntaxError('Unexpected token'), 'irc.json').errors).toEqual(['corpus/labels/irc.json: not valid JSON: Unexpected token']);
    expect(validate({ ...good }).errors).toEqual(['corpus/labels/irc.json: must be a JSON array of labels']);
    expect(labelFileName('@nestjs/microservices')).toBe('nestjs__microservices.json');
    const nest = { ...good, package: '@nestjs/microservices', file: 'anything.js', line: 99999 };
    expect(validate([nest], 'nestjs__microservices.json').errors).toEqual([]);
  });
});

describe('validateFindings', () => {
  const entry = { rule: ERR, package: 'irc', file: 'lib/irc.js', line: 10, verdict: 'true-bug', why: WHY };
  const validate = (content: unknown) => validateFindings([{ name: `${ERR}.json`, content }], { packages: PACKAGES });

  it('accepts copies and checks them like labels', () => {
    expect(validate([{ ...entry, copies: [{ file: 'dist/irc.mjs', line: 9 }] }]).errors).toEqual([]);
    const bad = validate([{ ...entry, copies: [{ file: '../x.js', line: 9 }] }, { ...entry, line: 11, copies: 'dist/irc.mjs:9' }]);
    expect(bad.errors).toEqual([
      `corpus/findings/${ERR}.json[0]: copies[0]: file "../x.js" must be a normalized path (no ./, ../ or //)`,
      `corpus/findings/${ERR}.json[1]: copies must be an array of { "file", "line" }`,
    ]);
  });

  it('rejects two entries on one location, also through copies', () => {
    const result = validate([entry, { ...entry, line: 20, copies: [{ file: 'lib/irc.js', line: 10 }] }]);
    expect(result.errors).toEqual([
      `corpus/findings/${ERR}.json[1]: duplicate: ${ERR} irc lib/irc.js:10 is already reviewed in corpus/findings/${ERR}.json[0]`,
    ]);
  });
});
