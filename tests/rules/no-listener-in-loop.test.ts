import rule from '../../src/rules/no-listener-in-loop.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-listener-in-loop', rule, {
  valid: [
    // The fix of node-semantics row 7: one 'close' listener per socket, registered once.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', () => console.log('closed'));
  socket.on('data', (chunk) => socket.write(chunk));
});`,
    // An emitter created in the pass: one listener per fresh socket.
    `import net from 'node:net';
for (const port of [7001, 7002, 7003]) {
  const s = net.connect(port, '127.0.0.1');
  s.on('error', (err) => console.error(port, err));
  s.on('connect', () => s.end('ping'));
}`,
    // The loop's own element.
    `import net from 'node:net';
const sockets = new Set();
net.createServer((socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
function closeAll() {
  for (const s of sockets) {
    s.once('close', () => console.log('gone'));
    s.end();
  }
}`,
    // forEach over the element.
    `const net = require('net');
function shutdown(clients) {
  clients.forEach((client) => {
    client.socket.once('close', () => client.emit('gone'));
    client.socket.end();
  });
}
net.createServer(() => {});`,
    // events.once() removes its own listener.
    `import net from 'node:net';
import { once } from 'node:events';
const sock = net.connect(7000);
async function pump(chunks) {
  for (const chunk of chunks) {
    if (!sock.write(chunk)) await once(sock, 'drain');
  }
}`,
    // events.once through the module namespace (CommonJS).
    `const net = require('net');
const events = require('events');
const sock = net.connect(7000);
async function pump(chunks) {
  for (const chunk of chunks) {
    if (!sock.write(chunk)) await events.once(sock, 'drain');
  }
}`,
    // The pass waits for the once listener to fire.
    `import net from 'node:net';
const sock = net.connect(7000);
async function pump(chunks) {
  for (const chunk of chunks) {
    if (!sock.write(chunk)) await new Promise((resolve) => sock.once('drain', resolve));
  }
}`,
    // Same, with the promise bound first and awaited in the pass.
    `import net from 'node:net';
const sock = net.connect(7000);
async function pump(chunks) {
  for (const chunk of chunks) {
    if (!sock.write(chunk)) {
      const drained = new Promise((resolve) => { sock.once('drain', resolve); });
      await drained;
    }
  }
}`,
    // The proxy's pause/resume: no further 'data' until 'drain' fires.
    `import net from 'node:net';
net.createServer((src) => {
  const dst = net.connect(8080);
  src.on('data', (chunk) => {
    if (!dst.write(chunk)) {
      src.pause();
      dst.once('drain', () => src.resume());
    }
  });
});`,
    // Removed in the same pass.
    `import net from 'node:net';
const sock = net.connect(7000);
async function waitAll(ids) {
  for (const id of ids) {
    const onData = (d) => console.log(id, d);
    sock.on('data', onData);
    await new Promise((r) => setTimeout(r, 10));
    sock.off('data', onData);
  }
}`,
    // Removed in the same run of the data handler.
    `import net from 'node:net';
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    const onReply = (reply) => socket.write(reply);
    bus.on('reply', onReply);
    bus.emit('request', chunk, () => bus.removeListener('reply', onReply));
  });
});`,
    // removeAllListeners(event) in the pass.
    `import net from 'node:net';
const sock = net.connect(7000);
for (let i = 0; i < 3; i++) {
  sock.removeAllListeners('timeout');
  sock.on('timeout', () => sock.destroy());
}`,
    // A setup loop over a list of handlers: one registration per function.
    `import net from 'node:net';
const handlers = { data: onData, end: onEnd, error: onError };
function onData() {} function onEnd() {} function onError() {}
const sock = net.connect(7000);
for (const [event, handler] of Object.entries(handlers)) {
  sock.on(event, handler);
}`,
    // A loop over a fixed list of distinct event names.
    `import net from 'node:net';
const server = net.createServer(() => {});
['SIGINT', 'SIGTERM'].forEach((sig) => process.once(sig, () => server.close()));`,
    // Forwarding events of a socket: one listener per event name.
    `import net from 'node:net';
import { EventEmitter } from 'node:events';
class Client extends EventEmitter {
  constructor() {
    super();
    this.socket = net.connect(7000);
    for (const event of ['connect', 'end', 'close', 'error']) {
      this.socket.on(event, (...args) => this.emit(event, ...args));
    }
  }
}`,
    // Register, then leave the loop.
    `import net from 'node:net';
const sock = net.connect(7000);
function waitFor(tokens, cb) {
  for (const token of tokens) {
    if (token === 'ready') {
      sock.once('data', cb);
      return;
    }
  }
}`,
    // Register, then break.
    `import net from 'node:net';
const sock = net.connect(7000);
let retries = 0;
while (retries < 5) {
  retries++;
  if (retries > 2) {
    sock.once('close', () => console.log('done'));
    break;
  }
}`,
    // A fresh socket re-assigned in each pass of a reconnect loop.
    `import net from 'node:net';
let sock;
async function connectWithRetry() {
  for (let attempt = 0; attempt < 5; attempt++) {
    sock = net.connect(7000);
    sock.once('error', () => {});
    try { await new Promise((resolve, reject) => { sock.once('connect', resolve); sock.once('error', reject); }); return sock; } catch {}
  }
}`,
    // A per-pass AbortSignal.
    `import net from 'node:net';
const target = new EventTarget();
net.connect(7000);
for (const job of [1, 2, 3]) {
  const controller = new AbortController();
  target.addEventListener('tick', () => console.log(job), { signal: controller.signal });
  controller.abort();
}`,
    // A listener of the connection on a long-lived emitter, removed on close: correct (and 6.4's territory anyway).
    `import net from 'node:net';
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
net.createServer((socket) => {
  const onMessage = (m) => socket.write(m);
  bus.on('message', onMessage);
  socket.on('close', () => bus.off('message', onMessage));
});`,
    // A connection listener adding to process is require-connection-cleanup's case, not this rule's.
    `import net from 'node:net';
net.createServer((socket) => {
  process.on('SIGTERM', () => socket.end());
});`,
    // A once listener in a one-shot listener: it does not repeat.
    `import net from 'node:net';
const sock = net.connect(7000);
sock.on('connect', () => {
  sock.once('close', () => console.log('closed'));
});`,
    // A listener added to a socket created inside the data handler.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    const upstream = net.connect(8080);
    upstream.on('error', () => socket.destroy());
    upstream.end(chunk);
  });
});`,
    // A write helper without a loop: off by default.
    `import net from 'node:net';
const stream = net.connect(1883);
function writePacket(packet, cb) {
  if (!stream.write(packet)) stream.once('drain', cb);
  else setImmediate(cb);
}`,
    // The option on, but the helper records that it waits and queues.
    {
      code: `import net from 'node:net';
const stream = net.connect(1883);
let waiting = false;
const queue = [];
function writePacket(packet, cb) {
  if (waiting) { queue.push([packet, cb]); return; }
  if (!stream.write(packet)) {
    waiting = true;
    stream.once('drain', () => { waiting = false; cb(); });
  } else setImmediate(cb);
}`,
      options: [{ checkDrainPerWrite: true }],
    },
    // TypeScript: an annotated socket, the loop over its sockets.
    `import type { Socket } from 'node:net';
export function closeAll(sockets: Socket[]): void {
  for (const s of sockets) {
    s.once('close', () => undefined);
    s.destroy();
  }
}`,
    // Iterating emitters in an interval: the element differs per pass and is not read from state the run shares.
    `import net from 'node:net';
setInterval(() => {
  const probe = net.connect(7000);
  probe.once('connect', () => probe.end());
  probe.on('error', () => {});
}, 1000);`,
    // A handshake step: the data listener removes itself before registering, so it does not repeat (ssh2's cygwin agent).
    `import { Socket } from 'node:net';
let sock;
function tryConnect(cb) {
  sock = new Socket();
  sock.on('data', ondata);
  function ondata() {
    sock.removeListener('data', ondata);
    sock.on('error', () => {});
    sock.destroy();
    cb();
  }
}`,
    // 'request' on a request stream fires once (readable-stream's eos): only an HTTP server's 'request' repeats.
    `import net from 'node:net';
net.connect(7000);
function eos(stream, onfinish) {
  const onrequest = () => { stream.req.on('finish', onfinish); };
  stream.on('request', onrequest);
}`,
    // A Writable's _write is never called again before its callback: one 'drain' listener at most (MQTT.js BufferedDuplex).
    {
      code: `import { Duplex } from 'node:stream';
import net from 'node:net';
class BufferedDuplex extends Duplex {
  constructor(proxy) { super(); this.proxy = proxy; }
  _write(chunk, encoding, cb) { this.writeToProxy(chunk, encoding, cb); }
  writeToProxy(chunk, encoding, cb) {
    if (this.proxy.write(chunk, encoding) === false) this.proxy.once('drain', cb);
    else cb();
  }
}
export default (port) => new BufferedDuplex(net.connect(port));`,
      options: [{ checkDrainPerWrite: true }],
    },
    // A one-time branch: the handler flips the state its test reads.
    `import net from 'node:net';
net.createServer((socket) => {
  let state = 'hello';
  socket.on('data', (chunk) => {
    if (state === 'hello') {
      state = 'open';
      socket.once('end', () => console.log('bye after', chunk.length));
    }
  });
});`,
    // map over handlers in a module without sockets at all: the file is skipped.
    `const emitter = require('./bus');
for (let i = 0; i < 10; i++) emitter.on('x', () => i);`,
    // ws: listeners registered once per connection, none per 'message'
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('close', () => console.log('gone'));
  ws.on('message', (data) => ws.send(data));
});`,
    // ws, CommonJS: a one-time branch in the 'message' listener (it flips the flag it tests)
    {
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (ws) => {
  let joined = false;
  ws.on('error', console.error);
  ws.on('message', (data) => {
    if (!joined) {
      joined = true;
      ws.on('close', () => console.log('left', String(data)));
    }
  });
});`,
      languageOptions: COMMONJS,
    },
    // ws client, TypeScript: listeners added in the one-shot 'open' listener
    `import WebSocket from 'ws';
const ws = new WebSocket('wss://example.com/feed');
ws.on('error', console.error);
ws.once('open', () => {
  ws.on('message', (data: WebSocket.RawData) => console.log(String(data)));
  ws.on('pong', () => console.log('alive'));
});`,
    // Literal list, ES5 (constructor + prototype, self = this): one listener per distinct event, spelled out (spec 0.1)
    {
      code: `var net = require('net');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function Client(port) {
  EventEmitter.call(this);
  this.port = port;
}
util.inherits(Client, EventEmitter);
Client.prototype.connect = function () {
  var self = this;
  self.socket = net.connect(self.port);
  ['error', 'close', 'timeout'].forEach(function (event) {
    self.socket.on(event, function (arg) {
      self.emit(event, arg);
    });
  });
};`,
      languageOptions: COMMONJS,
    },
    // Literal list, object literal: a for…of over distinct event names on this.socket
    `import net from 'node:net';
const relay = {
  socket: null,
  open(port) {
    this.socket = net.connect(port);
    for (const event of ['end', 'close']) this.socket.on(event, () => this.reconnect(port));
  },
  reconnect(port) {
    setTimeout(() => this.open(port), 1000);
  },
};
relay.open(7000);`,
    // Literal list, TypeScript class: forEach over distinct event names
    `import net from 'node:net';
export class Forwarder {
  private socket: net.Socket | null = null;
  start(port: number): void {
    this.socket = net.connect(port);
    const gone = (): void => this.stop();
    ['error', 'close'].forEach((event) => this.socket!.once(event, gone));
  }
  stop(): void {
    this.socket?.destroy();
  }
}`,
    // A for…of over a literal of two elements is a sequence, not a loop (spec 0.1, literal lists)
    `import net from 'node:net';
const upstream = net.connect(7000);
for (const line of ['HELO example.com', 'QUIT']) {
  upstream.write(\`\${line}\\r\\n\`);
  upstream.once('drain', () => console.log('flushed', line));
}`,
    // Fresh object per pass, ES5 (self = this): self.server is re-assigned to a new server before the listener (spec 0.1)
    {
      code: `var net = require('net');
function Cluster(ports) {
  this.ports = ports;
  this.server = null;
}
Cluster.prototype.start = function () {
  var self = this;
  for (var i = 0; i < self.ports.length; i++) {
    self.server = net.createServer(function (socket) {
      socket.end('busy\\n');
    });
    self.server.on('error', function (err) {
      console.error(err);
    });
    self.server.listen(self.ports[i]);
  }
};
module.exports = Cluster;`,
      languageOptions: COMMONJS,
    },
    // Fresh object per pass, object literal: state.server = net.createServer() earlier in the same pass
    `import net from 'node:net';
const state = { server: null };
export function listenAll(ports) {
  for (const port of ports) {
    state.server = net.createServer((socket) => socket.end());
    state.server.on('listening', () => console.log('listening on', port));
    state.server.listen(port);
  }
}`,
    // Fresh object per pass, re-assigned after the registration: each pass adds its one listener
    // to the server the previous pass made (the first to the one made before the loop)
    `import net from 'node:net';
const state = { server: net.createServer((socket) => socket.end()) };
export function rotate(ports) {
  for (const port of ports) {
    state.server.on('close', () => console.log('closed before', port));
    state.server.close();
    state.server = net.createServer((socket) => socket.end());
    state.server.listen(port);
  }
}`,
    // The same, ES5: self.server re-assigned at the end of each pass
    {
      code: `var net = require('net');
function Rotator() {
  this.server = net.createServer(function (socket) { socket.end(); });
}
Rotator.prototype.rotate = function (ports) {
  var self = this;
  for (var i = 0; i < ports.length; i++) {
    self.server.once('close', function () { console.log('closed'); });
    self.server.close();
    self.server = net.createServer(function (socket) { socket.end(); });
  }
};
module.exports = Rotator;`,
      languageOptions: COMMONJS,
    },
    // The same, class spelling: this.conn re-assigned after the registration in each pass
    `import net from 'node:net';
export class Redialer {
  conn = net.connect(7000);
  redial(times) {
    for (let i = 0; i < times; i++) {
      this.conn.once('close', () => console.log('closed', i));
      this.conn.destroy();
      this.conn = net.connect(7000);
    }
  }
}`,
    // Fresh object per pass, TypeScript class: this.conn = net.connect() earlier in the same pass
    `import net from 'node:net';
import { once } from 'node:events';
export class Pool {
  private conn: net.Socket | null = null;
  async warm(ports: number[]): Promise<void> {
    for (const port of ports) {
      this.conn = net.connect(port);
      this.conn.on('error', (err) => console.error(port, err));
      await once(this.conn, 'connect');
      this.conn.end();
    }
  }
}`,
    // A setup loop over a list of handlers, each wrapped in its own closure that calls it (webpack-dev-server's web socket proxies)
    `import http from 'node:http';
export class DevServer {
  constructor(proxies) {
    this.proxies = proxies;
    this.server = http.createServer();
  }
  setupProxies() {
    for (const getProxy of this.proxies) {
      this.server.on('upgrade', (req, socket, head) => {
        const proxy = getProxy();
        if (proxy) proxy.upgrade(req, socket, head);
      });
    }
  }
}`,
    // A file that binds \`net\` only to hand it on makes no socket or server: like a file without
    // socket sources, its loops are not this rule's business (with a socket, the same loop is reported).
    `const net = require('net');
exports.transport = net;
for (const port of ports) {
  process.on('SIGTERM', () => stop(port));
}`,
  ],
  invalid: [
    // node-semantics row 7: 'close' added in the 'data' handler.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    socket.on('close', () => console.log('closed after', chunk.length));
    socket.write(chunk);
  });
});`,
      errors: [{ messageId: 'listenerInHandler', line: 4, column: 5, endColumn: 14 }],
    },
    // A listener on a long-lived socket in a for…of loop.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
function sendAll(messages) {
  for (const msg of messages) {
    sock.write(msg);
    sock.once('error', (err) => console.error(msg, err));
  }
}`,
      errors: [{ messageId: 'listenerInLoop', line: 6, column: 5, endColumn: 14 }],
    },
    // A classic for loop.
    {
      code: `const net = require('net');
const sock = net.connect(7000);
for (let i = 0; i < 100; i++) {
  sock.on('data', (d) => console.log(i, d));
}`,
      errors: [{ messageId: 'listenerInLoop', line: 4, column: 3, endColumn: 10 }],
    },
    // while loop.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
async function poll() {
  while (true) {
    sock.once('data', (d) => console.log(d));
    await new Promise((r) => setTimeout(r, 1000));
  }
}`,
      errors: [{ messageId: 'listenerInLoop', line: 5, column: 5, endColumn: 14 }],
    },
    // do…while loop.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
let n = 0;
do {
  sock.on('end', () => n--);
  n++;
} while (n < 10);`,
      errors: [{ messageId: 'listenerInLoop', line: 5, column: 3, endColumn: 10 }],
    },
    // for…in loop.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
const table = { a: 1, b: 2 };
for (const key in table) {
  sock.on('close', () => delete table[key]);
}`,
      errors: [{ messageId: 'listenerInLoop', line: 5, column: 3, endColumn: 10 }],
    },
    // forEach callback, process outlives.
    {
      code: `import net from 'node:net';
const servers = [7001, 7002].map((port) => net.createServer(() => {}).listen(port));
servers.forEach((server) => {
  process.on('SIGTERM', () => server.close());
});`,
      errors: [{ messageId: 'listenerInLoop', line: 4, column: 3, endColumn: 13 }],
    },
    // map callback.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
const pending = process.argv.slice(2).map((id) => {
  sock.on('data', (d) => console.log(id, d));
  return id;
});`,
      errors: [{ messageId: 'listenerInLoop', line: 4, column: 3, endColumn: 10 }],
    },
    // An interval callback.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
setInterval(() => {
  sock.write('ping');
  sock.once('data', () => console.log('pong'));
}, 1000);`,
      errors: [{ messageId: 'listenerInHandler', line: 5, column: 3, endColumn: 12 }],
    },
    // A readable listener adding to process.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('readable', () => {
    process.on('exit', () => socket.destroy());
    socket.read();
  });
});`,
      errors: [{ messageId: 'listenerInHandler', line: 4, column: 5, endColumn: 15 }],
    },
    // A data handler registering on each subscriber from a module-scope set.
    {
      code: `import net from 'node:net';
const subscribers = new Set();
net.createServer((socket) => {
  subscribers.add(socket);
  socket.on('data', (chunk) => {
    for (const peer of subscribers) {
      peer.on('close', () => socket.write('left'));
      peer.write(chunk);
    }
  });
});`,
      errors: [{ messageId: 'listenerInHandler', line: 7, column: 7, endColumn: 14 }],
    },
    // Non-arrow data listener: 'this' is the socket.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', function (chunk) {
    this.once('end', () => console.log(chunk.length));
  });
});`,
      errors: [{ messageId: 'listenerInHandler', line: 4, column: 5, endColumn: 14 }],
    },
    // A long-lived client field in a listener of another repeating event (a named listener).
    {
      code: `import net from 'node:net';
class Client {
  constructor() {
    this.conn = net.connect(7000);
    this.conn.on('data', this.onData.bind(this));
  }
  onData(chunk) {
    this.conn.on('error', (err) => this.fail(err, chunk));
  }
  fail() {}
}`,
      errors: [{ messageId: 'listenerInHandler', line: 8, column: 5, endColumn: 17 }],
    },
    // A same listener function added on every pass (duplicates accumulate).
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
function onClose() {}
for (const item of process.argv.slice(2)) {
  sock.on('close', onClose);
}`,
      errors: [{ messageId: 'listenerInLoop', line: 5, column: 3, endColumn: 10 }],
    },
    // Removal of another listener does not count.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
function onA() {} function onB() {}
for (let i = 0; i < 3; i++) {
  sock.on('close', onA);
  sock.off('close', onB);
}`,
      errors: [{ messageId: 'listenerInLoop', line: 5, column: 3, endColumn: 10 }],
    },
    // A once listener not awaited in the loop.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
function pump(chunks) {
  for (const chunk of chunks) {
    if (!sock.write(chunk)) new Promise((resolve) => sock.once('drain', resolve));
  }
}`,
      errors: [{ messageId: 'listenerInLoop', line: 5, column: 54, endColumn: 63 }],
    },
    // A shared AbortSignal across passes.
    {
      code: `import net from 'node:net';
const target = new EventTarget();
const controller = new AbortController();
net.connect(7000);
for (const job of process.argv.slice(2)) {
  target.addEventListener('tick', () => console.log(job), { signal: controller.signal });
}`,
      errors: [{ messageId: 'listenerInLoop', line: 6, column: 3, endColumn: 26 }],
    },
    // A module-level emitter in a 'message' listener.
    {
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
const sock = net.connect(7000);
process.on('message', (msg) => {
  bus.on('flush', () => sock.write(msg));
});`,
      errors: [{ messageId: 'listenerInHandler', line: 6, column: 3, endColumn: 9 }],
    },
    // prependListener and addListener are registrations too.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
for (let i = 0; i < 3; i++) {
  sock.prependListener('data', () => i);
  sock.addListener('end', () => i);
}`,
      errors: [
        { messageId: 'listenerInLoop', line: 4, column: 3, endColumn: 23 },
        { messageId: 'listenerInLoop', line: 5, column: 3, endColumn: 19 },
      ],
    },
    // A TypeScript class holding a typed socket, listener added per data event.
    {
      code: `import { Socket } from 'node:net';
class Session {
  constructor(private socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.handle(chunk));
  }
  handle(chunk: Buffer): void {
    for (const byte of chunk) {
      this.socket.once('drain', () => byte);
    }
  }
}`,
      errors: [{ messageId: 'listenerInLoop', line: 8, column: 7, endColumn: 23 }],
    },
    // The drain-per-write helper of aedes 0.16 / MQTT.js 4.3, under the option.
    {
      code: `import net from 'node:net';
const stream = net.connect(1883);
function writePacket(packet, cb) {
  if (!stream.write(packet)) stream.once('drain', cb);
  else setImmediate(cb);
}`,
      options: [{ checkDrainPerWrite: true }],
      errors: [{ messageId: 'drainListenerPerWrite', line: 4, column: 30, endColumn: 41 }],
    },
    // The same shape with the result held in a const (MQTT.js 1.4).
    {
      code: `const net = require('net');
class Client {
  constructor() { this.stream = net.connect(1883); }
  _sendPacket(packet, cb) {
    const result = this.stream.write(packet);
    if (!result) {
      this.stream.once('drain', cb);
    } else {
      cb();
    }
  }
}`,
      options: [{ checkDrainPerWrite: true }],
      errors: [{ messageId: 'drainListenerPerWrite', line: 7, column: 7, endColumn: 23 }],
    },
    // The same shape inside a loop: the default report, option or not.
    {
      code: `import net from 'node:net';
const stream = net.connect(1883);
function writeAll(packets, cb) {
  for (const packet of packets) {
    if (!stream.write(packet)) stream.once('drain', cb);
  }
}`,
      errors: [{ messageId: 'listenerInLoop', line: 5, column: 32, endColumn: 43 }],
    },
    // MQTT.js 5.16 _writePacket: the socket hidden behind mqtt-packet's writeToStream, a file with no socket import.
    {
      code: `const mqttPacket = require('mqtt-packet');
class MqttClient {
  _writePacket(packet, cb) {
    const result = mqttPacket.writeToStream(packet, this.stream, this.options);
    if (!result && cb && cb !== this.noop) {
      this.stream.once('drain', cb);
    } else if (cb) {
      cb();
    }
  }
}
module.exports = MqttClient;`,
      options: [{ checkDrainPerWrite: true }],
      errors: [{ messageId: 'drainListenerPerWrite', line: 6, column: 7, endColumn: 23 }],
    },
    // aedes 0.16 lib/write.js, CommonJS, no socket import in the file.
    {
      code: `var mqtt = require('mqtt-packet');
function write(client, packet, done) {
  var error = null;
  if (client.connecting || client.connected) {
    try {
      var result = mqtt.writeToStream(packet, client.conn);
      if (!result && !client.errored && done) {
        client.conn.once('drain', done);
        return;
      }
    } catch (e) {
      error = new Error('packet received not valid');
    }
  } else {
    error = new Error('connection closed');
  }
  setImmediate(done, error, client);
}
module.exports = write;`,
      options: [{ checkDrainPerWrite: true }],
      errors: [{ messageId: 'drainListenerPerWrite', line: 8, column: 9, endColumn: 25 }],
    },
    // The same helper with the event in a template literal.
    {
      code: `const mqttPacket = require('mqtt-packet');
exports.send = function (stream, packet, cb) {
  if (!mqttPacket.writeToStream(packet, stream)) stream.once(\`drain\`, cb);
  else cb();
};`,
      options: [{ checkDrainPerWrite: true }],
      errors: [{ messageId: 'drainListenerPerWrite', line: 3, column: 50, endColumn: 61 }],
    },
    // The same helper in a file that binds \`net\` and hands it on but makes no socket: the analysis finds
    // none, so the rule does what it does in a file without socket sources, and that includes this check.
    {
      code: `const net = require('net');
exports.transport = net;
exports.send = function (stream, packet, cb) {
  if (!stream.write(packet)) stream.once('drain', cb);
  else cb();
};`,
      options: [{ checkDrainPerWrite: true }],
      errors: [{ messageId: 'drainListenerPerWrite', line: 4, column: 30, endColumn: 41 }],
    },
    // The same helper, the method computed and the event on the next line (the text prefilter's other spellings).
    {
      code: `const mqttPacket = require('mqtt-packet');
exports.send = function (stream, packet, cb) {
  if (!mqttPacket.writeToStream(packet, stream)) {
    stream['once'](
      "drain", cb);
  } else cb();
};`,
      options: [{ checkDrainPerWrite: true }],
      errors: [{ messageId: 'drainListenerPerWrite', line: 4, column: 5, endColumn: 19 }],
    },
    // A branch that does not change the state it tests runs on every event.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk[0] === 0x01) {
      socket.once('end', () => console.log('bye'));
    }
  });
});`,
      errors: [{ messageId: 'listenerInHandler', line: 5, column: 7, endColumn: 18 }],
    },
    // ws (g1): a 'close' listener added to the WebSocket on every 'message'
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', (data) => {
    ws.on('close', () => console.log('closed after', String(data)));
  });
});`,
      errors: [
        { messageId: 'listenerInHandler', line: 6, column: 5, endColumn: 10 },
      ],
    },
    // ws, CommonJS (g2): a 'message' listener added inside the 'message' listener
    {
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', function (ws) {
  ws.on('error', console.error);
  ws.on('message', function () {
    ws.on('message', (reply) => ws.send(reply));
  });
});`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'listenerInHandler', line: 6, column: 5, endColumn: 10 },
      ],
    },
    // ws client, TypeScript: a once('pong') per message, not awaited
    {
      code: `import WebSocket from 'ws';
const ws = new WebSocket('wss://example.com/feed');
ws.on('error', console.error);
ws.on('message', (data: WebSocket.RawData) => {
  ws.ping();
  ws.once('pong', () => console.log('pong after', data.toString()));
});`,
      errors: [
        { messageId: 'listenerInHandler', line: 6, column: 3, endColumn: 10 },
      ],
    },
    // ws: a handleUpgrade connection, addEventListener in its 'message' listener
    {
      code: `import http from 'node:http';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
http.createServer().on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => ws.terminate());
    ws.addEventListener('message', () => {
      ws.addEventListener('close', () => console.log('closed'));
    });
  });
});`,
      errors: [
        { messageId: 'listenerInHandler', line: 8, column: 7, endColumn: 26 },
      ],
    },
    // Not fresh: re-assigned after the registration, but to the same server every pass
    {
      code: `import net from 'node:net';
const shared = net.createServer((socket) => socket.end());
const state = { server: shared };
export function listenAll(ports) {
  for (const port of ports) {
    state.server.on('listening', () => console.log('listening on', port));
    state.server = shared;
  }
}`,
      errors: [
        { messageId: 'listenerInLoop', line: 6, column: 5, endColumn: 20 },
      ],
    },
    // Not fresh: the object-literal field holds one server for every pass
    {
      code: `import net from 'node:net';
const state = { server: net.createServer((socket) => socket.end()) };
export function listenAll(ports) {
  for (const port of ports) {
    state.server.on('listening', () => console.log('listening on', port));
  }
}`,
      errors: [
        { messageId: 'listenerInLoop', line: 5, column: 5, endColumn: 20 },
      ],
    },
    // Not fresh, ES5: self.server made once in the constructor, a listener per pass
    {
      code: `var net = require('net');
function Cluster(ports) {
  this.ports = ports;
  this.server = net.createServer(function (socket) {
    socket.end('busy\\n');
  });
}
Cluster.prototype.start = function () {
  var self = this;
  for (var i = 0; i < self.ports.length; i++) {
    self.server.on('error', function (err) {
      console.error(err);
    });
  }
};
module.exports = Cluster;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'listenerInLoop', line: 11, column: 5, endColumn: 19 },
      ],
    },
  ],
});
