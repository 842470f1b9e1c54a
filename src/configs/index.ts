import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from '../rules/index.js';

type RuleEntry = TSESLint.SharedConfig.RuleEntry;

const PREFIX = 'socket-concurrency';

/** `recommended`: the rules tuned to report next to nothing on well-maintained code, with default options. */
export function recommendedRules(): Record<string, RuleEntry> {
  const result: Record<string, RuleEntry> = {};
  for (const [name, rule] of Object.entries(rules)) {
    if (rule.meta.docs?.recommended) result[`${PREFIX}/${name}`] = 'error';
  }
  return result;
}

/** `all`: every rule with every option at its strictest. */
export function allRules(): Record<string, RuleEntry> {
  const result: Record<string, RuleEntry> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const strict = rule.meta.docs?.strictOptions;
    result[`${PREFIX}/${name}`] = strict ? (['error', ...strict] as RuleEntry) : 'error';
  }
  return result;
}
