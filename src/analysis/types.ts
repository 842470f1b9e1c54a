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

  /**
   * Only in TypeScript files: in JavaScript (`allowJs`) the checker can only infer, from the
   * same code provenance already follows, at about 1 ms a lookup (measured on the corpus: 450
   * lookups, no socket found that provenance had missed); JSDoc types are read without it.
   */
  static create(sourceCode: Readonly<TSESLint.SourceCode>, settings: SocketConcurrencySettings, context: { readonly filename: string }): TypeSocketOracle | null {
    // The parser services first: most files have no program, and the rule context is a new
    // object per rule and file, slower to read than the SourceCode.
    const services = sourceCode.parserServices as
      | { program?: { getTypeChecker(): TypeCheckerLike } | null; esTreeNodeToTSNodeMap?: { get(node: TSESTree.Node): unknown } }
      | undefined;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return null;
    if (!TYPESCRIPT_FILE.test(context.filename)) return null;
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
      if (tsNode && this.isSocketType(this.declaredType(tsNode as TsNodeLike), 0)) result = make();
    } catch {
      result = null;
    }
    this.cache.set(key, result);
    return result;
  }

  /**
   * The type an expression is declared with, never one inferred from a function body or from
   * the assignments of a JavaScript class: the symbol's type annotation (or JSDoc type), any
   * symbol declared in a declaration file, and for `x = f()` / `new F()` the declared return
   * type of the resolved signature. Inference is what costs (about 1 ms a lookup on the
   * corpus, 30 ms for one field of a big JavaScript class): a declared type is read, not
   * computed, and the expressions inference would type are the ones provenance follows.
   */
  private declaredType(tsNode: TsNodeLike, depth = 0): TypeLike | undefined {
    if (depth > 4) return undefined;
    const node = unwrapTsExpression(tsNode);
    if (!node) return undefined;
    if (node.name && node.expression) {
      // `a.b`: a property of the declared type of `a` (or of the class `this` is), read only
      // when the property is declared with a type (never a JavaScript expando assignment).
      const object = unwrapTsExpression(node.expression);
      const owner = object && isThisKeyword(object) ? this.checker.getTypeAtLocation(object) : object && this.declaredType(object, depth + 1);
      const property = owner?.getProperty?.(node.name.text ?? '');
      return property ? this.typeIfDeclared(property, node) : undefined;
    }
    const symbol = this.checker.getSymbolAtLocation(node);
    return symbol ? this.typeIfDeclared(symbol, node) : undefined;
  }

  /** A symbol's annotated type, or the declared return type of the call that initializes it. */
  private typeIfDeclared(symbol: TsSymbolLike, at: TsNodeLike): TypeLike | undefined {
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration) return undefined;
    if (declaration.type || declaration.getSourceFile().isDeclarationFile) return this.checker.getTypeOfSymbolAtLocation(symbol, at);
    const initializer = unwrapTsExpression(declaration.initializer);
    if (!initializer?.arguments || !initializer.expression) return undefined;
    const signature = this.checker.getResolvedSignature(initializer);
    const made = signature?.declaration;
    if (!signature || !made || !(made.type || made.getSourceFile().isDeclarationFile)) return undefined;
    return this.checker.getReturnTypeOfSignature(signature);
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

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/i;

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
  getProperty?(name: string): TsSymbolLike | undefined;
}
interface SymbolLike {
  getName(): string;
  getDeclarations?(): { getSourceFile?(): { fileName: string } }[] | undefined;
}
/** The parts of TypeScript's nodes read here (TypeScript is an optional peer: not imported). */
interface TsNodeLike {
  /** PropertyAccessExpression: the member name. */
  name?: TsNodeLike;
  /** identifiers */
  text?: string;
  getText?(): string;
  /** declarations: an explicit type annotation (JSDoc types are read without the checker: annotations.ts). */
  type?: unknown;
  initializer?: TsNodeLike;
  /** call and new expressions */
  arguments?: unknown;
  /** element access `a[i]` */
  argumentExpression?: unknown;
  expression?: TsNodeLike;
  getSourceFile(): { isDeclarationFile: boolean; fileName: string };
}
interface TsSymbolLike {
  valueDeclaration?: TsNodeLike;
  declarations?: TsNodeLike[];
}
interface SignatureLike {
  declaration?: TsNodeLike;
}
interface TypeCheckerLike {
  getTypeAtLocation(node: TsNodeLike): TypeLike;
  getSymbolAtLocation(node: TsNodeLike): TsSymbolLike | undefined;
  getTypeOfSymbolAtLocation(symbol: TsSymbolLike, node: TsNodeLike): TypeLike;
  getResolvedSignature(node: TsNodeLike): SignatureLike | undefined;
  getReturnTypeOfSignature(signature: SignatureLike): TypeLike;
}

/** TypeScript's `SyntaxKind.ThisKeyword`, read from the node's text (TypeScript is not imported). */
function isThisKeyword(node: TsNodeLike): boolean {
  return node.expression === undefined && node.name === undefined && node.text === undefined && node.getText?.() === 'this';
}

/** `(x)`, `await x`, `x as T`, `x!`: the expression whose declaration says the type. */
function unwrapTsExpression(node: TsNodeLike | undefined): TsNodeLike | undefined {
  let current = node;
  for (let i = 0; current && i < 8; i++) {
    const inner = current.expression;
    const wraps = inner !== undefined && current.arguments === undefined && current.name === undefined && current.argumentExpression === undefined;
    if (!wraps) return current;
    current = inner;
  }
  return current;
}
