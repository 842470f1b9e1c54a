import rule from '../../src/rules/require-socket-timeout.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-socket-timeout', rule, {
  valid: [
    // The fix of node-semantics row 3: an idle timeout whose reaction destroys the socket.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(30_000);
  socket.on('timeout', () => socket.destroy());
});`,
    // The callback form of setTimeout is a 'timeout' listener.
    `const net = require('node:net');
const server = net.createServer((socket) => {
  socket.setTimeout(60 * 1000, () => socket.destroy());
  socket.pipe(socket);
});`,
    // end() closes a cooperative peer and is accepted by default (requireDestroy is off).
    `import { createServer } from 'node:net';
createServer((conn) => {
  conn.setTimeout(10_000);
  conn.on('timeout', () => { conn.end('idle\\n'); });
});`,
    // resetAndDestroy closes too.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(5000);
  socket.once('timeout', () => socket.resetAndDestroy());
});`,
    // The listener is the method itself.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(5000);
  socket.on('timeout', socket.destroy.bind(socket));
});`,
    // A non-literal timeout is configuration we cannot see: it counts as set.
    `import net from 'node:net';
export function start(config) {
  return net.createServer((socket) => {
    socket.setTimeout(config.idleTimeoutMs);
    socket.on('timeout', () => socket.destroy());
  });
}`,
    // Sockets from an HTTP server's 'connection' event: the server's own timeouts apply.
    `import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.on('connection', (socket) => { socket.setNoDelay(true); });`,
    // Escaping sockets are the new owner's to configure (checkEscaping is off).
    `import net from 'node:net';
export function createConnection(options) {
  const socket = net.connect(options);
  socket.setNoDelay(true);
  return socket;
}`,
    // Handed over to ws: the WebSocket server owns the upgraded connection.
    `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});`,
    // A client socket with TCP keep-alive and an explicit delay detects a dead peer.
    `import net from 'node:net';
const socket = net.connect({ host: 'db.internal', port: 5432 });
socket.setKeepAlive(true, 10_000);
socket.on('error', () => {});`,
    // Keep-alive through connect options.
    `import net from 'node:net';
const socket = net.connect({ port: 6379, keepAlive: true, keepAliveInitialDelay: 15000 });`,
    // The connect timeout option with a reaction.
    `import net from 'node:net';
const socket = net.createConnection({ port: 25, timeout: 30000 });
socket.on('timeout', () => socket.destroy(new Error('idle')));`,
    // Timeout and reaction set in a same-module helper that receives the socket.
    `import net from 'node:net';
function applyIdleTimeout(sock, ms) {
  sock.setTimeout(ms);
  sock.on('timeout', () => sock.destroy());
}
net.createServer((socket) => {
  applyIdleTimeout(socket, 30000);
});`,
    // Reaction through a module function.
    `import net from 'node:net';
function closeConnection(s) { s.destroy(); }
net.createServer((socket) => {
  socket.setTimeout(30000);
  socket.on('timeout', () => closeConnection(socket));
});`,
    // A client class: the field is configured in another method, the reaction calls a method that destroys.
    `import net from 'node:net';
export class KvClient {
  connect() {
    this.socket = net.connect(7000, '127.0.0.1');
    this.socket.setTimeout(30000);
    this.socket.on('timeout', () => this.close());
  }
  close() {
    this.socket.destroy();
  }
}`,
    // The class forwards 'timeout' to its own listeners: its owner decides.
    `import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Connection extends EventEmitter {
  open() {
    this.stream = net.connect(5672);
    this.stream.setTimeout(60000);
    this.stream.on('timeout', () => this.emit('timeout'));
  }
}`,
    // Re-emitting as an error on the socket hands it to the socket's error path.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(30000);
  socket.on('timeout', () => socket.emit('error', new Error('idle timeout')));
  socket.on('error', () => socket.destroy());
});`,
    // Several listeners of one server event receive the same socket.
    `import net from 'node:net';
const server = net.createServer();
server.on('connection', (socket) => socket.setTimeout(30000));
server.on('connection', (socket) => socket.on('timeout', () => socket.destroy()));`,
    // An overall deadline that destroys the socket, armed on every path.
    `import net from 'node:net';
export async function probe(port) {
  const socket = net.connect(port);
  const timer = setTimeout(() => socket.destroy(), 5000);
  socket.once('close', () => clearTimeout(timer));
  socket.on('error', () => {});
}`,
    // AbortSignal.timeout as the connect signal destroys the socket on expiry.
    `import net from 'node:net';
const socket = net.connect({ port: 80, signal: AbortSignal.timeout(10_000) });
socket.on('error', () => {});`,
    // Promise.race with a timer, destroy() in finally.
    `import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
export async function check(port) {
  const socket = net.connect(port);
  try {
    await Promise.race([once(socket, 'connect'), sleep(3000).then(() => { throw new Error('timeout'); })]);
  } finally {
    socket.destroy();
  }
}`,
    // A TLS wrapper of an existing socket: the idle timeout belongs to the wrapped socket.
    `import net from 'node:net';
import tls from 'node:tls';
net.createServer((raw) => {
  raw.setTimeout(30000, () => raw.destroy());
  const secure = new tls.TLSSocket(raw, { isServer: true });
  secure.on('error', () => raw.destroy());
});`,
    // A connect-phase timeout cleared on 'connect' and an idle timeout armed again after it.
    `import net from 'node:net';
const socket = net.connect(6379);
socket.setTimeout(10000);
socket.once('connect', () => {
  socket.setTimeout(0);
  socket.setTimeout(60000);
});
socket.on('timeout', () => socket.destroy());`,
    // An annotated parameter is a socket but not an origin: its timeout is its origin's business.
    `import type { Socket } from 'node:net';
export function reply(socket: Socket, line: string) {
  socket.write(line + '\\n');
}`,
    // A local connect() that is not a socket factory.
    `import { connect } from './database.js';
import net from 'node:net';
const db = connect('postgres://localhost');
db.query('select 1');`,
    // TypeScript server with the timeout in a typed handler.
    `import { createServer, type Socket } from 'node:net';
function onConnection(socket: Socket): void {
  socket.setTimeout(15_000);
  socket.on('timeout', () => socket.destroy());
}
createServer(onConnection).listen(0);`,
    // Stored in a module-scope registry and configured: the registry is not an escape.
    `import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.setTimeout(120000);
  socket.on('timeout', () => socket.destroy());
  socket.on('close', () => clients.delete(socket));
});`,
    // A heartbeat that checks inbound silence is not flagged even with checkHeartbeats.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  let lastSeen = Date.now();
  socket.setTimeout(30000, () => socket.destroy());
  socket.on('data', () => { lastSeen = Date.now(); });
  const timer = setInterval(() => {
    if (Date.now() - lastSeen > 30000) return socket.destroy();
    socket.write('PING\\n');
  }, 10000);
  socket.on('close', () => clearInterval(timer));
});`,
      options: [{ checkHeartbeats: true }],
    },
    // A heartbeat slower than the idle timeout does not defeat it.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(10000, () => socket.destroy());
  const timer = setInterval(() => socket.write('PING\\n'), 60000);
  socket.on('close', () => clearInterval(timer));
});`,
      options: [{ checkHeartbeats: true }],
    },
    // requireDestroy accepts destroy().
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(1000, () => { socket.end(); socket.destroy(); });
});`,
      options: [{ requireDestroy: true }],
    },
  ],
  invalid: [
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
});`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 2,
          column: 19,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'suggestAddTimeout',
              output: `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(30000, () => socket.destroy());
  socket.on('data', (chunk) => socket.write(chunk));
});`,
            },
          ],
        },
      ],
    },
    // CommonJS server; suggestion uses the configured timeout.
    {
      code: `const { createServer } = require('node:net');
const server = createServer(function onConnection(conn) {
  conn.write('220 ready\\r\\n');
});`,
      options: [{ suggestedTimeoutMs: 120000 }],
      languageOptions: COMMONJS,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 2,
          column: 51,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'suggestAddTimeout',
              output: `const { createServer } = require('node:net');
const server = createServer(function onConnection(conn) {
  conn.setTimeout(120000, () => conn.destroy());
  conn.write('220 ready\\r\\n');
});`,
            },
          ],
        },
      ],
    },
    // A client socket: the report is on the connect call, the suggestion follows the declaration.
    {
      code: `import net from 'node:net';
const socket = net.connect(6379, '127.0.0.1');
socket.on('error', console.error);`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 2,
          column: 16,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'suggestAddTimeout',
              output: `import net from 'node:net';
const socket = net.connect(6379, '127.0.0.1');
socket.setTimeout(30000, () => socket.destroy());
socket.on('error', console.error);`,
            },
          ],
        },
      ],
    },
    // new net.Socket() with a later connect().
    {
      code: `import { Socket } from 'node:net';
function open() {
  const s = new Socket();
  s.connect(21, 'ftp.example.com');
  s.on('error', () => {});
}
open();`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 3,
          column: 13,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'suggestAddTimeout',
              output: `import { Socket } from 'node:net';
function open() {
  const s = new Socket();
  s.setTimeout(30000, () => s.destroy());
  s.connect(21, 'ftp.example.com');
  s.on('error', () => {});
}
open();`,
            },
          ],
        },
      ],
    },
    // A class field: the suggestion names the field.
    {
      code: `import net from 'node:net';
export class Client {
  connect() {
    this.socket = net.connect(7000);
    this.socket.on('data', (d) => this.onData(d));
  }
  onData(d) {}
}`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 4,
          column: 19,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'suggestAddTimeout',
              output: `import net from 'node:net';
export class Client {
  connect() {
    this.socket = net.connect(7000);
    this.socket.setTimeout(30000, () => this.socket.destroy());
    this.socket.on('data', (d) => this.onData(d));
  }
  onData(d) {}
}`,
            },
          ],
        },
      ],
    },
    // node-semantics row 3: a timeout alone closes nothing.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(200);
  socket.on('data', (d) => socket.write(d));
});`,
      errors: [{ messageId: 'timeoutNeverCloses', line: 3, column: 3, endColumn: 25 }],
    },
    // A 'timeout' listener that only logs.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(200);
  socket.on('timeout', () => console.log('idle', socket.remoteAddress));
});`,
      errors: [{ messageId: 'timeoutNeverCloses', line: 3, column: 3, endColumn: 25 }],
    },
    // The connect timeout option with no reaction: reported on the property.
    {
      code: `import net from 'node:net';
const socket = net.connect({ port: 80, timeout: 5000 });
socket.on('error', () => {});`,
      errors: [{ messageId: 'timeoutNeverCloses', line: 2, column: 40, endColumn: 53 }],
    },
    // 'upgrade' sockets: HTTP's timeouts stop applying after the upgrade.
    {
      code: `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  socket.on('data', (frame) => socket.write(frame));
});`,
      errors: [{ messageId: 'missingTimeout', line: 3, column: 28, endColumn: 34, suggestions: [
        {
          messageId: 'suggestAddTimeout',
          output: `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.setTimeout(30000, () => socket.destroy());
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  socket.on('data', (frame) => socket.write(frame));
});`,
        },
      ] }],
    },
    // A CONNECT tunnel's client socket.
    {
      code: `import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, req.url.split(':')[0], () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.pipe(clientSocket).pipe(upstream);
  });
  upstream.setTimeout(30000, () => upstream.destroy());
});`,
      errors: [{ messageId: 'missingTimeout', line: 4, column: 27, endColumn: 39, suggestions: [
        {
          messageId: 'suggestAddTimeout',
          output: `import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  clientSocket.setTimeout(30000, () => clientSocket.destroy());
  const upstream = net.connect(443, req.url.split(':')[0], () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.pipe(clientSocket).pipe(upstream);
  });
  upstream.setTimeout(30000, () => upstream.destroy());
});`,
        },
      ] }],
    },
    // Keep-alive does not time out an accepted socket (a slowloris peer is alive but idle).
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.setKeepAlive(true, 10000);
});`,
      errors: [{ messageId: 'missingTimeout', line: 2, column: 19, endColumn: 25, suggestions: [
        {
          messageId: 'suggestAddTimeout',
          output: `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(30000, () => socket.destroy());
  socket.setKeepAlive(true, 10000);
});`,
        },
      ] }],
    },
    // Keep-alive without an explicit delay uses the OS default (two hours on Linux).
    {
      code: `import net from 'node:net';
const c = net.connect(5432);
c.setKeepAlive(true);`,
      errors: [{ messageId: 'missingTimeout', line: 2, column: 11, endColumn: 28, suggestions: [
        {
          messageId: 'suggestAddTimeout',
          output: `import net from 'node:net';
const c = net.connect(5432);
c.setTimeout(30000, () => c.destroy());
c.setKeepAlive(true);`,
        },
      ] }],
    },
    // setTimeout(0) disables the timeout.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(0);
});`,
      errors: [{ messageId: 'missingTimeout', line: 2, column: 19, endColumn: 25, suggestions: [
        {
          messageId: 'suggestAddTimeout',
          output: `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(30000, () => socket.destroy());
  socket.setTimeout(0);
});`,
        },
      ] }],
    },
    // A connect timeout cleared once connected leaves the connection with none.
    {
      code: `import net from 'node:net';
const socket = net.connect(6379);
socket.setTimeout(10000);
socket.once('connect', () => socket.setTimeout(0));
socket.on('timeout', () => socket.destroy());`,
      errors: [{ messageId: 'missingTimeout', line: 2, column: 16, endColumn: 33, suggestions: [
        {
          messageId: 'suggestAddTimeout',
          output: `import net from 'node:net';
const socket = net.connect(6379);
socket.setTimeout(30000, () => socket.destroy());
socket.setTimeout(10000);
socket.once('connect', () => socket.setTimeout(0));
socket.on('timeout', () => socket.destroy());`,
        },
      ] }],
    },
    // A deadline armed only when an option happens to be set does not count.
    {
      code: `import net from 'node:net';
export function probe(port, opts) {
  const socket = net.connect(port);
  if (opts.deadline) setTimeout(() => socket.destroy(), opts.deadline);
  socket.on('error', () => {});
}`,
      errors: [{ messageId: 'missingTimeout', line: 3, column: 18, endColumn: 35, suggestions: [
        {
          messageId: 'suggestAddTimeout',
          output: `import net from 'node:net';
export function probe(port, opts) {
  const socket = net.connect(port);
  socket.setTimeout(30000, () => socket.destroy());
  if (opts.deadline) setTimeout(() => socket.destroy(), opts.deadline);
  socket.on('error', () => {});
}`,
        },
      ] }],
    },
    // A TLS client.
    {
      code: `import tls from 'node:tls';
const secure = tls.connect({ host: 'mail.example.com', port: 465 }, () => secure.write('EHLO x\\r\\n'));`,
      errors: [{ messageId: 'missingTimeout', line: 2, column: 16, endColumn: 102, suggestions: [
        {
          messageId: 'suggestAddTimeout',
          output: `import tls from 'node:tls';
const secure = tls.connect({ host: 'mail.example.com', port: 465 }, () => secure.write('EHLO x\\r\\n'));
secure.setTimeout(30000, () => secure.destroy());`,
        },
      ] }],
    },
    // Compiled TypeScript (tsc's CommonJS output).
    {
      code: `"use strict";
const net_1 = __importDefault(require("net"));
const server = net_1.default.createServer((socket) => {
    socket.on("data", (d) => socket.write(d));
});`,
      languageOptions: COMMONJS,
      errors: [{ messageId: 'missingTimeout', line: 3, column: 44, endColumn: 50, suggestions: [
        {
          messageId: 'suggestAddTimeout',
          output: `"use strict";
const net_1 = __importDefault(require("net"));
const server = net_1.default.createServer((socket) => {
    socket.setTimeout(30000, () => socket.destroy());
    socket.on("data", (d) => socket.write(d));
});`,
        },
      ] }],
    },
    // An expression-bodied listener has nowhere to insert the call: no suggestion.
    {
      code: `import net from 'node:net';
net.createServer((socket) => socket.pipe(socket));`,
      errors: [{ messageId: 'missingTimeout', line: 2, column: 19, endColumn: 25, suggestions: [] }],
    },
    // requireDestroy: a reaction that only ends leaves a hostile peer's half open.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(30000);
  socket.on('timeout', () => socket.end());
});`,
      options: [{ requireDestroy: true }],
      errors: [{ messageId: 'timeoutOnlyEnds', line: 4, column: 30, endColumn: 42 }],
    },
    // checkHeartbeats: a PING every 10 s resets a 30 s idle timer forever.
    {
      code: `import net from 'node:net';
const HEARTBEAT_MS = 10_000;
net.createServer((socket) => {
  socket.setTimeout(HEARTBEAT_MS * 3, () => socket.destroy());
  const timer = setInterval(() => socket.write('PING\\n'), HEARTBEAT_MS);
  socket.on('close', () => clearInterval(timer));
});`,
      options: [{ checkHeartbeats: true }],
      errors: [{ messageId: 'timeoutDefeatedByHeartbeat', line: 5, column: 17, endColumn: 72, data: { interval: '10000', timeout: '30000' } }],
    },
    // checkEscaping: a returned socket is checked too.
    {
      code: `import net from 'node:net';
export function open(port) {
  return net.connect(port);
}`,
      options: [{ checkEscaping: true }],
      errors: [{ messageId: 'missingTimeout', line: 3, column: 10, endColumn: 27, suggestions: [] }],
    },
    // A configured socket factory is an origin.
    {
      code: `const conn = openTransport('broker:1883');
conn.on('error', () => {});`,
      settings: { 'socket-concurrency': { socketFactories: ['openTransport'] } },
      errors: [{ messageId: 'missingTimeout', line: 1, column: 14, endColumn: 42, suggestions: [
        {
          messageId: 'suggestAddTimeout',
          output: `const conn = openTransport('broker:1883');
conn.setTimeout(30000, () => conn.destroy());
conn.on('error', () => {});`,
        },
      ] }],
    },
  ],
});
