// Types of corpus-metrics.mjs, for the unit tests (tests/scripts/corpus-metrics.test.ts).

export type Config = 'recommended' | 'all';
export const CONFIGS: readonly Config[];
export const LABEL_VERDICTS: string[];
export const FINDING_VERDICTS: string[];

export interface Location {
  file: string;
  line: number;
}

export interface Label extends Location {
  package: string;
  rule: string;
  verdict: 'must-report' | 'must-not-report';
  why: string;
  copies?: Location[];
  config?: 'all';
  source: string;
}

export interface Finding extends Location {
  package: string;
  rule: string;
  verdict: 'true-bug' | 'false-positive';
  why: string;
  copies?: Location[];
  source: string;
}

export interface Report extends Location {
  rule: string;
  package: string;
  column?: number;
  messageId?: string;
  message?: string;
}

/** `undefined`: package not installed (not checked); `null`: no such file. */
export type FileInfo = (pkg: string, file: string) => { lines: number; linted: boolean; reason?: string | null } | null | undefined;

export interface SourceFile {
  name: string;
  content: unknown;
}

export function labelFileName(packageName: string): string;
export function locationKey(rule: string, pkg: string, file: string, line: number): string;
export function locationsOf(entry: Location & { copies?: Location[] }): Location[];

export function validateLabels(
  files: SourceFile[],
  options: { packages: Iterable<string>; rules: Iterable<string>; fileInfo?: FileInfo | null },
): { labels: Label[]; errors: string[] };

export function validateFindings(
  files: SourceFile[],
  options: { packages: Iterable<string>; fileInfo?: FileInfo | null },
): { entries: Finding[]; errors: string[] };

export interface Conflict extends Location {
  rule: string;
  package: string;
  label: Label;
  finding: Finding;
  message: string;
}

export interface Index {
  labelAt: Map<string, Label>;
  findingAt: Map<string, Finding>;
  unitOf(key: string): string | null;
  conflicts: Conflict[];
}

export function buildIndex(labels: Label[], findings: Finding[]): Index;

export interface Classification {
  kind: 'true' | 'false' | 'unreviewed';
  unit: string;
  label: Label | null;
  finding: Finding | null;
}

export function classify(report: Report, index: Index): Classification;

export interface Row {
  raw: number;
  reports: number;
  true: number;
  false: number;
  unreviewed: number;
  precision: number | null;
  mustReport: number;
  found: number;
  recall: number | null;
}

export interface Metrics {
  configs: Record<Config, { rules: Record<string, Row>; total: Row }>;
  missed: { label: Label; configs: Config[] }[];
  violations: { configs: Config[]; report: Report; label: Label }[];
  unreviewed: (Report & { configs: Config[] })[];
  conflicts: Conflict[];
  classified: Record<Config, ({ report: Report } & Classification)[]>;
  index: Index;
}

export function computeMetrics(input: {
  reports: Partial<Record<Config, Report[]>>;
  labels: Label[];
  findings: Finding[];
  rules: string[];
  packages: string[];
}): Metrics;

export function oneLine(text: string, max?: number): string;
export function metricsTable(metrics: Metrics, options?: { markdown?: boolean }): string;
export function missedLines(metrics: Metrics, options?: { markdown?: boolean; whyWidth?: number }): string[];
export function metricsJson(metrics: Metrics): unknown;
export function labelsMarkdown(labels: Label[], options: { rules: string[]; packages: string[] }): string;
