// A small LSP client over stdio, speaking to the real ESLint language server as VS Code's ESLint
// extension does: it answers `workspace/configuration` with the extension's settings and pulls
// diagnostics (`textDocument/diagnostic`), which is how vscode-eslint 3.x servers deliver them.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanEnv, killGroup } from './run.js';

const require = createRequire(import.meta.url);
export const SERVER = path.join(path.dirname(require.resolve('vscode-langservers-extracted/package.json')), 'bin/vscode-eslint-language-server');

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
  source?: string;
  code?: string | number;
  codeDescription?: { href: string };
}

export interface TextEdit {
  range: Diagnostic['range'];
  newText: string;
}

export interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: { textDocument: { uri: string }; edits: TextEdit[] }[];
}

/** `text` with the LSP `edits` applied (positions are line/UTF-16 character, as in the document). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line] + p.character;
  let result = text;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  }
  return result;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** The settings object the VS Code extension (vscode-eslint 3.x) sends for a document, with its defaults. */
export function extensionSettings(workspaceFolder: string, userSettings: Record<string, unknown>): Record<string, unknown> {
  const settings: Record<string, unknown> = {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    // `experimental.useFlatConfig: true` makes the server load `FlatESLint` from
    // `eslint/use-at-your-own-risk`, which ESLint 10 no longer exports: it would switch validation
    // off. Flat config is chosen by `useFlatConfig` (the `eslint.useFlatConfig` setting).
    useFlatConfig: true,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { enable: false, mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: undefined,
    workspaceFolder: { name: path.basename(workspaceFolder), uri: pathToFileURL(workspaceFolder).href },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
  };
  // The `eslint.*` keys of `.vscode/settings.json`, as the extension maps them.
  for (const [key, value] of Object.entries(userSettings)) {
    switch (key) {
      case 'eslint.run':
        settings.run = value;
        break;
      case 'eslint.useFlatConfig':
        settings.useFlatConfig = value;
        break;
      case 'eslint.workingDirectories': {
        // The extension picks the entry that applies to the document; the recipe has one mode entry.
        const [entry] = value as Record<string, unknown>[];
        settings.workingDirectory = entry;
        break;
      }
      default:
        throw new Error(`extensionSettings: no mapping for ${key}: add it here so the recipe and the test agree`);
    }
  }
  return settings;
}

export class LspClient {
  readonly log: string[] = [];
  readonly status: { uri: string; state: number; validationTime?: number }[] = [];
  /** Edits the server asked the editor to apply (a quick fix run through `workspace/executeCommand`). */
  readonly edits: WorkspaceEdit[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited = false;

  constructor(
    private readonly workspaceFolder: string,
    private readonly settings: Record<string, unknown>,
    private readonly timeoutMs: number,
  ) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: workspaceFolder, env: cleanEnv(), detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.setEncoding('utf8').on('data', (text: string) => this.log.push(`[stderr] ${text}`));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      const error = new Error(`language server exited (${code ?? signal})\n${this.log.join('\n')}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  async initialize(): Promise<void> {
    const uri = pathToFileURL(this.workspaceFolder).href;
    await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'socket-concurrency-e2e' },
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(this.workspaceFolder) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll.eslint'] } } },
        },
      },
      initializationOptions: {},
    });
    this.notify('initialized', {});
  }

  open(file: string, languageId: string, text: string): string {
    const uri = pathToFileURL(file).href;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  change(uri: string, version: number, text: string): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Pull the document's diagnostics, as VS Code does after each open and change. */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = (await this.request('textDocument/diagnostic', { textDocument: { uri }, identifier: 'eslint' })) as { kind: string; items: Diagnostic[] };
    return report.items;
  }

  async close(): Promise<void> {
    if (!this.exited) {
      try {
        await this.request('shutdown', null, 5_000);
        this.notify('exit', null);
      } catch {
        // killed below
      }
    }
    await new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => {
        killGroup(this.child.pid);
        resolve();
      }, 3_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  kill(): void {
    killGroup(this.child.pid);
  }

  request(method: string, params: unknown, timeoutMs = this.timeoutMs): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} got no answer in ${timeoutMs} ms\n${this.log.join('\n')}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: unknown): void {
    if (this.exited) return;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.onMessage(JSON.parse(body) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } });
    }
  }

  private onMessage(message: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } }): void {
    if (message.method === undefined) {
      const pending = this.pending.get(message.id!);
      if (!pending) return;
      this.pending.delete(message.id!);
      if (message.error) pending.reject(new Error(`${message.error.message}\n${this.log.join('\n')}`));
      else pending.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      // A request from the server.
      let result: unknown = null;
      if (message.method === 'workspace/applyEdit') {
        this.edits.push((message.params as { edit: WorkspaceEdit }).edit);
        result = { applied: true };
      } else if (message.method === 'workspace/configuration') {
        const { items } = message.params as { items: unknown[] };
        result = items.map(() => this.settings);
      } else if (message.method.startsWith('eslint/')) {
        this.log.push(`[request] ${message.method} ${JSON.stringify(message.params)}`);
        result = {};
      }
      this.send({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    if (message.method === 'window/logMessage' || message.method === 'window/showMessage') {
      this.log.push((message.params as { message: string }).message);
    } else if (message.method === 'eslint/status') {
      this.status.push(message.params as { uri: string; state: number; validationTime?: number });
    }
  }
}
