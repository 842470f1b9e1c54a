import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { type BoundaryAnalysis, type FileAnalysis, getAnalysis, getBoundaries } from '../../src/analysis/index.js';

export const typedFixtureDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/typed');

export interface AnalyzeOptions {
  settings?: Record<string, unknown>;
  /** Parse with type information (the typed fixture project). */
  typed?: boolean;
  sourceType?: 'module' | 'commonjs';
  filename?: string;
}

export interface Analyzed {
  analysis: FileAnalysis;
  boundaries: BoundaryAnalysis;
  code: string;
}

/** Runs the shared analysis on a snippet through a real ESLint Linter, as a rule would see it. */
export function analyze(code: string, options: AnalyzeOptions = {}): Analyzed {
  const linter = new Linter({ configType: 'flat' });
  let captured: Analyzed | null = null;
  const probe: TSESLint.RuleModule<'x'> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { x: 'x' }, schema: [] },
    create(context) {
      return {
        'Program:exit'() {
          captured = { analysis: getAnalysis(context), boundaries: getBoundaries(context), code };
        },
      };
    },
  };
  const filename = options.filename ?? (options.typed ? path.join(typedFixtureDir, 'file.ts') : 'file.ts');
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.js'],
        languageOptions: {
          parser: tsParser,
          sourceType: options.sourceType ?? 'module',
          parserOptions: options.typed ? { projectService: true, tsconfigRootDir: typedFixtureDir } : {},
        },
        settings: options.settings ?? {},
        plugins: { probe: { rules: { probe } } as never },
        rules: { 'probe/probe': 'error' },
      },
    ],
    filename,
  );
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  if (!captured) throw new Error('analysis did not run');
  return captured;
}

/** The source text of a node, for readable assertions. */
export function textOf(analyzed: Analyzed, node: { range: [number, number] }): string {
  return analyzed.code.slice(node.range[0], node.range[1]);
}

/** Sockets as `kind:text-of-report-node` strings. */
export function socketSummary(analyzed: Analyzed): string[] {
  return analyzed.analysis.sockets.map((s) => `${s.kind}:${textOf(analyzed, s.node)}`);
}
