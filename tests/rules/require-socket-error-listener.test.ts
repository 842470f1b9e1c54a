import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/require-socket-error-listener.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-socket-error-listener', rule, {
  valid: [
    // The fix of node-semantics row 4: an error listener on every accepted socket.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => console.error('client error', err.code));
  socket.on('data', (chunk) => socket.write(chunk));
}).listen(7000);`,
    },
    // CommonJS client with once(error).
    {
      code: `const net = require('net');
const client = net.connect({ port: 6379 });
client.once('error', (err) => { console.error(err); });
client.write('PING\\r\\n');`,
    },
    // prependListener counts.
    {
      code: `const net = require('node:net');
const socket = new net.Socket();
socket.prependListener('error', onError);
socket.connect(80, 'example.com');
function onError(err) { console.error(err); }`,
    },
    // Listener added in a same-module helper that receives the socket.
    {
      code: `import { createServer } from 'node:net';
function attach(conn) {
  conn.on('error', () => conn.destroy());
}
createServer((socket) => {
  attach(socket);
});`,
    },
    // Class field socket: the class forwards errors to its own listeners (spec 0.4).
    {
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
class Client extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => this.emit('error', err));
  }
}
export const make = (port) => new Client(port);`,
    },
    // Class field socket: listener attached in another method called from the constructor.
    {
      code: `import net from 'node:net';
class Conn {
  constructor() {
    this.sock = net.createConnection(5672);
    this.#wire();
  }
  #wire() {
    this.sock.on('error', (e) => this.onError(e));
  }
  onError(e) { console.error(e); }
}
new Conn();`,
    },
    // Handed to stream.pipeline, which listens for error itself.
    {
      code: `import net from 'node:net';
import { pipeline } from 'node:stream';
import fs from 'node:fs';
net.createServer((socket) => {
  pipeline(socket, fs.createWriteStream('/tmp/upload'), (err) => {
    if (err) console.error(err);
  });
});`,
    },
    // stream/promises pipeline, CommonJS.
    {
      code: `const net = require('net');
const { pipeline } = require('stream/promises');
net.createServer(async (socket) => {
  try {
    await pipeline(socket, transform(), socket);
  } catch (err) {
    console.error(err);
  }
});
function transform() { return new (require('stream').PassThrough)(); }`,
    },
    // stream.finished.
    {
      code: `const net = require('net');
const stream = require('stream');
net.createServer((socket) => {
  stream.finished(socket, (err) => { if (err) console.error(err); });
  socket.resume();
});`,
    },
    // for await inside try/catch: a reset becomes a rejection the catch receives.
    {
      code: `import net from 'node:net';
net.createServer(async (socket) => {
  try {
    for await (const chunk of socket) {
      handle(chunk);
    }
  } catch (err) {
    console.error('connection failed', err);
  }
});
function handle(chunk) { return chunk; }`,
    },
    // http connection sockets are guarded by the HTTP server itself.
    {
      code: `import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.on('connection', (socket) => {
  socket.setNoDelay(true);
});`,
    },
    // tls server secure connections are guarded by Node (kind tls-accepted).
    {
      code: `import tls from 'node:tls';
tls.createServer({ key: 'k', cert: 'c' }, (socket) => {
  socket.write('welcome');
  socket.pipe(socket);
}).listen(8443);`,
    },
    // tls server raw connection event: also guarded.
    {
      code: `import tls from 'node:tls';
const server = tls.createServer({ key: 'k', cert: 'c' });
server.on('connection', (raw) => {
  raw.setKeepAlive(true);
});`,
    },
    // Escaping socket (returned to the caller): its owner may add the listener; off by default.
    {
      code: `import net from 'node:net';
export function open(port) {
  const socket = net.connect(port);
  return socket;
}`,
    },
    // Handed to a library that takes the connection over (ws handleUpgrade).
    {
      code: `import http from 'node:http';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});`,
    },
    // Listener attached before an awaited events.once(socket, connect): once listens for error while waiting.
    {
      code: `import net from 'node:net';
import { once } from 'node:events';
export async function ping() {
  const socket = net.connect(7000);
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.end('PING');
}`,
    },
    // events.once(socket) awaited before the listener is not a late boundary (it listens for error itself).
    {
      code: `import net from 'node:net';
import events from 'node:events';
async function main() {
  const socket = net.connect(7000);
  await events.once(socket, 'connect');
  socket.on('error', (err) => console.error(err));
  socket.end('PING');
}
main();`,
    },
    // TypeScript: annotated Socket parameter is not an origin.
    {
      code: `import type { Socket } from 'node:net';
export function handle(socket: Socket): void {
  socket.write('hello');
}`,
    },
    // TypeScript server with typed listener.
    {
      code: `import { createServer, type Socket } from 'node:net';
const server = createServer((socket: Socket) => {
  socket.on('error', (err: Error) => console.error(err.message));
  socket.end('bye');
});
server.listen(0);`,
    },
    // Two connection listeners: one adds the listener, which counts for both (spec 0.1).
    {
      code: `import net from 'node:net';
const server = net.createServer();
server.on('connection', (socket) => socket.on('error', () => {}));
server.on('connection', (socket) => socket.write('hi'));`,
    },
    // Listener registered inside a Promise executor: same synchronous segment.
    {
      code: `import net from 'node:net';
function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, () => resolve(undefined));
    socket.once('error', reject);
  });
}
connect(80);`,
    },
    // Upgrade socket with its own listener.
    {
      code: `const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('error', () => socket.destroy());
  socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});`,
    },
    // TLSSocket wrapper with its own listener; the raw socket escapes into it.
    {
      code: `import net from 'node:net';
import tls from 'node:tls';
net.createServer((raw) => {
  const secure = new tls.TLSSocket(raw, { isServer: true });
  secure.on('error', () => secure.destroy());
});`,
    },
    // Bundler interop form with the listener.
    {
      code: `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) { return mod && mod.__esModule ? mod : { default: mod }; };
const net_1 = __importDefault(require("net"));
const s = net_1.default.connect(21);
s.on("error", (e) => console.error(e));`,
    },
    // A local function named connect is not a socket factory.
    {
      code: `import net from 'node:net';
function connect() { return { query() {} }; }
const db = connect();
db.query();
net.isIP('1.2.3.4');`,
    },
    // Listener in an error-first callback-free then: registered before the continuation.
    {
      code: `import net from 'node:net';
const socket = net.connect(80);
socket.on('error', console.error);
Promise.resolve().then(() => socket.write('x'));`,
    },
    // Listener registered on one branch of an if (some path listens: not missing; no boundary).
    {
      code: `import net from 'node:net';
const verbose = process.env.VERBOSE;
const socket = net.connect(80);
if (verbose) socket.on('error', (e) => console.error(e));
else socket.on('error', () => {});`,
    },
    // Chained registrations (ssh2 agent style): the chain returns the socket.
    {
      code: `const { Socket } = require('net');
function getStream(path, cb) {
  const sock = new Socket();
  sock.on('connect', () => cb(null, sock));
  sock.on('close', onFail).on('end', onFail).on('error', onFail);
  sock.connect(path);
  function onFail() { sock.destroy(); cb(new Error('failed')); }
}
getStream('/tmp/agent.sock', () => {});`,
    },
    // Listener on the connect expression itself.
    {
      code: `import net from 'node:net';
const socket = net.connect(7000).on('error', (err) => console.error(err));
socket.write('hi');`,
    },
    // TypeScript class with a private field socket and a forwarding listener.
    {
      code: `import { Socket, connect } from 'node:net';
import { EventEmitter } from 'node:events';
export class Session extends EventEmitter {
  #socket: Socket;
  constructor(host: string, port: number) {
    super();
    this.#socket = connect({ host, port });
    this.#socket.on('error', (err: Error) => this.emit('error', err));
  }
}`,
    },
    // esm ws server + connection listeners
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error('ws server', err));
wss.on('connection', (ws) => {
  ws.on('error', (err) => console.error('ws', err.code));
  ws.on('message', (data) => ws.send(data));
});`,
    },
    // cjs require(ws).Server
    {
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 }, () => console.log('listening'));
wss.on('error', console.error);
wss.on('connection', function connection(ws) {
  ws.on('error', console.error);
  ws.on('message', function message(data) { ws.send(data); });
});`,
      languageOptions: COMMONJS,
    },
    // new (require(ws).Server) noServer + onerror
    {
      code: `const http = require('http');
const wss = new (require('ws').Server)({ noServer: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
wss.on('connection', (ws) => {
  ws.onerror = (event) => console.error(event.message);
  ws.onmessage = (event) => ws.send(event.data);
});
server.listen(8080);`,
      languageOptions: COMMONJS,
    },
    // ws client addEventListener
    {
      code: `import WebSocket from 'ws';
const ws = new WebSocket('wss://example.com/feed');
ws.addEventListener('error', (event) => console.error(event.error));
ws.addEventListener('message', (event) => console.log(event.data));`,
    },
    // createWebSocketStream + pipeline
    {
      code: `import { pipeline } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  const duplex = createWebSocketStream(ws, { encoding: 'utf8' });
  pipeline(duplex, duplex, (err) => {
    if (err) console.error('stream failed', err.message);
  });
});`,
    },
    // duplex own error listener
    {
      code: `const { createWebSocketStream } = require('ws');
const WebSocket = require('ws');
const ws = new WebSocket('ws://localhost:8080');
const duplex = createWebSocketStream(ws);
duplex.on('error', (err) => console.error(err));
duplex.pipe(process.stdout);
process.stdin.pipe(duplex);`,
      languageOptions: COMMONJS,
    },
    // duplex returned (mqtt shape)
    {
      code: `const ws_1 = __importDefault(require('ws'));
function createWebSocket(url, opts) {
  return new ws_1.default(url, ['mqtt'], opts);
}
const streamBuilder = (client, opts) => {
  const socket = createWebSocket(opts.url, opts);
  const webSocketStream = ws_1.default.createWebSocketStream(socket, opts.wsOptions);
  socket.on('close', () => webSocketStream.destroy());
  return webSocketStream;
};
exports.streamBuilder = streamBuilder;`,
      languageOptions: COMMONJS,
    },
    // duplex handed to another module (aedes shape)
    {
      code: `import http from 'node:http';
import ws from 'ws';
import { Aedes } from './aedes.js';
const aedes = await Aedes.createBroker();
const httpServer = http.createServer();
const wss = new ws.WebSocketServer({ server: httpServer });
wss.on('error', (err) => console.error(err));
wss.on('connection', (websocket, req) => {
  const stream = ws.createWebSocketStream(websocket);
  aedes.handle(stream, req);
});`,
    },
    // ts upgrade listener with error listener before await
    {
      code: `import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
declare function authenticate(req: http.IncomingMessage): Promise<boolean>;
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', async (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
  socket.on('error', () => socket.destroy());
  if (!(await authenticate(req))) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    ws.on('error', console.error);
    wss.emit('connection', ws, req);
  });
});`,
    },
    // underlying socket needs nothing
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  req.socket.setNoDelay(true);
  console.log('peer', req.socket.remoteAddress, ws._socket.remotePort);
});`,
    },
    // ts WebSocketServer typed
    {
      code: `import { WebSocketServer, type WebSocket } from 'ws';
const wss: WebSocketServer = new WebSocketServer({ port: Number(process.env.PORT) });
wss.on('error', (err: Error) => console.error(err));
wss.on('connection', (ws: WebSocket) => {
  ws.once('error', (err: Error) => console.error(err));
});`,
    },
    // tls wrapper member-assigned options with its own listener
    {
      code: `const net = require('net');
const tls = require('tls');
function Connection(config) {
  this._config = config;
  this._sock = undefined;
}
Connection.prototype.connect = function () {
  var self = this;
  var socket = new net.Socket();
  socket.setTimeout(this._config.socketTimeout);
  socket.on('error', function (err) { self._onError(err); });
  var tlsOptions = {};
  for (var k in this._config.tlsOptions) tlsOptions[k] = this._config.tlsOptions[k];
  tlsOptions.socket = socket;
  this._sock = tls.connect(tlsOptions, function () { self._onConnect(); });
  this._sock.on('error', function (err) { self._onError(err); });
  socket.connect(this._config.port, this._config.host);
};
Connection.prototype._onError = function (err) { console.error(err); };
Connection.prototype._onConnect = function () {};
module.exports = Connection;`,
      languageOptions: COMMONJS,
    },
    // socket assigned to another module object field (basic-ftp shape)
    {
      code: `const tls_1 = require('tls');
const FtpContext_1 = require('./FtpContext');
class Client {
  constructor() {
    this.ftp = new FtpContext_1.FTPContext();
  }
  connectImplicitTLS(host, port, tlsOptions) {
    this.ftp.socket = (0, tls_1.connect)(port, host, tlsOptions, () => this.ftp.log('connected'));
    return this.ftp.handle();
  }
}
exports.Client = Client;`,
      languageOptions: COMMONJS,
    },
    // new this.socketClass(socket) (nestjs shape)
    {
      code: `const net = require('net');
const helpers_1 = require('../helpers');
class ClientTCP {
  constructor(options) {
    this.socketClass = options.socketClass || helpers_1.JsonSocket;
  }
  createSocket() {
    const socket = new net.Socket();
    return this.wrap(socket);
  }
  wrap(socket) {
    return new this.socketClass(socket);
  }
}
exports.ClientTCP = ClientTCP;`,
      languageOptions: COMMONJS,
    },
  ],
  invalid: [
    // node-semantics row 4: accepted socket without an error listener.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
}).listen(7000);`,
      errors: [
        { messageId: 'missingErrorListener', line: 2, column: 19, endLine: 2, endColumn: 25 },
      ],
    },
    // CommonJS client without a listener.
    {
      code: `const net = require('net');
const client = net.createConnection({ port: 6379 }, () => {
  client.write('PING\\r\\n');
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 2, column: 16, endLine: 4, endColumn: 3 },
      ],
    },
    // new net.Socket() without a listener.
    {
      code: `const { Socket } = require('node:net');
const socket = new Socket();
socket.connect(80, 'example.com');`,
      errors: [
        { messageId: 'missingErrorListener', line: 2, column: 16, endLine: 2, endColumn: 28 },
      ],
    },
    // tls.connect clients are not exempt.
    {
      code: `import tls from 'node:tls';
const socket = tls.connect(443, 'example.com', () => {
  socket.write('GET / HTTP/1.0\\r\\n\\r\\n');
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 2, column: 16, endLine: 4, endColumn: 3 },
      ],
    },
    // upgrade sockets lose the HTTP server guard (http-proxy style).
    {
      code: `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  socket.pipe(socket);
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 3, column: 28, endLine: 3, endColumn: 34 },
      ],
    },
    // CONNECT tunnel sockets too.
    {
      code: `const http = require('http');
const net = require('net');
http.createServer().on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, 'example.com', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 3, column: 41, endLine: 3, endColumn: 53 },
        { messageId: 'missingErrorListener', line: 4, column: 20, endLine: 8, endColumn: 5 },
      ],
    },
    // TLSSocket wrapper needs its own listener even though the raw socket has one.
    {
      code: `import net from 'node:net';
import tls from 'node:tls';
net.createServer((raw) => {
  raw.on('error', () => raw.destroy());
  const secure = new tls.TLSSocket(raw, { isServer: true });
  secure.on('data', (d) => secure.write(d));
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 5, column: 18, endLine: 5, endColumn: 60 },
      ],
    },
    // await once(socket, 'connect') protects only while waiting: it is not a listener.
    {
      code: `import net from 'node:net';
import { once } from 'node:events';
async function main() {
  const socket = net.connect(7000);
  await once(socket, 'connect');
  socket.end('PING');
}
main();`,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 18, endLine: 4, endColumn: 35 },
      ],
    },
    // for await without try/catch: the reset becomes an unhandled rejection.
    {
      code: `import net from 'node:net';
net.createServer(async (socket) => {
  for await (const chunk of socket) {
    socket.write(chunk);
  }
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 2, column: 25, endLine: 2, endColumn: 31 },
      ],
    },
    // pipe forwards no errors.
    {
      code: `import net from 'node:net';
import fs from 'node:fs';
net.createServer((socket) => {
  socket.pipe(fs.createWriteStream('/tmp/upload'));
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 3, column: 19, endLine: 3, endColumn: 25 },
      ],
    },
    // Listener for another event ('close') is not an error listener.
    {
      code: `import net from 'node:net';
const server = net.createServer();
server.on('connection', (socket) => {
  socket.on('close', (hadError) => console.log('closed', hadError));
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 3, column: 26, endLine: 3, endColumn: 32 },
      ],
    },
    // Class field socket with no listener anywhere in the class.
    {
      code: `import net from 'node:net';
export class Client {
  constructor(port) {
    this.socket = net.connect(port);
    this.socket.on('data', (d) => this.onData(d));
  }
  onData(d) { return d; }
}`,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 19, endLine: 4, endColumn: 36 },
      ],
    },
    // TypeScript client with annotations, no listener.
    {
      code: `import * as net from 'node:net';
const socket: net.Socket = net.connect({ host: 'localhost', port: 9000 });
socket.setNoDelay(true);
socket.write(Buffer.from([1, 2, 3]) as Uint8Array);`,
      errors: [
        { messageId: 'missingErrorListener', line: 2, column: 28, endLine: 2, endColumn: 74 },
      ],
    },
    // Late listener: an await between connect and the registration (spec example).
    {
      code: `import net from 'node:net';
async function loadConfig() { return {}; }
export async function start() {
  const s = net.connect(7000);
  await loadConfig();
  s.on('error', (err) => console.error(err));
  s.write('hello');
}`,
      errors: [
        { messageId: 'lateErrorListener', line: 6, column: 3, endLine: 6, endColumn: 45 },
      ],
    },
    // Late listener inside a setTimeout continuation.
    {
      code: `const net = require('net');
const socket = net.connect(7000);
setTimeout(() => {
  socket.on('error', () => {});
}, 100);`,
      errors: [
        { messageId: 'lateErrorListener', line: 4, column: 3, endLine: 4, endColumn: 31 },
      ],
    },
    // Late listener registered only once 'connect' fires: ECONNREFUSED arrives before.
    {
      code: `const net = require('net');
const socket = net.connect(7000);
socket.on('connect', () => {
  socket.on('error', (err) => console.error(err));
  socket.write('hi');
});`,
      errors: [
        { messageId: 'lateErrorListener', line: 4, column: 3, endLine: 4, endColumn: 50 },
      ],
    },
    // Late listener in a connection listener after an await.
    {
      code: `import net from 'node:net';
async function authorize(address) { return address !== undefined; }
net.createServer(async (socket) => {
  const ok = await authorize(socket.remoteAddress);
  socket.on('error', () => socket.destroy());
  if (!ok) socket.end();
});`,
      errors: [
        { messageId: 'lateErrorListener', line: 5, column: 3, endLine: 5, endColumn: 45 },
      ],
    },
    // Late listener through a helper called after the await.
    {
      code: `import net from 'node:net';
function guard(conn) {
  conn.on('error', () => conn.destroy());
}
net.createServer(async (socket) => {
  await Promise.resolve();
  guard(socket);
});`,
      errors: [
        { messageId: 'lateErrorListener', line: 3, column: 3, endLine: 3, endColumn: 41 },
      ],
    },
    // Awaiting once(other, 'connect') on a different socket is a boundary for this one.
    {
      code: `import net from 'node:net';
import { once } from 'node:events';
async function main() {
  const a = net.connect(7000);
  const b = net.connect(7001);
  await once(b, 'connect');
  a.on('error', () => {});
}
main();`,
      errors: [
        { messageId: 'missingErrorListener', line: 5, column: 13, endLine: 5, endColumn: 30 },
        { messageId: 'lateErrorListener', line: 7, column: 3, endLine: 7, endColumn: 26 },
      ],
    },
    // Escaping sockets are checked with checkEscaping.
    {
      code: `import net from 'node:net';
export function open(port) {
  const socket = net.connect(port);
  return socket;
}`,
      options: [{"checkEscaping":true}],
      errors: [
        { messageId: 'missingErrorListener', line: 3, column: 18, endLine: 3, endColumn: 35 },
      ],
    },
    // Destructured import of createConnection, lazy require form.
    {
      code: `let tls;
function secure(host) {
  tls = require('node:tls');
  const socket = tls.connect({ host, port: 993 });
  socket.write('a1 NOOP\\r\\n');
}
secure('imap.example.com');`,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 18, endLine: 4, endColumn: 50 },
      ],
    },
    // Compiled TypeScript (tsc CommonJS) interop shape.
    {
      code: `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const net_1 = require("net");
const server = (0, net_1.createServer)((socket) => {
  socket.write("220 ready\\r\\n");
});
server.listen(2121);`,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 41, endLine: 4, endColumn: 47 },
      ],
    },
    // http2 upgrade-free: https upgrade socket not exempt.
    {
      code: `import https from 'node:https';
const server = https.createServer({});
server.on('upgrade', function (req, socket) {
  socket.end();
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 3, column: 37, endLine: 3, endColumn: 43 },
      ],
    },
    // The client half of a proxy: socket accepted has a listener, the upstream connect has none.
    {
      code: `import net from 'node:net';
net.createServer((client) => {
  client.on('error', () => client.destroy());
  const upstream = net.connect(5432, 'db');
  client.pipe(upstream).pipe(client);
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 20, endLine: 4, endColumn: 43 },
      ],
    },
    // try/catch around the for await is in an outer function: the rule sees only the enclosing function.
    {
      code: `import net from 'node:net';
net.createServer(async (socket) => {
  try {
    setImmediate(async () => {
      for await (const chunk of socket) socket.write(chunk);
    });
  } catch {
    socket.destroy();
  }
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 2, column: 25, endLine: 2, endColumn: 31 },
      ],
    },
    // TypeScript connection listener with a typed parameter and no listener.
    {
      code: `import net from 'node:net';
const server: net.Server = net.createServer((socket: net.Socket): void => {
  socket.end('bye\\n');
});
server.listen(0);`,
      errors: [
        { messageId: 'missingErrorListener', line: 2, column: 46, endLine: 2, endColumn: 64 },
      ],
    },
    // One listener shared by an http or https server (proxy-chain style): one origin node, one report.
    {
      code: `const http = require('http');
const https = require('https');
function createServer(secure, options) {
  const server = secure ? https.createServer(options) : http.createServer();
  server.on('connect', (request, socket, head) => {
    socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    socket.write(head);
  });
  server.listen(8000);
}
createServer(false, {});`,
      errors: [
        { messageId: 'missingErrorListener', line: 5, column: 34, endLine: 5, endColumn: 40 },
      ],
    },
    // Listener added in the connect callback: a refused connect arrives before it runs.
    {
      code: `const net = require('net');
const client = net.connect(6379, 'localhost', () => {
  client.on('error', (err) => console.error(err));
  client.write('PING\\r\\n');
});`,
      errors: [
        { messageId: 'lateErrorListener', line: 3, column: 3, endLine: 3, endColumn: 50 },
      ],
    },
    // esm ws connection no listener (a1)
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', (data) => ws.send(data));
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 3, column: 23, endLine: 3, endColumn: 25 },
      ],
    },
    // cjs require(ws).Server: server and connection
    {
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', function connection(ws) {
  ws.on('message', function message(data) { ws.send(data); });
});`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 2, column: 13, endLine: 2, endColumn: 49 },
        { messageId: 'missingErrorListener', line: 3, column: 42, endLine: 3, endColumn: 44 },
      ],
    },
    // new (require(ws).Server)({ server }) with http listener only
    {
      code: `const http = require('http');
const server = http.createServer();
server.on('error', (err) => console.error('http', err));
const wss = new (require('ws').Server)({ server });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
});
server.listen(8080);`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 13, endLine: 4, endColumn: 51 },
      ],
    },
    // ts client no listener (b1)
    {
      code: `import WebSocket from 'ws';
export function subscribe(url: string, onData: (data: WebSocket.RawData) => void): void {
  const ws: WebSocket = new WebSocket(url, { handshakeTimeout: 5000 });
  ws.on('message', onData);
}`,
      errors: [
        { messageId: 'missingErrorListener', line: 3, column: 25, endLine: 3, endColumn: 71 },
      ],
    },
    // duplex only piped (j1)
    {
      code: `import net from 'node:net';
import { WebSocketServer, createWebSocketStream } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  const upstream = net.connect(6379);
  upstream.on('error', () => ws.terminate());
  upstream.setTimeout(30000, () => upstream.destroy());
  const duplex = createWebSocketStream(ws);
  duplex.pipe(upstream).pipe(duplex);
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 23, endLine: 4, endColumn: 25 },
      ],
    },
    // upgrade awaits auth before handleUpgrade (a7)
    {
      code: `import http from 'node:http';
import { WebSocketServer } from 'ws';
async function authenticate(req) { return req.headers.authorization === 'secret'; }
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  if (!(await authenticate(req))) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 6, column: 34, endLine: 6, endColumn: 40 },
      ],
    },
    // upgrade waits for a callback (cjs)
    {
      code: `const http = require('http');
const WebSocket = require('ws');
const wss = new WebSocket.Server({ noServer: true });
const server = http.createServer();
server.on('upgrade', function upgrade(request, socket, head) {
  authenticate(request, function next(err, client) {
    if (err || !client) {
      socket.write('HTTP/1.1 401 Unauthorized\\r\\n\\r\\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, function done(ws) {
      wss.emit('connection', ws, request, client);
    });
  });
});
function authenticate(request, callback) { setImmediate(callback, null, {}); }`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 5, column: 48, endLine: 5, endColumn: 54 },
      ],
    },
    // upgrade listener added after the await
    {
      code: `import http from 'node:http';
import { WebSocketServer } from 'ws';
async function authenticate(req) { return req.headers.authorization === 'secret'; }
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  const ok = await authenticate(req);
  socket.on('error', () => socket.destroy());
  if (!ok) return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});`,
      errors: [
        { messageId: 'lateErrorListener', line: 8, column: 3, endLine: 8, endColumn: 45 },
      ],
    },
    // tls wrapper member-assigned options, wrapper has no listener (issue 11)
    {
      code: `var net = require('net');
var tls = require('tls');
function Connection(config) {
  this._config = config;
}
Connection.prototype.connect = function () {
  var self = this;
  var socket = new net.Socket();
  socket.setTimeout(this._config.socketTimeout, function () { socket.destroy(); });
  socket.on('error', function (err) { self.emit('error', err); });
  var tlsOptions = {};
  for (var k in this._config.tlsOptions) tlsOptions[k] = this._config.tlsOptions[k];
  tlsOptions.socket = socket;
  this._sock = tls.connect(tlsOptions, function () { self._onConnect(); });
  socket.connect(this._config.port, this._config.host);
};
Connection.prototype._onConnect = function () {};
module.exports = Connection;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 14, column: 16, endLine: 14, endColumn: 75 },
      ],
    },
    // one helper starts a server per handler
    {
      code: `import { createServer } from 'node:net';
function startServer(handler) {
  const server = createServer(handler);
  server.listen(0);
  return server;
}
startServer((socket) => {
  socket.end('500 go away\\r\\n');
});
startServer((socket) => {
  socket.write('220 ready\\r\\n');
  socket.on('data', () => socket.write('250 ok\\r\\n'));
});`,
      errors: [
        { messageId: 'missingErrorListener', line: 7, column: 14, endLine: 7, endColumn: 20 },
        { messageId: 'missingErrorListener', line: 10, column: 14, endLine: 10, endColumn: 20 },
      ],
    },
  ],
});

describe('require-socket-error-listener messages', () => {
  // A WebSocket's fatal 'error' is a protocol or connect failure, never a TCP reset (ws-semantics a1-a4, b1-b5).
  const lint = (code: string) =>
    new Linter({ configType: 'flat' }).verify(code, [
      { files: ['**/*.js'], plugins: { sc: { rules: { rule } } as never }, rules: { 'sc/rule': 'error' }, languageOptions: { sourceType: 'module' } },
    ], 'file.js');

  it('tells a WebSocket user about malformed frames, not ECONNRESET or destroy()', () => {
    const [message] = lint(`import { WebSocketServer } from 'ws';
new WebSocketServer({ noServer: true }).on('connection', (ws) => ws.send('hi'));`);
    expect(message.message).toMatch(/^This WebSocket has no `'error'` listener: one malformed frame/);
    expect(message.message).not.toMatch(/ECONNRESET|destroy\(\)/);
  });

  it('tells a WebSocketServer user that the HTTP server listener does not cover it', () => {
    const [message] = lint(`import { WebSocketServer } from 'ws';
new WebSocketServer({ port: 8080 });`);
    expect(message.message).toMatch(/^This WebSocketServer has no `'error'` listener: a failure of its HTTP server/);
  });

  it('keeps the net wording for net sockets', () => {
    const [message] = lint(`import net from 'node:net';
net.connect(80);`);
    expect(message.message).toMatch(/`ECONNRESET`/);
  });
});
