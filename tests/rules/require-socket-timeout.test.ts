import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
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
    // the ws README heartbeat: one interval over wss.clients, pong sets the flag (c4)
    {
      code: `import { WebSocketServer } from 'ws';
function heartbeat() {
  this.isAlive = true;
}
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', function connection(ws) {
  ws.isAlive = true;
  ws.on('error', console.error);
  ws.on('pong', heartbeat);
});
const interval = setInterval(function ping() {
  wss.clients.forEach(function each(ws) {
    if (ws.isAlive === false) return ws.terminate();
    ws.isAlive = false;
    ws.ping();
  });
}, 30000);
wss.on('close', function close() {
  clearInterval(interval);
});`,
    },
    // cjs per-connection heartbeat interval, require(ws).Server
    {
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ noServer: true });
wss.on('connection', (ws) => {
  let alive = true;
  ws.on('pong', () => { alive = true; });
  const timer = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, 15000);
  ws.on('close', () => clearInterval(timer));
});
module.exports = wss;`,
      languageOptions: COMMONJS,
    },
    // cjs client README shape: timer re-armed on ping and open (c14)
    {
      code: `const WebSocket = require('ws');
function heartbeat() {
  clearTimeout(this.pingTimeout);
  this.pingTimeout = setTimeout(() => {
    this.terminate();
  }, 30000 + 1000);
}
const client = new WebSocket('wss://websocket-echo.com/');
client.on('error', console.error);
client.on('open', heartbeat);
client.on('ping', heartbeat);
client.on('close', function clear() {
  clearTimeout(this.pingTimeout);
});`,
      languageOptions: COMMONJS,
    },
    // ts client-driven pings with a pong check (c15)
    {
      code: `import WebSocket from 'ws';
export class Feed {
  private alive = true;
  private readonly ws: WebSocket;
  private readonly timer: NodeJS.Timeout;
  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('error', (err: Error) => console.error(err));
    this.ws.on('pong', () => { this.alive = true; });
    this.timer = setInterval(() => this.check(), 10_000);
    this.ws.on('close', () => clearInterval(this.timer));
  }
  private check(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }
}`,
    },
    // idle timeout on ws._socket with a terminating reaction (c8)
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws._socket.setTimeout(60_000);
  ws._socket.on('timeout', () => ws.terminate());
});`,
    },
    // idle timeout on req.socket, set after the upgrade (c9)
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  req.socket.setTimeout(60_000, () => ws.terminate());
});`,
    },
    // heartbeat over a registry of the module (webpack-dev-server shape)
    {
      code: `const WebSocket = require('ws');
class WebsocketServer {
  constructor(options) {
    this.clients = [];
    this.implementation = new WebSocket.Server({ ...options, clientTracking: false });
    this.implementation.on('error', (err) => console.error(err.message));
    const interval = setInterval(() => {
      for (const client of this.clients) {
        if (client.isAlive === false) {
          client.terminate();
          continue;
        }
        client.isAlive = false;
        client.ping(() => {});
      }
    }, 1000);
    this.implementation.on('connection', (client) => {
      this.clients.push(client);
      client.isAlive = true;
      client.on('pong', () => { client.isAlive = true; });
      client.on('close', () => this.clients.splice(this.clients.indexOf(client), 1));
      client.on('error', (err) => console.error(err.message));
    });
    this.implementation.on('close', () => clearInterval(interval));
  }
}
module.exports = WebsocketServer;`,
      languageOptions: COMMONJS,
    },
    // the duplex of createWebSocketStream escapes: its owner decides
    {
      code: `import { WebSocketServer, createWebSocketStream } from 'ws';
import { Broker } from './broker.js';
const broker = new Broker();
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  broker.handle(createWebSocketStream(ws), req);
});`,
    },
    // new (require(ws).Server)({ noServer }): the handleUpgrade socket is handed to the connection listeners
    {
      code: `const http = require('http');
const wss = new (require('ws').Server)({ noServer: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
});
setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) { ws.terminate(); continue; }
    ws.isAlive = false;
    ws.ping();
  }
}, 30000).unref();`,
      languageOptions: COMMONJS,
    },
    // a TLS wrapper with member-assigned options is not an origin of its own (issue 11)
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
  this._sock = tls.connect(tlsOptions);
  this._sock.on('error', function (err) { self.emit('error', err); });
  socket.connect(this._config.port, this._config.host);
};
module.exports = Connection;`,
      languageOptions: COMMONJS,
    },
    // es5 wrapper forwards timeout under the same name through self (spec 0.4)
    {
      code: `var net = require('net');
var EventEmitter = require('events').EventEmitter;
var util = require('util');
function Connection(port, options) {
  EventEmitter.call(this);
  var self = this;
  this.connection = net.createConnection({ port: port, timeout: options.timeout || 0 });
  this.connection.addListener('error', function (err) { self.emit('error', err); });
  this.connection.addListener('timeout', function () {
    self.emit('timeout');
  });
}
util.inherits(Connection, EventEmitter);
exports.createConnection = function (port, options) {
  return new Connection(port, options);
};`,
      languageOptions: COMMONJS,
    },
    // a ping timer object whose timeout event destroys the socket (irc shape)
    {
      code: `var net = require('net');
var PingTimer = require('./ping_timer');
function Client(opt) {
  this.opt = opt;
}
Client.prototype.connect = function () {
  var self = this;
  self.conn = net.createConnection({ host: self.opt.server, port: self.opt.port }, function () {
    self.conn.pingTimer.start();
  });
  self.conn.setTimeout(0);
  self.conn.pingTimer = new PingTimer(self);
  self.conn.pingTimer.on('pingTimeout', function () {
    self.end();
  });
  self.conn.addListener('error', function (err) { self.emit('netError', err); });
};
Client.prototype.end = function () {
  if (this.conn) this.conn.destroy();
  this.conn = null;
};
module.exports = Client;`,
      languageOptions: COMMONJS,
    },
    // timeout set in a connect listener whose event name is a choice (thrift shape)
    {
      code: `var net = require('net');
var tls = require('tls');
function Connection(stream, options) {
  var self = this;
  this.options = options;
  this.connection = stream;
  this.ssl = stream.encrypted;
  this.connection.addListener(this.ssl ? 'secureConnect' : 'connect', function () {
    this.setTimeout(self.options.timeout || 0);
  });
  this.connection.addListener('error', function (err) { self.emit('error', err); });
  this.connection.addListener('timeout', function () { self.emit('timeout'); });
}
exports.createSSLConnection = function (port, host, options) {
  var stream = tls.connect(port, host, options);
  var connection = new Connection(stream, options);
  connection.host = host;
  connection.port = port;
  return connection;
};`,
      languageOptions: COMMONJS,
    },
    // the reaction calls a closing method of the owner defined elsewhere (redis shape)
    {
      code: `var net = require('net');
function RedisClient(options) {
  this.options = options;
  this.create_stream();
}
RedisClient.prototype.create_stream = function () {
  var self = this;
  this.stream = net.createConnection(this.options);
  this.stream.setTimeout(this.options.connect_timeout, function () {
    self.connection_gone('timeout');
  });
  this.stream.on('error', function (err) { self.emit('error', err); });
};
RedisClient.prototype.connection_gone = function (why) {
  this.flush(why);
  this.end(false);
};
require('./lib/extendedApi')(RedisClient);
module.exports = RedisClient;`,
      languageOptions: COMMONJS,
    },
    // the reaction ends, then schedules a destroy after a grace period (nodemailer shape)
    {
      code: `import net from 'node:net';
export class SmtpConnection {
  connect(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => this.onError(err));
    this.socket.setTimeout(120_000);
    this.socket.on('timeout', () => this.close());
  }
  onError(err) {
    console.error(err);
    this.close();
  }
  close() {
    const socket = this.socket;
    socket.end();
    const timer = setTimeout(() => socket.destroy(), 30_000);
    socket.once('close', () => clearTimeout(timer));
  }
}`,
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
      errors: [{ messageId: 'timeoutDefeatedByHeartbeat', line: 5, column: 17, endColumn: 72 }],
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
    // a ws connection with no dead-peer detection (c1): no suggestion
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', (data) => ws.send(data));
});`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 4,
          column: 23,
          endLine: 4,
          endColumn: 25,
          suggestions: [],
        },
      ],
    },
    // cjs ping on an interval with no pong check (c7)
    {
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ noServer: true });
wss.on('connection', function (ws) {
  ws.on('error', console.error);
  const timer = setInterval(() => ws.ping(), 10000);
  ws.on('close', () => clearInterval(timer));
});`,
      languageOptions: COMMONJS,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 3,
          column: 32,
          endLine: 3,
          endColumn: 34,
          suggestions: [],
        },
      ],
    },
    // ts client with only a handshake timeout (b5)
    {
      code: `import WebSocket from 'ws';
export function follow(url: string): void {
  const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
  ws.on('error', (err: Error) => console.error(err));
  ws.on('message', (data: WebSocket.RawData) => console.log(data.toString()));
}`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 62,
          suggestions: [],
        },
      ],
    },
    // cjs new (require(ws).Server): its connections need detection too
    {
      code: `const wss = new (require('ws').Server)({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', (ws) => {
  ws.on('error', console.error);
});`,
      languageOptions: COMMONJS,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 3,
          column: 23,
          endLine: 3,
          endColumn: 25,
          suggestions: [],
        },
      ],
    },
    // a socket timeout set before handleUpgrade is reset by ws (c3)
    {
      code: `import http from 'node:http';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.setTimeout(30000, () => socket.destroy());
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', console.error);
    ws.on('message', (data) => ws.send(data));
  });
});`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 7,
          column: 41,
          endLine: 7,
          endColumn: 43,
          suggestions: [],
        },
      ],
    },
    // a timeout on the underlying socket with no reaction (c10)
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws._socket.setTimeout(60000);
});`,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 5, column: 3, endLine: 5, endColumn: 31 },
      ],
    },
    // requireDestroy: a heartbeat that only close()s (c11)
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
});
setInterval(() => {
  wss.clients.forEach((ws) => {
    if (!ws.isAlive) return ws.close(1001, 'no pong');
    ws.isAlive = false;
    ws.ping();
  });
}, 30000);`,
      options: [{ requireDestroy: true }],
      errors: [
        { messageId: 'timeoutOnlyEnds', line: 10, column: 29, endLine: 10, endColumn: 54 },
      ],
    },
    // requireDestroy: a socket timeout whose reaction only close()s
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  req.socket.setTimeout(60000, () => ws.close(1001));
});`,
      options: [{ requireDestroy: true }],
      errors: [
        { messageId: 'timeoutOnlyEnds', line: 5, column: 38, endLine: 5, endColumn: 52 },
      ],
    },
    // checkHeartbeats: the server pings more often than the socket timeout, no pong check (c12)
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws._socket.setTimeout(500, () => ws.terminate());
  const timer = setInterval(() => ws.ping(), 200);
  ws.on('close', () => clearInterval(timer));
});`,
      options: [{ checkHeartbeats: true }],
      errors: [
        { messageId: 'timeoutDefeatedByHeartbeat', line: 6, column: 17, endLine: 6, endColumn: 50 },
      ],
    },
    // issue 12: a reaction that emits another event does not close
    {
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Client extends EventEmitter {
  connect(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => this.emit('error', err));
    this.socket.setTimeout(30000);
    this.socket.on('timeout', () => this.emit('stale'));
  }
}`,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 7, column: 5, endLine: 7, endColumn: 34 },
      ],
    },
    // issue 12: emitting timeout on a module-level emitter is not forwarding
    {
      code: `const net = require('net');
const { EventEmitter } = require('events');
const bus = new EventEmitter();
net.createServer((socket) => {
  socket.on('error', () => {});
  socket.setTimeout(30000, () => bus.emit('timeout', socket.remoteAddress));
}).listen(7000);
module.exports = bus;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 6, column: 3, endLine: 6, endColumn: 76 },
      ],
    },
    // issue 12: calling the callback it was handed, or setting a flag, does not close
    {
      code: `import net from 'node:net';
export function open(port, callback) {
  let timedOut = false;
  const socket = net.connect(port);
  socket.on('error', callback);
  socket.setTimeout(5000);
  socket.on('timeout', () => {
    timedOut = true;
    callback(new Error('timeout'));
  });
  socket.on('data', (d) => { if (!timedOut) callback(null, d); });
}`,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 6, column: 3, endLine: 6, endColumn: 26 },
      ],
    },
    // issue 11: the wrapped socket of a member-assigned TLS wrapper keeps the duty
    {
      code: `var net = require('net');
var tls = require('tls');
function Connection(config) {
  this._config = config;
}
Connection.prototype.connect = function () {
  var self = this;
  var socket = new net.Socket();
  socket.on('error', function (err) { self.emit('error', err); });
  var tlsOptions = {};
  for (var k in this._config.tlsOptions) tlsOptions[k] = this._config.tlsOptions[k];
  tlsOptions.socket = socket;
  this._sock = tls.connect(tlsOptions);
  this._sock.on('error', function (err) { self.emit('error', err); });
  socket.connect(this._config.port, this._config.host);
};
module.exports = Connection;`,
      languageOptions: COMMONJS,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 8,
          column: 16,
          endLine: 8,
          endColumn: 32,
          suggestions: [
          {
            messageId: 'suggestAddTimeout',
            output: `var net = require('net');
var tls = require('tls');
function Connection(config) {
  this._config = config;
}
Connection.prototype.connect = function () {
  var self = this;
  var socket = new net.Socket();
  socket.setTimeout(30000, () => socket.destroy());
  socket.on('error', function (err) { self.emit('error', err); });
  var tlsOptions = {};
  for (var k in this._config.tlsOptions) tlsOptions[k] = this._config.tlsOptions[k];
  tlsOptions.socket = socket;
  this._sock = tls.connect(tlsOptions);
  this._sock.on('error', function (err) { self.emit('error', err); });
  socket.connect(this._config.port, this._config.host);
};
module.exports = Connection;`,
          },
          ],
        },
      ],
    },
    // a socket bound into a local function with bind() does not escape (modbus shape)
    {
      code: `var net = require('net');
function parse(request, reply) { reply(request); }
var server = net.createServer();
server.on('connection', function (sock) {
  sock.on('error', function () {});
  sock.on('data', function (data) {
    setTimeout(parse.bind(this, data, function (out) { sock.write(out); }), 0);
  });
});
server.listen(502);`,
      languageOptions: COMMONJS,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 4,
          column: 35,
          endLine: 4,
          endColumn: 39,
          suggestions: [
          {
            messageId: 'suggestAddTimeout',
            output: `var net = require('net');
function parse(request, reply) { reply(request); }
var server = net.createServer();
server.on('connection', function (sock) {
  sock.setTimeout(30000, () => sock.destroy());
  sock.on('error', function () {});
  sock.on('data', function (data) {
    setTimeout(parse.bind(this, data, function (out) { sock.write(out); }), 0);
  });
});
server.listen(502);`,
          },
          ],
        },
      ],
    },
    // bound listeners keep their own this (zookeeper shape)
    {
      code: `var net = require('net');
function ConnectionManager(server, pingTimeout) {
  this.pingTimeout = pingTimeout;
  this.socket = net.connect(server);
  this.socket.on('data', this.onSocketData.bind(this));
  this.socket.on('error', this.onSocketError.bind(this));
  this.socket.setTimeout(this.pingTimeout, this.onSocketTimeout.bind(this));
}
ConnectionManager.prototype.onSocketData = function (data) { this.buffer = data; };
ConnectionManager.prototype.onSocketError = function () { this.socket.destroy(); };
ConnectionManager.prototype.onSocketTimeout = function () {
  this.queue('PING');
  this.socket.setTimeout(this.pingTimeout, this.onSocketTimeout.bind(this));
};
ConnectionManager.prototype.queue = function (request) { this.socket.write(request); };
module.exports = ConnectionManager;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 7, column: 3, endLine: 7, endColumn: 76 },
        { messageId: 'timeoutNeverCloses', line: 13, column: 3, endLine: 13, endColumn: 76 },
      ],
    },
    // one helper starts a server per handler: each handler is reported
    {
      code: `import { createServer } from 'node:net';
function startServer(handler) {
  const server = createServer(handler);
  server.listen(0);
  return server;
}
startServer((socket) => {
  socket.on('error', () => {});
  socket.end('500 go away\\r\\n');
});
startServer((socket) => {
  socket.on('error', () => {});
  socket.write('220 ready\\r\\n');
});`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 20,
          suggestions: [
          {
            messageId: 'suggestAddTimeout',
            output: `import { createServer } from 'node:net';
function startServer(handler) {
  const server = createServer(handler);
  server.listen(0);
  return server;
}
startServer((socket) => {
  socket.setTimeout(30000, () => socket.destroy());
  socket.on('error', () => {});
  socket.end('500 go away\\r\\n');
});
startServer((socket) => {
  socket.on('error', () => {});
  socket.write('220 ready\\r\\n');
});`,
          },
          ],
        },
        {
          messageId: 'missingTimeout',
          line: 11,
          column: 14,
          endLine: 11,
          endColumn: 20,
          suggestions: [
          {
            messageId: 'suggestAddTimeout',
            output: `import { createServer } from 'node:net';
function startServer(handler) {
  const server = createServer(handler);
  server.listen(0);
  return server;
}
startServer((socket) => {
  socket.on('error', () => {});
  socket.end('500 go away\\r\\n');
});
startServer((socket) => {
  socket.setTimeout(30000, () => socket.destroy());
  socket.on('error', () => {});
  socket.write('220 ready\\r\\n');
});`,
          },
          ],
        },
      ],
    },
  ],
});

describe('require-socket-timeout messages', () => {
  const lint = (code: string, options: unknown[] = []) =>
    new Linter({ configType: 'flat' }).verify(code, [
      { files: ['**/*.js'], plugins: { sc: { rules: { rule } } as never }, rules: { 'sc/rule': ['error', ...options] }, languageOptions: { sourceType: 'module' } },
    ], 'file.js');

  it('asks a WebSocket for a heartbeat, never for setTimeout()/destroy()', () => {
    const [message] = lint(`import WebSocket from 'ws';
const ws = new WebSocket('ws://localhost:8080');
ws.on('error', () => {});`);
    expect(message.messageId).toBe('missingTimeout');
    expect(message.message).toMatch(/^This WebSocket has no dead-peer detection: ws sets no idle timeout/);
    expect(message.message).toMatch(/`terminate\(\)`/);
    expect(message.message).not.toMatch(/destroy|setTimeout/);
    expect(message.suggestions ?? []).toEqual([]);
  });

  it('tells a WebSocket user that close() waits for closeTimeout (requireDestroy)', () => {
    const [message] = lint(
      `import { WebSocketServer } from 'ws';
new WebSocketServer({ noServer: true }).on('connection', (ws, req) => {
  ws.on('error', () => {});
  req.socket.setTimeout(1000, () => ws.close());
});`,
      [{ requireDestroy: true }],
    );
    expect(message.message).toBe(
      'The dead-peer reaction only calls `close()`: ws then waits `closeTimeout` (30 s by default) for a close frame that a dead or hostile peer never sends. Call `terminate()`.',
    );
  });
});
