import { describe, expect, it } from 'vitest';
import { mayAnnotateSockets } from '../../src/analysis/modules.js';
import { analyze, socketSummary, textOf } from './analyze.js';

/** Methods called on sockets, as `receiver.method` strings, with the socket's kind. */
function calls(code: string, options = {}) {
  const analyzed = analyze(code, options);
  return analyzed.analysis.socketCalls.map((c) => `${c.socket.kind}:${textOf(analyzed, c.receiver)}.${c.method}`);
}

describe('module binding forms (spec 0.1)', () => {
  it.each([
    ["const net = require('net');", 'net.createServer'],
    ["const net = require('node:net');", 'net.createServer'],
    ["import net from 'node:net';", 'net.createServer'],
    ["import * as net from 'net';", 'net.createServer'],
    ["import { createServer } from 'node:net';", 'createServer'],
    ["import { createServer as make } from 'net';", 'make'],
    ["const { createServer } = require('net');", 'createServer'],
    ["const { createServer: make } = require('node:net');", 'make'],
    ["const net_1 = __importDefault(require('net'));", 'net_1.default.createServer'],
    ["const net_1 = __importStar(require('net'));", 'net_1.createServer'],
    ["const net_1 = require('net');", '(0, net_1.createServer)'],
    ["const net = _interopRequireDefault(require('net')).default;", 'net.createServer'],
  ])('%s → %s(listener) gives an accepted socket', (binding, factory) => {
    const analyzed = analyze(`${binding}\n${factory}((socket) => { socket.write('hi'); });`);
    expect(socketSummary(analyzed)).toEqual(['accepted:socket']);
    expect(analyzed.analysis.socketCalls.map((c) => c.method)).toEqual(['write']);
  });

  it('follows a lazily assigned module binding', () => {
    const code = `let tls;
function load() { tls = require('node:tls'); }
function open() { const s = tls.connect(443, 'example.com'); s.on('error', () => {}); }`;
    expect(socketSummary(analyze(code))).toEqual(["tls-client:tls.connect(443, 'example.com')"]);
  });

  it('follows a choice between two socket modules', () => {
    const code = `import net from 'node:net';
import tls from 'node:tls';
export function open(secure) {
  const connector = secure ? tls : net;
  const socket = connector.connect({ port: 1 });
  socket.setTimeout(1000);
}`;
    // One call, one socket: the origin takes the kind of the first module it may come from.
    expect(socketSummary(analyze(code))).toEqual(['tls-client:connector.connect({ port: 1 })']);
  });

  it('does not take a local function named connect for a socket factory', () => {
    const code = `import net from 'node:net';
import { connect } from './db.js';
function open() { const c = connect('postgres://x'); c.write('x'); }`;
    expect(socketSummary(analyze(code))).toEqual([]);
  });

  it('does not take a locally declared connect for a socket factory', () => {
    const code = `const net = require('net');
function connect(url) { return { url }; }
const c = connect('redis://x');
c.on('data', () => {});`;
    expect(socketSummary(analyze(code, { sourceType: 'commonjs' }))).toEqual([]);
  });

  it('resolves the CommonJS require global', () => {
    const code = `const net = require('net');
net.createServer((socket) => socket.end());`;
    expect(socketSummary(analyze(code, { sourceType: 'commonjs', filename: 'file.js' }))).toEqual(['accepted:socket']);
  });

  it('resolves await import()', () => {
    const code = `export async function open() {
  const net = await import('node:net');
  const s = net.connect(1);
  s.end();
}`;
    expect(socketSummary(analyze(code))).toEqual(['client:net.connect(1)']);
  });
});

describe('origins', () => {
  it('recognises every client factory', () => {
    const code = `import net from 'node:net';
import tls from 'node:tls';
const a = net.connect(1);
const b = net.createConnection({ port: 1 });
const c = new net.Socket();
const d = tls.connect({ port: 443 });`;
    expect(socketSummary(analyze(code))).toEqual([
      'client:net.connect(1)',
      'client:net.createConnection({ port: 1 })',
      'client:new net.Socket()',
      'tls-client:tls.connect({ port: 443 })',
    ]);
  });

  it('marks TLS wrappers of an existing socket', () => {
    const code = `import net from 'node:net';
import tls from 'node:tls';
const raw = net.connect(1);
const wrapped = new tls.TLSSocket(raw, {});
const upgraded = tls.connect({ socket: raw });`;
    const { analysis } = analyze(code);
    expect(analysis.sockets.map((s) => [s.kind, s.wrapsExisting])).toEqual([
      ['client', false],
      ['tls-client', true],
      ['tls-client', true],
    ]);
  });

  it('sees the socket option through a binding and Object.assign (compiled basic-ftp)', () => {
    const code = `import tls from 'node:tls';
export function upgrade(socket, options) {
  const tlsOptions = Object.assign({}, options, { socket });
  const tlsSocket = tls.connect(tlsOptions);
  return tlsSocket;
}`;
    expect(analyze(code).analysis.sockets.map((s) => s.wrapsExisting)).toEqual([true]);
  });

  it('gives createServer(options, listener) an accepted socket', () => {
    const code = `import net from 'node:net';
net.createServer({ pauseOnConnect: true }, (conn) => conn.resume());`;
    expect(socketSummary(analyze(code))).toEqual(['accepted:conn']);
  });

  it('gives tls.createServer listeners a tls-accepted socket', () => {
    const code = `import tls from 'node:tls';
tls.createServer({}, (tlsSocket) => tlsSocket.end('bye'));`;
    expect(socketSummary(analyze(code))).toEqual(['tls-accepted:tlsSocket']);
  });

  it("follows server.on('connection') on new net.Server()", () => {
    const code = `import { Server } from 'node:net';
const server = new Server();
server.on('connection', (client) => client.write('hello'));`;
    expect(socketSummary(analyze(code))).toEqual(['accepted:client']);
  });

  it("follows server.on('secureConnection') on a tls server", () => {
    const code = `const tls = require('tls');
const server = tls.createServer({});
server.on('secureConnection', (s) => s.write('x'));`;
    expect(socketSummary(analyze(code))).toEqual(['tls-accepted:s']);
  });

  it("gives an http server's 'upgrade' listener the second parameter", () => {
    const code = `import http from 'node:http';
const server = http.createServer((req, res) => res.end());
server.on('upgrade', (req, socket, head) => { socket.write('HTTP/1.1 101\\r\\n\\r\\n'); });`;
    expect(socketSummary(analyze(code))).toEqual(['upgrade:socket']);
  });

  it("distinguishes an http server's 'connection' and 'connect' sockets", () => {
    const code = `import https from 'node:https';
const server = https.createServer({});
server.on('connection', (socket) => socket.setNoDelay(true));
server.on('connect', (req, clientSocket, head) => clientSocket.end());`;
    expect(socketSummary(analyze(code))).toEqual(['http-connection:socket', 'tunnel:clientSocket']);
  });

  it('does not take the request handler of http.createServer for a socket listener', () => {
    const code = `import http from 'node:http';
http.createServer((req, res) => { res.end('ok'); });`;
    expect(socketSummary(analyze(code))).toEqual([]);
  });

  it('gives several listeners of one server event the same socket', () => {
    const code = `import net from 'node:net';
const server = net.createServer();
server.on('connection', (a) => a.setTimeout(1000));
server.on('connection', (b) => b.on('timeout', () => b.destroy()));`;
    const { analysis } = analyze(code);
    expect(analysis.sockets).toHaveLength(1);
    expect(analysis.sockets[0].params.map((p) => p.name)).toEqual(['a', 'b']);
    expect(analysis.socketCalls.map((c) => c.method)).toEqual(['setTimeout', 'on', 'destroy']);
  });

  it('resolves a named connection listener declared elsewhere in the module', () => {
    const code = `import net from 'node:net';
const server = net.createServer();
server.on('connection', onConnection);
function onConnection(sock) { sock.write('hi'); }`;
    expect(socketSummary(analyze(code))).toEqual(['accepted:sock']);
  });

  it('resolves a bound method as connection listener', () => {
    const code = `import net from 'node:net';
class Broker {
  constructor() { this.server = net.createServer(this.onConnection.bind(this)); }
  onConnection(stream) { stream.write('CONNACK'); }
}`;
    expect(socketSummary(analyze(code))).toEqual(['accepted:stream']);
  });

  it('keeps the socket through chained calls', () => {
    const code = `import net from 'node:net';
const s = net.connect(1).setNoDelay(true).once('error', () => {});
s.write('x');`;
    expect(calls(code)).toEqual(['client:net.connect(1).setNoDelay(true).once', 'client:net.connect(1).setNoDelay', 'client:s.write']);
  });

  it('treats a configured socket factory as an origin', () => {
    const code = `const transport = makeTransport({ host: 'x' });
transport.write('hello');`;
    const analyzed = analyze(code, { settings: { 'socket-concurrency': { socketFactories: ['makeTransport'] } } });
    expect(socketSummary(analyzed)).toEqual(["factory:makeTransport({ host: 'x' })"]);
  });

  it('skips the value flow when socket module names appear only as strings (a bundle, a compiler)', () => {
    const code = `const builtins = ["net", "tls", "http", "fs"];
export function isBuiltin(name) { return builtins.includes(name); }
const ws = new WebSocket('ws://x');`;
    expect(analyze(code).analysis.active).toBe(false);
  });

  // Issue 13: a file that binds a socket module only for members that make no socket costs what a
  // file without one costs (the corpus has 30 such files: nodemailer, ioredis, proxy-chain, ...).
  describe('socket modules bound only for members that make no socket', () => {
    const inert: [string, string, 'module' | 'commonjs'][] = [
      ['CommonJS helper', `var net = require('net');\nmodule.exports = function isIp(h) { return net.isIP(h) !== 0; };`, 'commonjs'],
      ['TypeScript interop', `const net_1 = __importStar(require("net"));\nexports.ok = (h) => net_1.isIP(h);`, 'commonjs'],
      ['interop default', `const node_net_1 = __importDefault(require("node:net"));\nexports.ok = (h) => node_net_1.default.isIPv6(h);`, 'commonjs'],
      ['destructured', `const { STATUS_CODES } = require('http');\nexports.text = (c) => STATUS_CODES[c];`, 'commonjs'],
      ['member of the require', `const isIP = require('net').isIP;\nexports.isIP = isIP;`, 'commonjs'],
      ['client requests', `import https from 'node:https';\nexport const get = (u) => https.request(u).end();`, 'module'],
      ['named import', `import { isIPv4 } from 'node:net';\nexport const v4 = (h) => isIPv4(h);`, 'module'],
      ['type-only import', `import type { IncomingMessage } from 'http';\nimport type WebSocket from 'ws';\nexport const f = (r: IncomingMessage, w: WebSocket) => [r, w];`, 'module'],
      ['ws constants', `import WebSocket from 'ws';\nexport const open = (w) => w.readyState === WebSocket.OPEN;`, 'module'],
    ];
    for (const [name, code, sourceType] of inert) {
      it(`is inactive: ${name}`, () => {
        expect(analyze(code, { sourceType }).analysis.active).toBe(false);
      });
    }

    // The last column: whether the analysis then finds a socket or server. One that finds none
    // gets no rule work (create-rule.ts), as a file left at the cheap exit.
    const live: [string, string, 'module' | 'commonjs', boolean][] = [
      ['a factory member', `var net = require('net');\nnet.isIP('x');\nvar s = net.connect(1);\ns.write('x');`, 'commonjs', true],
      ['a factory through interop default', `const n = __importDefault(require("net"));\nn.default.createConnection(1);`, 'commonjs', true],
      ['the module passed on', `const net = require('net');\nmodule.exports = wrap(net);`, 'commonjs', false],
      ['the module re-assigned', `let net = require('net');\nnet = other;\nnet.isIP('x');`, 'commonjs', false],
      ['a factory destructured', `const { isIP, connect } = require('net');\nconnect(1);`, 'commonjs', true],
      ['a computed member', `const net = require('net');\nnet[name](1);`, 'commonjs', false],
      ['a named factory import', `import { createServer } from 'node:http';\ncreateServer(() => {}).listen(1);`, 'module', true],
      ['the ws class constructed', `import WebSocket from 'ws';\nnew WebSocket('ws://x');`, 'module', true],
      ['a socket annotation', `import net from 'node:net';\nexport function f(s: net.Socket) { s.write(String(net.isIP('x'))); }`, 'module', true],
      ['a dynamic import', `import { isIP } from 'node:net';\nexport const f = async () => (await import('node:net')).connect(1);`, 'module', true],
    ];
    for (const [name, code, sourceType, hasSockets] of live) {
      it(`stays active: ${name} (${hasSockets ? 'with' : 'but finds no'} socket or server)`, () => {
        const { analysis } = analyze(code, { sourceType });
        expect(analysis.active).toBe(true);
        expect(analysis.hasSockets).toBe(hasSockets);
      });
    }

    it('keeps a configured factory active even when the module binding is inert', () => {
      const code = `const net = require('net');\nnet.isIP('x');\nconst t = makeTransport();\nt.write('x');`;
      const { analysis } = analyze(code, { sourceType: 'commonjs', settings: { 'socket-concurrency': { socketFactories: ['makeTransport'] } } });
      expect(analysis.active).toBe(true);
      expect(analysis.sockets).toHaveLength(1);
    });
  });

  it('ignores a file with no socket module at all', () => {
    const code = `const fs = require('fs');
function connect() { return fs.readFileSync('x'); }
connect().toString();`;
    const { analysis } = analyze(code);
    expect(analysis.active).toBe(false);
    expect(analysis.sockets).toEqual([]);
  });
});

describe('following a socket (spec 0.1)', () => {
  it('follows const and let aliases and re-assignment', () => {
    const code = `import net from 'node:net';
net.createServer((socket) => {
  const conn = socket;
  let current;
  current = conn;
  current.write('x');
});`;
    expect(calls(code)).toEqual(['accepted:current.write']);
  });

  it('follows class fields across methods', () => {
    const code = `import net from 'node:net';
class Client {
  connect() { this.socket = net.connect(6379); }
  send(cmd) { this.socket.write(cmd); }
  close() { this.socket.end(); }
}`;
    expect(calls(code)).toEqual(['client:this.socket.write', 'client:this.socket.end']);
  });

  it('follows class field initializers and TypeScript parameter properties', () => {
    const code = `import net from 'node:net';
class Pool {
  conn = net.connect(1);
  ping() { this.conn.write('PING'); }
}
class Session {
  constructor(private readonly socket: net.Socket) {}
  send(x: string) { this.socket.write(x); }
}
net.createServer((s) => new Session(s));`;
    expect(calls(code).sort()).toEqual(['annotated:this.socket.write', 'accepted:this.socket.write', 'client:this.conn.write'].sort());
  });

  it('follows parameters of same-module helpers', () => {
    const code = `import net from 'node:net';
function handle(conn) { conn.write('welcome'); }
net.createServer((socket) => handle(socket));`;
    expect(calls(code)).toEqual(['accepted:conn.write']);
  });

  it('follows constructor parameters of same-module classes into fields', () => {
    const code = `import net from 'node:net';
class Connection {
  constructor(server, socket) { this.server = server; this.socket = socket; }
  greet() { this.socket.write('220 ready'); }
}
const server = net.createServer((socket) => { new Connection(server, socket); });`;
    expect(calls(code)).toEqual(['accepted:this.socket.write']);
  });

  it('follows the return value of a same-module function', () => {
    const code = `import net from 'node:net';
function openControlSocket() { return net.connect(21); }
const s = openControlSocket();
s.write('USER x');`;
    const analyzed = analyze(code);
    expect(calls(code)).toEqual(['client:s.write']);
    expect(analyzed.analysis.escapes).toEqual([]);
  });

  it("takes `this` in a non-arrow socket listener for the socket", () => {
    const code = `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', function (chunk) { this.write(chunk); });
});`;
    expect(calls(code)).toEqual(['accepted:socket.on', 'accepted:this.write']);
  });

  it('records listeners with their resolved functions', () => {
    const code = `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', onData);
  socket.once('close', () => {});
  function onData(chunk) {}
});`;
    const { analysis } = analyze(code);
    expect(analysis.listeners.map((l) => [l.event, l.method, l.functions.length])).toEqual([
      ['data', 'on', 1],
      ['close', 'once', 1],
    ]);
  });

  it('marks async data listeners as re-entrant per socket and connection listeners as repeating', () => {
    const code = `import net from 'node:net';
net.createServer(async (socket) => {
  socket.on('data', async (chunk) => { await Promise.resolve(); });
  socket.on('end', () => {});
});`;
    const { analysis } = analyze(code);
    const summary = [...analysis.handlers.values()].map((h) => [[...h.kinds].join(), [...h.events].join(), h.repeating, h.reentrantPerSocket]);
    expect(summary).toEqual([
      ['connection', '', true, false],
      ['socket-event', 'data', true, true],
      ['socket-event', 'end', false, false],
    ]);
  });

  it('marks same-module functions that receive a socket as helper handlers', () => {
    const code = `import net from 'node:net';
function greet(s) { s.write('hi'); }
net.createServer((socket) => greet(socket));`;
    const { analysis } = analyze(code);
    expect([...analysis.handlers.values()].map((h) => [...h.kinds].join())).toEqual(['connection', 'helper']);
  });
});

describe('annotations and types', () => {
  it('treats a parameter annotated with an imported Socket type as a socket, not an origin', () => {
    const code = `import type { Socket } from 'node:net';
export function reply(socket: Socket) { socket.write('ok'); }`;
    const { analysis } = analyze(code);
    expect(analysis.sockets.map((s) => [s.kind, s.isOrigin])).toEqual([['annotated', false]]);
    expect(analysis.socketCalls.map((c) => c.method)).toEqual(['write']);
  });

  it('recognises the qualified net.Socket and tls.TLSSocket annotations', () => {
    const code = `import * as net from 'net';
import tls from 'node:tls';
export function a(s: net.Socket) { s.end(); }
export function b(s: tls.TLSSocket | undefined) { s?.end(); }`;
    expect(calls(code)).toEqual(['annotated:s.end', 'annotated:s.end']);
  });

  it('does not take an unrelated Socket type for a net socket', () => {
    const code = `import { Socket } from 'socket.io';
import net from 'node:net';
export function a(s: Socket) { s.emit('x'); }`;
    expect(socketSummary(analyze(code))).toEqual([]);
  });

  it('reads JSDoc parameter types', () => {
    const code = `const net = require('net');
/**
 * @param {net.Socket} socket the connection
 * @param {import('node:tls').TLSSocket} secure
 */
function handle(socket, secure) { socket.write('a'); secure.write('b'); }`;
    expect(calls(code, { sourceType: 'commonjs' })).toEqual(['annotated:socket.write', 'annotated:secure.write']);
  });

  it('treats configured socketTypes as sockets in annotations', () => {
    const code = `import net from 'node:net';
export function send(conn: Conn) { conn.write('x'); }`;
    const analyzed = analyze(code, { settings: { 'socket-concurrency': { socketTypes: ['Conn'] } } });
    expect(socketSummary(analyzed)).toEqual(['annotated:conn: Conn']);
  });

  it('recognises expressions typed net.Socket when type information is present', () => {
    const code = `import { Socket } from 'node:net';
function make(): Socket { return new Socket(); }
export class Holder {
  conn = make();
}
export function use(h: Holder) { h.conn.write('x'); }`;
    const { analysis } = analyze(code, { typed: true });
    const typed = analysis.socketCalls.filter((c) => c.socket.kind === 'typed');
    expect(typed.map((c) => c.method)).toEqual(['write']);
  });

  it('reads declared types (annotations, declared return types), through fields and `this`', () => {
    const code = `import { Socket } from 'node:net';
declare function dial(): Socket;
declare class Base { protected sock: Socket; }
declare class Pool { conn: Socket; }
export class Link extends Base {
  flush() { this.sock.end('bye'); }
}
export function send(pool: Pool) { pool.conn.write('x'); }
export function call() { const s = dial(); s.destroy(); }`;
    const { analysis } = analyze(code, { typed: true });
    const typed = analysis.socketCalls.filter((c) => c.socket.kind === 'typed');
    expect(typed.map((c) => c.method)).toEqual(['end', 'write', 'destroy']);
  });

  it('asks about listener calls only for data-side events or inside a loop', () => {
    const code = `import { Socket } from 'node:net';
declare function dial(): Socket;
export function watch(ids: string[]) {
  const s = dial();
  s.on('close', () => {});
  s.on('data', () => {});
  for (const id of ids) s.once('close', () => id);
  ids.forEach((id) => s.once('end', () => id));
}`;
    const { analysis } = analyze(code, { typed: true });
    const typed = analysis.socketCalls.filter((c) => c.socket.kind === 'typed');
    expect(typed.map((c) => `${c.method}@${c.node.loc.start.line}`)).toEqual(['on@6', 'once@7', 'once@8']);
  });

  it('never asks the checker to infer a type from a function body', () => {
    // \`open()\` has no declared return type: its Socket comes from inference over its body,
    // which is what provenance follows without the checker (and here it escapes, by return).
    const code = `import { Socket } from 'node:net';
function open() { return new Socket(); }
export function use(factory: { make: typeof open }) { const s = factory.make(); s.write('x'); }`;
    const { analysis } = analyze(code, { typed: true });
    expect(analysis.socketCalls.filter((c) => c.socket.kind === 'typed')).toEqual([]);
  });

  it('does not ask the type checker without type information', () => {
    const code = `import { Socket } from 'node:net';
export function use(h: { conn: Socket }) { h.conn.write('x'); }`;
    const { analysis } = analyze(code);
    expect(analysis.socketCalls).toEqual([]);
  });
});

describe('escape (spec 0.4)', () => {
  const escapes = (code: string) => analyze(code).analysis.escapes.map((e) => e.reason);

  it('assert(socket) and assert.ok(socket) only test it: not escapes', () => {
    expect(escapes(`import net from 'node:net';\nimport assert from 'node:assert';\nnet.createServer((c) => { assert.ok(c); assert(c); c.on('error', () => {}); });`)).toEqual([]);
  });

  it('returning from an exported function is an escape', () => {
    expect(escapes(`import net from 'node:net';\nexport function open() { return net.connect(1); }`)).toEqual(['returned']);
  });

  it('returning from a method is an escape', () => {
    expect(escapes(`import net from 'node:net';\nexport class F { create() { const s = net.connect(1); return s; } }`)).toEqual(['returned']);
  });

  it('assigning to module.exports is an escape', () => {
    expect(escapes(`const net = require('net');\nmodule.exports.socket = net.connect(1);`)).toEqual(['exported']);
  });

  it('exporting a binding is an escape', () => {
    expect(escapes(`import net from 'node:net';\nexport const socket = net.connect(1);`)).toEqual(['exported']);
  });

  it('passing to an unknown function or callback is an escape', () => {
    expect(escapes(`import net from 'node:net';\nexport function open(cb) { const s = net.connect(1); s.once('connect', () => cb(null, s)); }`)).toEqual(['passed']);
  });

  it('handing an upgrade socket to ws is an escape', () => {
    const code = `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => { wss.handleUpgrade(req, socket, head, (ws) => {}); });`;
    expect(escapes(code)).toEqual(['passed']);
  });

  it('forwarding through a rest-parameter wrapper is an escape', () => {
    const code = `import net from 'node:net';
function once(cb) { return (...args) => cb(...args); }
export function open(cb) { cb = once(cb); const s = net.connect(1); cb(null, s); }`;
    expect(escapes(code)).toEqual(['passed']);
  });

  it('readline, events.once, pipeline, pipe, console and module-scope maps are not escapes', () => {
    const code = `import net from 'node:net';
import readline from 'node:readline';
import { once } from 'node:events';
import { pipeline } from 'node:stream';
const clients = new Map();
net.createServer(async (socket) => {
  clients.set(socket.remotePort, socket);
  readline.createInterface({ input: socket });
  pipeline(socket, socket, () => {});
  socket.pipe(socket);
  console.log('client', socket);
  await once(socket, 'end');
});`;
    expect(escapes(code)).toEqual([]);
  });

  it('a same-module helper or class is not an escape', () => {
    const code = `import net from 'node:net';
class Session { constructor(s) { this.s = s; } }
function track(s) { return s.remotePort; }
net.createServer((socket) => { track(socket); new Session(socket); });`;
    expect(escapes(code)).toEqual([]);
  });
});

describe('the annotation hint (modules.ts: mayAnnotateSockets)', () => {
  // The hint is the regex below, found from each `Socket` back to its colon: both must agree.
  const REFERENCE = /:\s*(?:[\w$]+\.)?(?:TLS)?Socket\b/;
  const settings = { socketFactories: [], socketTypes: [] };
  const cases: [string, boolean][] = [
    ['function f(s: Socket) {}', true],
    ['let s:Socket;', true],
    ['field: net.Socket | null;', true],
    ['(s: tls.TLSSocket) => s', true],
    ['constructor(private readonly socket:\n\tTLSSocket) {}', true],
    ['x = cond ? a : Socket;', true],
    ['s: $net.Socket', true],
    ['s: xTLSSocket', false],
    ['s: Sockets', false],
    ['s: Socket_', false],
    ['s: WebSocket', false],
    ['s: net .Socket', false],
    ['s: .Socket', false],
    ['new net.Socket()', false],
    ['// Socket: the raw connection', false],
    ['', false],
  ];
  for (const [text, expected] of cases) {
    it(`${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)}, as the regex does`, () => {
      expect(REFERENCE.test(text)).toBe(expected);
      expect(mayAnnotateSockets(text, settings)).toBe(expected);
    });
  }

  it('also matches a configured type name anywhere in the text', () => {
    expect(mayAnnotateSockets('const c: Conn = open();', { socketFactories: [], socketTypes: ['Conn'] })).toBe(true);
    expect(mayAnnotateSockets('const c = open();', { socketFactories: [], socketTypes: ['Conn'] })).toBe(false);
  });
});
