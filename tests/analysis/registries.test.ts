import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { walkAst } from '../../src/analysis/index.js';
import { getRegistries } from '../../src/analysis/registries.js';
import { analyze } from './analyze.js';

/** The receivers of `send`/`write` calls in source order, with the kinds of the sockets a registry says they hold. */
function elements(code: string, sourceType: 'module' | 'commonjs' = 'module'): string[] {
  const analyzed = analyze(code, { sourceType });
  const { analysis } = analyzed;
  const registries = getRegistries(analysis);
  const result: string[] = [];
  walkAst(analysis.sourceCode.ast, analysis.sourceCode.visitorKeys, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return;
    const property = node.callee.property;
    if (property.type !== 'Identifier' || (property.name !== 'send' && property.name !== 'write')) return;
    const receiver = (node as TSESTree.CallExpression & { callee: TSESTree.MemberExpression }).callee.object;
    const kinds = registries.elementSockets(receiver).map((s) => s.kind);
    result.push(`${analyzed.code.slice(receiver.range[0], receiver.range[1])}:${kinds.join(',')}`);
  });
  return result;
}

describe('registry elements', () => {
  it("takes an element of a ws server's own `clients` set for one of its connections (spec 8.2)", () => {
    const code = `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => { ws.on('error', () => {}); });
export function broadcast(msg) {
  for (const client of wss.clients) client.send(msg);
  wss.clients.forEach((c) => c.send(msg));
  for (const c of [...wss.clients]) c.send(msg);
  for (const c of Array.from(wss.clients)) c.send(msg);
}`;
    expect(elements(code)).toEqual(['client:ws-connection', 'c:ws-connection', 'c:ws-connection', 'c:ws-connection']);
  });

  it('follows the same for a CommonJS `new WebSocket.Server()`, and not for the clients of something else', () => {
    const code = `const WebSocket = require('ws');
const wss = new WebSocket.Server({ noServer: true });
const room = { clients: new Set() };
wss.on('connection', (ws) => { ws.on('error', () => {}); });
module.exports = (msg) => {
  wss.clients.forEach((c) => c.send(msg));
  room.clients.forEach((c) => c.send(msg));
};`;
    expect(elements(code, 'commonjs')).toEqual(['c:ws-connection', 'c:']);
  });

  it('keys a container nested in a field (`this.namespaces[ns].clients`), also through `self = this`', () => {
    const code = `import { WebSocketServer } from 'ws';
export class Server {
  constructor() {
    this.namespaces = {};
    this.wss = new WebSocketServer({ port: 1 });
    this.wss.on('connection', (socket) => {
      socket.on('error', () => {});
      this.namespaces['/'].clients.set(socket.id, socket);
      socket.on('close', () => this.namespaces['/'].clients.delete(socket.id));
    });
  }
  notify(ns, ids, msg) {
    for (const id of ids) {
      const socket = this.namespaces[ns].clients.get(id);
      socket.send(msg);
    }
  }
  of(name) {
    const self = this;
    return { emit(ids, msg) { for (const id of ids) { const s = self.namespaces[name].clients.get(id); s.send(msg); } } };
  }
}`;
    expect(elements(code)).toEqual(['socket:ws-connection', 's:ws-connection']);
  });
});
