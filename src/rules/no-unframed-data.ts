import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type ChunkScope, chunkFlowOf } from '../analysis/chunk-flow.js';
import {
  type FileAnalysis,
  type FunctionNode,
  type SocketInfo,
  findObjectProperty,
  getAnalysis,
  getPropertyName,
  getStaticString,
  unwrapExpression,
} from '../analysis/index.js';
import { createRule } from '../create-rule.js';

type MessageIds = 'parseChunk' | 'splitChunk' | 'lengthPrefixFromChunk' | 'compareChunk';

/** Reads of a multi-byte integer: the shapes of a length prefix. */
const PREFIX_READ = /^read(?:U?Int(?:16|32)(?:BE|LE)|Big(?:U?Int64)(?:BE|LE)|U?Int(?:BE|LE))$/;
/** One-byte reads: a length prefix in some protocols, a type or version byte in most. */
const BYTE_READ = /^readU?Int8$/;
const READLINE_FACTORIES = new Set(['createInterface', 'Interface', 'promises.createInterface']);
/** Listener registrations are resolved only for a literal event name (`'data'`, `"data"`, `` `data` ``). */
const DATA_EVENT_TEXT = /['"`]data['"`]/;
const COMPARISONS = new Set(['===', '==', '!==', '!=']);
const DATA_LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

export interface NoUnframedDataOptions {
  checkByteReads: boolean;
}
type Options = [NoUnframedDataOptions];

export default createRule<Options, MessageIds>({
  name: 'no-unframed-data',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow treating one `'data'` chunk of a socket as one whole message",
      recommended: true,
      strictOptions: [{ checkByteReads: true }],
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkByteReads: {
            type: 'boolean',
            description: 'Also report one-byte reads (`readUInt8`) from a chunk that is not accumulated, as one-byte length prefixes.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkByteReads: false }],
    messages: {
      parseChunk:
        "`JSON.parse` of one `'data'` chunk: TCP has no message boundaries, so a chunk can hold half a message or several, and this parse throws on both. Frame the stream (newline-delimited with a kept remainder, or a length prefix) and parse whole messages.",
      splitChunk:
        "Splitting one `'data'` chunk without keeping the remainder: the last piece may be a partial message whose rest arrives in the next chunk. Keep the last piece in a buffer that outlives the listener, or use `readline.createInterface({ input: socket })`.",
      lengthPrefixFromChunk:
        "Reading a length prefix from one `'data'` chunk: the prefix or its message may span chunks, and a chunk may hold several messages. Accumulate chunks and read a message only when all its bytes have arrived.",
      compareChunk:
        "Comparing one `'data'` chunk to a command: the command can arrive split across chunks or merged with the next one, and then never matches. Frame the stream and compare whole messages.",
    },
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        // Cheap check first: a `'data'` listener needs the event name as a literal in the file.
        if (!DATA_EVENT_TEXT.test(context.sourceCode.text)) return;
        const analysis = getAnalysis(context);
        let readlineFed: Set<SocketInfo> | null = null;
        const reported = new Set<TSESTree.Node>();
        const done = new Set<FunctionNode>();
        for (const listener of analysis.listeners) {
          if (listener.event !== 'data' || !DATA_LISTENER_METHODS.has(listener.method)) continue;
          readlineFed ??= socketsFeedingReadline(analysis);
          if (readlineFed.has(listener.socket)) continue;
          for (const fn of listener.functions) {
            if (done.has(fn)) continue;
            done.add(fn);
            const flow = chunkFlowOf(analysis, fn);
            if (!flow) continue;
            for (const scope of flow.scopes) {
              const firstChunkOnly = listener.method === 'once' || listener.method === 'prependOnceListener';
              for (const finding of findingsIn(scope, flow.accumulates, options.checkByteReads, firstChunkOnly)) {
                if (reported.has(finding.node)) continue;
                reported.add(finding.node);
                context.report({ node: finding.node, messageId: finding.messageId });
              }
            }
          }
        }
      },
    };
  },
});

interface Finding {
  node: TSESTree.Node;
  messageId: MessageIds;
}

/**
 * `byteReads` also reports a byte of the raw chunk at a fixed offset compared to a code
 * (`chunk[0] === 255`, Telnet's IAC): a protocol command recognised only where a chunk happens to
 * begin. The first byte of a `once('data')` chunk is the first byte of the stream: not reported.
 */
function findingsIn(scope: ChunkScope, accumulates: boolean, byteReads: boolean, firstChunkOnly: boolean): Finding[] {
  const findings: Finding[] = [];
  const whole = (node: TSESTree.Node) => scope.derivationOf(node) === 'whole';
  const text = (node: TSESTree.Node) => {
    const d = scope.derivationOf(node);
    return d === 'whole' || d === 'mixed';
  };
  const byteTests = new Set<TSESTree.Node>();
  const isChunkByte = (node: TSESTree.Node): boolean => {
    const n = unwrapExpression(node);
    if (n.type !== AST_NODE_TYPES.MemberExpression || !n.computed || !whole(n.object)) return false;
    const offset = unwrapExpression(n.property);
    return offset.type === AST_NODE_TYPES.Literal && typeof offset.value === 'number' && !(firstChunkOnly && offset.value === 0);
  };
  for (const node of scope.nodes) {
    if (node.type === AST_NODE_TYPES.BinaryExpression && COMPARISONS.has(node.operator)) {
      // Reported even when the listener accumulates: the raw chunk is still compared.
      const left = node.left.type === AST_NODE_TYPES.PrivateIdentifier ? null : node.left;
      if (left && ((isCommand(node.right) && whole(left)) || (isCommand(left) && whole(node.right)))) {
        findings.push({ node, messageId: 'compareChunk' });
      } else if (byteReads && left && ((isNumber(node.right) && isChunkByte(left)) || (isNumber(left) && isChunkByte(node.right)))) {
        // `chunk[0] === 255 && chunk[1] !== 255` is one test of the chunk's start: one report.
        let test: TSESTree.Node = node;
        while (test.parent?.type === AST_NODE_TYPES.LogicalExpression) test = test.parent;
        if (!byteTests.has(test)) findings.push({ node, messageId: 'compareChunk' });
        byteTests.add(test);
      }
      continue;
    }
    if (node.type === AST_NODE_TYPES.SwitchStatement) {
      if (whole(node.discriminant) && node.cases.some((c) => c.test && isCommand(c.test))) {
        findings.push({ node: node.discriminant, messageId: 'compareChunk' });
      }
      continue;
    }
    if (accumulates || node.type !== AST_NODE_TYPES.CallExpression) continue;
    const callee = unwrapExpression(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = getPropertyName(callee);
    if (!method) continue;
    if (method === 'parse' && isGlobalJson(callee.object) && node.arguments[0] && text(node.arguments[0])) {
      findings.push({ node, messageId: 'parseChunk' });
    } else if (method === 'split' && node.arguments.length > 0 && text(callee.object)) {
      findings.push({ node, messageId: 'splitChunk' });
    } else if ((PREFIX_READ.test(method) || (byteReads && BYTE_READ.test(method))) && whole(callee.object)) {
      findings.push({ node, messageId: 'lengthPrefixFromChunk' });
    }
  }
  return findings;
}

function isNumber(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  return n.type === AST_NODE_TYPES.Literal && typeof n.value === 'number';
}

/** A non-empty string literal: a command or message compared against. */
function isCommand(node: TSESTree.Node): boolean {
  const value = getStaticString(unwrapExpression(node));
  return value != null && value.trim() !== '';
}

function isGlobalJson(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  return n.type === AST_NODE_TYPES.Identifier && n.name === 'JSON';
}

/** Sockets read line by line through `readline.createInterface({ input: socket })`: the lines are framed. */
function socketsFeedingReadline(analysis: FileAnalysis): Set<SocketInfo> {
  const result = new Set<SocketInfo>();
  for (const call of analysis.callsNamed('createInterface', 'Interface')) {
    if (call.arguments.length === 0) continue;
    const members = analysis.moduleMembersOf(call.callee);
    if (!members.some((m) => (m.module === 'readline' && READLINE_FACTORIES.has(m.path)) || (m.module === 'readline/promises' && m.path === 'createInterface'))) continue;
    const arg = call.arguments[0];
    if (!arg) continue;
    const input = findObjectProperty(arg, 'input')?.value ?? arg;
    for (const socket of analysis.socketsOf(input)) result.add(socket);
  }
  return result;
}
