import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, isFunctionNode } from './ast.js';
import type { SocketConcurrencySettings } from './settings.js';
import type { FileSyntax, Variable } from './syntax.js';
import type { DynamicValue } from './values.js';

/**
 * Parameters, variables and fields annotated as sockets (spec 0.1): a TypeScript annotation
 * naming `Socket`/`TLSSocket` of `net`/`tls` (any import form) or a configured type, or a JSDoc
 * `@param {net.Socket}` / `{import('net').Socket}`. No type checker involved.
 */
export class SocketAnnotations {
  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly syntax: FileSyntax,
    private readonly settings: SocketConcurrencySettings,
    private readonly mayHaveJsdoc: boolean,
    /** The module values a binding holds (import bindings are seeded before annotations are read). */
    private readonly moduleValuesOf: (variable: Variable) => ReadonlySet<DynamicValue>,
  ) {}

  isSocketAnnotation(identifier: TSESTree.Identifier): boolean {
    const annotation = identifier.typeAnnotation?.typeAnnotation;
    if (annotation) return this.isSocketTypeNode(annotation);
    if (!this.mayHaveJsdoc) return false;
    const fn = identifier.parent;
    if (isFunctionNode(fn) && fn.params.includes(identifier as TSESTree.Parameter)) {
      const comment = jsdocOf(this.sourceCode, fn);
      if (comment) {
        const pattern = new RegExp(`@param\\s+\\{([^}]+)\\}\\s+\\[?${identifier.name}\\b`);
        const match = pattern.exec(comment);
        if (match && this.isSocketTypeText(match[1])) return true;
      }
    }
    return false;
  }

  /** `/** @type {import('node:net').Socket} *\/ this._socket = ...`, also on class fields. */
  isSocketJsdocType(node: TSESTree.Node): boolean {
    if (!this.mayHaveJsdoc) return false;
    const comments = this.sourceCode.getCommentsBefore(node);
    const last = comments[comments.length - 1];
    if (!last || last.type !== 'Block' || !last.value.startsWith('*')) return false;
    const match = /@type\s+\{([^}]+)\}/.exec(last.value);
    return match != null && this.isSocketTypeText(match[1]);
  }

  isSocketTypeNode(type: TSESTree.TypeNode): boolean {
    if (type.type === AST_NODE_TYPES.TSUnionType) {
      return type.types.some((t) => this.isSocketTypeNode(t) && !isNullishType(t)) && type.types.every((t) => isNullishType(t) || this.isSocketTypeNode(t));
    }
    if (type.type !== AST_NODE_TYPES.TSTypeReference) return false;
    const name = type.typeName;
    if (name.type === AST_NODE_TYPES.Identifier) {
      if (this.settings.socketTypes.includes(name.name)) return true;
      const variable = this.syntax.variableOf(name) ?? this.resolveTypeName(name);
      if (!variable) return false;
      for (const v of this.moduleValuesOf(variable)) {
        if (v.kind === 'module' && (v.module === 'net' || v.module === 'tls') && (v.path === 'Socket' || v.path === 'TLSSocket')) return true;
      }
      return false;
    }
    if (name.type === AST_NODE_TYPES.TSQualifiedName && name.left.type === AST_NODE_TYPES.Identifier) {
      if (name.right.name !== 'Socket' && name.right.name !== 'TLSSocket') return false;
      const variable = this.syntax.variableOf(name.left) ?? this.resolveTypeName(name.left);
      if (!variable) return false;
      for (const v of this.moduleValuesOf(variable)) if (v.kind === 'module' && (v.module === 'net' || v.module === 'tls') && v.path === '') return true;
    }
    return false;
  }

  private resolveTypeName(identifier: TSESTree.Identifier): Variable | null {
    let scope: TSESLint.Scope.Scope | null = this.sourceCode.getScope(identifier);
    while (scope) {
      const variable = scope.set.get(identifier.name);
      if (variable) return variable;
      scope = scope.upper;
    }
    return null;
  }

  private isSocketTypeText(text: string): boolean {
    const trimmed = text.trim().replace(/\s*\|\s*(?:null|undefined)\b/g, '');
    if (this.settings.socketTypes.includes(trimmed)) return true;
    return /^(?:(?:net|tls)\.|import\(\s*['"](?:node:)?(?:net|tls)['"]\s*\)\.)(?:Socket|TLSSocket)$/.test(trimmed);
  }
}

function isNullishType(type: TSESTree.TypeNode): boolean {
  return type.type === AST_NODE_TYPES.TSNullKeyword || type.type === AST_NODE_TYPES.TSUndefinedKeyword;
}

function jsdocOf(sourceCode: Readonly<TSESLint.SourceCode>, fn: FunctionNode): string | null {
  let target: TSESTree.Node = fn;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator) target = parent.parent;
  else if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.PropertyDefinition) target = parent;
  else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.parent?.type === AST_NODE_TYPES.ExpressionStatement) target = parent.parent;
  if (target.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || target.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) target = target.parent;
  const comments = sourceCode.getCommentsBefore(target);
  const last = comments[comments.length - 1];
  if (last && last.type === 'Block' && last.value.startsWith('*')) return last.value;
  return null;
}
