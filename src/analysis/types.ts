import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getPropertyName, unwrapExpression } from './ast.js';
import type { SocketInfo } from './model.js';
import type { SocketConcurrencySettings } from './settings.js';
import type { Variable } from './syntax.js';

/**
 * Type-based recognition, used only when typescript-eslint gives a program. Kept behind a
 * cheap syntactic filter: only identifiers and member reads are ever asked about, once each.
 */
export class TypeSocketOracle {
  private readonly cache = new Map<unknown, SocketInfo | null>();

  private constructor(
    private readonly services: {
      esTreeNodeToTSNodeMap: { get(node: TSESTree.Node): unknown };
      program: { getTypeChecker(): TypeCheckerLike };
    },
    private readonly checker: TypeCheckerLike,
    private readonly configuredNames: ReadonlySet<string>,
  ) {}

  static create(sourceCode: Readonly<TSESLint.SourceCode>, settings: SocketConcurrencySettings): TypeSocketOracle | null {
    const services = sourceCode.parserServices as
      | { program?: { getTypeChecker(): TypeCheckerLike } | null; esTreeNodeToTSNodeMap?: { get(node: TSESTree.Node): unknown } }
      | undefined;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return null;
    const names = new Set(settings.socketTypes);
    return new TypeSocketOracle(
      services as { esTreeNodeToTSNodeMap: { get(node: TSESTree.Node): unknown }; program: { getTypeChecker(): TypeCheckerLike } },
      services.program.getTypeChecker(),
      names,
    );
  }

  socketFor(node: TSESTree.Node, lookup: boolean, make: () => SocketInfo, variableOf: (id: TSESTree.Identifier) => Variable | null): SocketInfo | null {
    const n = unwrapExpression(node);
    if (n.type !== AST_NODE_TYPES.Identifier && n.type !== AST_NODE_TYPES.MemberExpression) return null;
    // One socket per binding (identifiers) or per source text (member reads such as `this.conn`).
    const key: unknown =
      n.type === AST_NODE_TYPES.Identifier ? (variableOf(n) ?? `id:${n.name}`) : `member:${memberKey(n)}`;
    if (this.cache.has(key)) return this.cache.get(key) ?? null;
    if (!lookup) return null;
    let result: SocketInfo | null = null;
    try {
      const tsNode = this.services.esTreeNodeToTSNodeMap.get(n);
      if (tsNode) {
        const type = this.checker.getTypeAtLocation(tsNode);
        if (this.isSocketType(type, 0)) result = make();
      }
    } catch {
      result = null;
    }
    this.cache.set(key, result);
    return result;
  }

  private isSocketType(type: TypeLike | undefined, depth: number): boolean {
    if (!type || depth > 4) return false;
    if (type.isUnion?.()) return (type.types ?? []).some((t) => this.isSocketType(t, depth + 1));
    const symbol = type.getSymbol?.() ?? type.aliasSymbol;
    if (symbol) {
      const name = symbol.getName();
      if (this.configuredNames.has(name)) return true;
      if (name === 'Socket' || name === 'TLSSocket') {
        // Only Node's own classes: a `Socket` of socket.io or ws is another thing.
        const declarations = symbol.getDeclarations?.() ?? [];
        if (declarations.some((d) => /[\\/]@types[\\/]node[\\/]/.test(d.getSourceFile?.().fileName ?? ''))) return true;
      }
    }
    const bases = type.getBaseTypes?.() ?? [];
    return bases.some((base) => this.isSocketType(base, depth + 1));
  }
}

function memberKey(node: TSESTree.Node): string {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.Identifier) return n.name;
  if (n.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (n.type === AST_NODE_TYPES.MemberExpression) return `${memberKey(n.object)}.${getPropertyName(n) ?? '?'}`;
  return '?';
}

interface TypeLike {
  isUnion?(): boolean;
  types?: TypeLike[];
  getSymbol?(): SymbolLike | undefined;
  aliasSymbol?: SymbolLike;
  getBaseTypes?(): TypeLike[] | undefined;
}
interface SymbolLike {
  getName(): string;
  getDeclarations?(): { getSourceFile?(): { fileName: string } }[] | undefined;
}
interface TypeCheckerLike {
  getTypeAtLocation(node: unknown): TypeLike;
}
