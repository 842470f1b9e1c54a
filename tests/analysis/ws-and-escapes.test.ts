import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import {
  elementWebSockets,
  webSocketServerErrorHandling,
  webSocketServerMode,
  webSocketStreamsOf,
} from '../../src/analysis/index.js';
import { analyze, textOf } from './analyze.js';

/** Escapes as `reason:text` strings. */
function escapes(code: string, options = {}) {
  const analyzed = analyze(code, options);
  return analyzed.analysis.escapes.map((e) => `${e.reason}:${textOf(analyzed, e.node).split('\n')[0]}`);
}

describe('escapes through objects and calls (spec 0.4)', () => {
  it('a socket stored in a field of another module’s object escapes, even when reached through this', () => {
    const code = `const tls = require('tls');
const { FTPContext } = require('./FtpContext');
class Client {
  constructor() { this.ftp = new FTPContext(); }
  connect(host) { this.ftp.socket = tls.connect(990, host); }
}
module.exports = Client;`;
    expect(escapes(code, { sourceType: 'commonjs' })).toEqual(['stored:this.ftp.socket = tls.connect(990, host)']);
  });

  it('a socket stored in a field of one of the module’s own objects does not escape', () => {
    const code = `import net from 'node:net';
class Client {
  constructor() { this.state = { socket: null }; }
  connect() { this.state.socket = net.connect(80); this.state.socket.on('error', () => {}); }
}
new Client().connect();`;
    expect(escapes(code)).toEqual([]);
  });

  it('new this.socketClass(socket) constructs a class the module does not define: an escape', () => {
    const code = `import net from 'node:net';
import { JsonSocket } from './helpers.js';
export class ClientTCP {
  constructor(options) { this.socketClass = options.socketClass || JsonSocket; }
  open() { const socket = new net.Socket(); return this.wrap(socket); }
  wrap(socket) { return new this.socketClass(socket); }
}`;
    expect(escapes(code)).toEqual(['passed:new this.socketClass(socket)']);
  });

  it('a method call on one of the module’s objects still does not take the socket', () => {
    const code = `import net from 'node:net';
export class Server {
  start() { net.createServer((socket) => this.track(socket)).listen(0); }
  track(socket) { socket.on('error', () => {}); }
}`;
    expect(escapes(code)).toEqual([]);
  });

  it('binding a socket into a local function with bind() is not an escape', () => {
    const code = `const net = require('net');
function parse(socket, data) { socket.write(data); }
net.createServer(function (sock) {
  sock.on('data', function (data) { setTimeout(parse.bind(null, sock, data), 0); });
});`;
    expect(escapes(code, { sourceType: 'commonjs' })).toEqual([]);
  });
});

describe('listeners and this', () => {
  it('a bound listener keeps its own this: the socket does not flow into the object', () => {
    const code = `const net = require('net');
function Manager(server) {
  this.socket = net.connect(server);
  this.socket.on('data', this.onData.bind(this));
}
Manager.prototype.onData = function (data) { this.queue(data); };
Manager.prototype.queue = function (data) { this.socket.write(data); };
module.exports = Manager;`;
    const analyzed = analyze(code, { sourceType: 'commonjs' });
    const methods = analyzed.analysis.socketCalls.map((c) => `${textOf(analyzed, c.receiver)}.${c.method}`);
    expect(methods).toContain('this.socket.write');
    expect(methods).not.toContain('this.queue');
    expect(analyzed.analysis.escapes).toEqual([]);
  });

  it('an event name chosen between two literals registers both, and this is the socket in the listener', () => {
    const code = `const tls = require('tls');
function Connection(stream) {
  this.connection = stream;
  this.connection.addListener(stream.encrypted ? 'secureConnect' : 'connect', function () { this.setTimeout(1000); });
}
const c = new Connection(tls.connect(443, 'example.com'));`;
    const analyzed = analyze(code, { sourceType: 'commonjs' });
    const [socket] = analyzed.analysis.sockets;
    expect(analyzed.analysis.listenersOf(socket).map((l) => l.event)).toEqual(['secureConnect', 'connect']);
    expect(analyzed.analysis.callsOn(socket).map((c) => `${textOf(analyzed, c.receiver)}.${c.method}`)).toContain('this.setTimeout');
  });
});

describe('ws facts (spec 8)', () => {
  /** The first call expression whose text starts with `prefix`. */
  function callAt(analyzed: ReturnType<typeof analyze>, prefix: string): TSESTree.CallExpression {
    const call = analyzed.analysis.calls.find((c) => c.type === AST_NODE_TYPES.CallExpression && textOf(analyzed, c).startsWith(prefix));
    if (!call) throw new Error(`no call ${prefix}`);
    return call as TSESTree.CallExpression;
  }

  it('an element of wss.clients (forEach or for…of) is one of that server’s connections', () => {
    const analyzed = analyze(`import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const other = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => ws.on('error', () => {}));
other.on('connection', (ws) => ws.on('error', () => {}));
setInterval(() => {
  wss.clients.forEach((client) => client.ping());
  for (const c of [...other.clients]) c.terminate();
}, 1000);`);
    const ping = callAt(analyzed, 'client.ping') as TSESTree.CallExpression & { callee: TSESTree.MemberExpression };
    const terminate = callAt(analyzed, 'c.terminate') as TSESTree.CallExpression & { callee: TSESTree.MemberExpression };
    const [first, second] = analyzed.analysis.sockets;
    expect(elementWebSockets(analyzed.analysis, ping.callee.object)).toEqual([first]);
    expect(elementWebSockets(analyzed.analysis, terminate.callee.object)).toEqual([second]);
  });

  it('a const alias of a wss.clients element (plain or cast) is that element; a re-assignable one is not', () => {
    const analyzed = analyze(`import { WebSocketServer, type WebSocket } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => ws.on('error', () => {}));
setInterval(() => {
  wss.clients.forEach((client) => { const a = client; const b = a as WebSocket & { live: boolean }; b.ping(); });
  for (const c of wss.clients) { let d = c; d = other(); d.terminate(); }
}, 1000);
declare function other(): WebSocket;`);
    const ping = callAt(analyzed, 'b.ping') as TSESTree.CallExpression & { callee: TSESTree.MemberExpression };
    const terminate = callAt(analyzed, 'd.terminate') as TSESTree.CallExpression & { callee: TSESTree.MemberExpression };
    expect(elementWebSockets(analyzed.analysis, ping.callee.object)).toEqual([analyzed.analysis.sockets[0]]);
    expect(elementWebSockets(analyzed.analysis, terminate.callee.object)).toEqual([]);
  });

  it('an element of a registry of WebSockets is one of them', () => {
    const analyzed = analyze(`import { WebSocketServer } from 'ws';
const clients = [];
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => { clients.push(ws); ws.on('error', () => {}); });
setInterval(() => { for (const client of clients) client.ping(); }, 1000);`);
    const ping = callAt(analyzed, 'client.ping') as TSESTree.CallExpression & { callee: TSESTree.MemberExpression };
    expect(elementWebSockets(analyzed.analysis, ping.callee.object).map((s) => s.kind)).toEqual(['ws-connection']);
  });

  it('follows the duplex of createWebSocketStream to pipeline, an error listener, pipe or an escape (ws-semantics j1)', () => {
    const analyzed = analyze(`import { pipeline } from 'node:stream';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { handle } from './broker.js';
const a = new WebSocketServer({ noServer: true });
const b = new WebSocketServer({ noServer: true });
const c = new WebSocketServer({ noServer: true });
const d = new WebSocketServer({ noServer: true });
a.on('connection', (ws) => { const duplex = createWebSocketStream(ws); pipeline(duplex, duplex, () => {}); });
b.on('connection', (ws) => { createWebSocketStream(ws).on('error', () => {}).pipe(process.stdout); });
c.on('connection', (ws) => { const duplex = createWebSocketStream(ws); duplex.pipe(process.stdout); });
d.on('connection', (ws) => { handle(createWebSocketStream(ws)); });`);
    const fates = analyzed.analysis.sockets.map((s) => webSocketStreamsOf(analyzed.analysis, s).map((f) => `${f.handled}/${f.escaped}`));
    expect(fates).toEqual([['true/false'], ['true/false'], ['false/false'], ['false/true']]);
  });

  it('tells a listening WebSocketServer from a noServer one, and sees its error listener and escapes', () => {
    const analyzed = analyze(`import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const listening = new WebSocketServer({ server });
const detached = new WebSocketServer({ noServer: true });
const configured = new WebSocketServer(options());
export const exported = new WebSocketServer({ port: 8080 });
new WebSocketServer({ port: 8081 }).on('error', () => {});
function options() { return { port: 1 }; }`);
    const ws = analyzed.analysis.servers.filter((s) => s.module === 'ws');
    expect(ws.map((s) => webSocketServerMode(analyzed.analysis, s))).toEqual(['listens', 'noServer', 'unknown', 'listens', 'listens']);
    expect(ws.map((s) => webSocketServerErrorHandling(analyzed.analysis, s))).toEqual([
      { listened: false, escaped: false },
      { listened: false, escaped: false },
      { listened: false, escaped: false },
      { listened: false, escaped: true },
      { listened: true, escaped: false },
    ]);
  });
});
