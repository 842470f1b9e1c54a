import { ESLintUtils } from '@typescript-eslint/utils';

export interface SocketConcurrencyDocs {
  /** In the `recommended` config (with the rule's default options). */
  recommended: boolean;
  /** The options the `all` config gives the rule: every check at its strictest. */
  strictOptions?: readonly unknown[];
}

const REPOSITORY = 'https://github.com/socket-concurrency/eslint-plugin-socket-concurrency';

/** Every rule is made here, so a rule's docs URL always names its own docs page. */
export const createRule = ESLintUtils.RuleCreator<SocketConcurrencyDocs>(
  (name) => `${REPOSITORY}/blob/main/docs/rules/${name}.md`,
);
