import rule from '../../src/rules/require-socket-error-listener.js';
import { createRuleTester } from './rule-tester.js';

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
  ],
});
