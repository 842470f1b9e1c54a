import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';

export interface SocketConcurrencyDocs {
  /** In the `recommended` config (with the rule's default options). */
  recommended: boolean;
  /** The options the `all` config gives the rule: every check at its strictest. */
  strictOptions?: readonly unknown[];
}

const REPOSITORY = 'https://github.com/socket-concurrency/eslint-plugin-socket-concurrency';

/** Every rule is made here, so a rule's docs URL always names its own docs page. */
const ruleCreator = ESLintUtils.RuleCreator<SocketConcurrencyDocs>((name) => `${REPOSITORY}/blob/main/docs/rules/${name}.md`);

type RuleSpec<Options extends readonly unknown[], MessageIds extends string> = Parameters<typeof ruleCreator<Options, MessageIds>>[0];

/**
 * A receiver can hold several sockets (spec 0.1, "several values, one receiver"): a rule that
 * checks each of them may reach the same node with the same message twice. One report per
 * node and message, whatever the rule iterates: the first one made.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(spec: RuleSpec<Options, MessageIds>) {
  return ruleCreator<Options, MessageIds>({
    ...spec,
    create(context, options) {
      const seen = new Set<string>();
      const report: TSESLint.RuleContext<MessageIds, Options>['report'] = (descriptor) => {
        const where = 'node' in descriptor && descriptor.node ? descriptor.node.range.join(':') : JSON.stringify(descriptor.loc);
        const key = `${where}\0${descriptor.messageId}`;
        if (seen.has(key)) return;
        seen.add(key);
        context.report(descriptor);
      };
      return spec.create(Object.create(context, { report: { value: report } }) as typeof context, options);
    },
  });
}
