import rule from '../../src/rules/require-connection-cleanup.js';
import { createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-connection-cleanup', rule, {
  valid: [
    // interval cleared on close
    `import net from 'node:net';
net.createServer((socket) => {
  const heartbeat = setInterval(() => socket.write('PING\\r\\n'), 30_000);
  socket.on('close', () => clearInterval(heartbeat));
});`,
    // cleared on both 'end' and 'error' (CommonJS)
    `const net = require('net');
net.createServer((socket) => {
  const timer = setInterval(() => socket.write('.'), 1000);
  socket.on('end', () => clearInterval(timer));
  socket.on('error', () => clearInterval(timer));
});`,
    // cleared in a named cleanup function registered on close
    `import net from 'node:net';
net.createServer((socket) => {
  const stats = setInterval(report, 5000);
  function cleanup() {
    clearInterval(stats);
  }
  socket.once('close', cleanup);
});`,
    // class per connection: the close listener calls a method that clears the field
    `import net from 'node:net';
class Connection {
  constructor(socket) {
    this.socket = socket;
    this.keepAlive = setInterval(() => this.ping(), 10_000);
    socket.on('close', () => this.dispose());
  }
  ping() { this.socket.write('ping'); }
  dispose() { clearInterval(this.keepAlive); }
}
net.createServer((socket) => new Connection(socket));`,
    // interval that clears itself once the socket is destroyed
    `import net from 'node:net';
net.createServer((socket) => {
  const t = setInterval(() => {
    if (socket.destroyed) return clearInterval(t);
    socket.write('tick');
  }, 1000);
});`,
    // self-re-arming setTimeout that stops once the socket is destroyed
    `import net from 'node:net';
net.createServer((socket) => {
  function tick() {
    if (socket.destroyed) return;
    socket.write('tick');
    setTimeout(tick, 1000);
  }
  tick();
});`,
    // one-shot setTimeout: not a repeating timer
    `import net from 'node:net';
net.createServer((socket) => {
  setTimeout(() => socket.end('bye'), 60_000);
});`,
    // Set registry with delete on close
    `import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
});`,
    // Map keyed by remotePort, deleted on close
    `import net from 'node:net';
const sessions = new Map();
net.createServer((socket) => {
  sessions.set(socket.remotePort, { socket, since: Date.now() });
  socket.on('close', () => sessions.delete(socket.remotePort));
});`,
    // array registry spliced on close (CommonJS)
    `const net = require('net');
const sockets = [];
net.createServer((socket) => {
  sockets.push(socket);
  socket.on('close', () => {
    const i = sockets.indexOf(socket);
    if (i !== -1) sockets.splice(i, 1);
  });
});`,
    // registry of data unrelated to the connection
    `import net from 'node:net';
const connectionsPerDay = new Map();
net.createServer((socket) => {
  const day = new Date().toISOString().slice(0, 10);
  connectionsPerDay.set(day, (connectionsPerDay.get(day) ?? 0) + 1);
  socket.end();
});`,
    // WeakMap keyed by the socket: entries die with it
    `import net from 'node:net';
const meta = new WeakMap();
net.createServer((socket) => {
  meta.set(socket, { since: Date.now() });
});`,
    // object registry with delete on close
    `import net from 'node:net';
const byId = {};
let next = 0;
net.createServer((socket) => {
  const id = next++;
  byId[id] = socket;
  socket.on('close', () => { delete byId[id]; });
});`,
    // process listener removed on close
    `import net from 'node:net';
net.createServer((socket) => {
  const onShutdown = () => socket.end('server shutting down\\n');
  process.on('SIGTERM', onShutdown);
  socket.on('close', () => process.off('SIGTERM', onShutdown));
});`,
    // module-level bus listener removed on close
    `import net from 'node:net';
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
net.createServer((socket) => {
  const forward = (msg) => socket.write(msg);
  bus.on('message', forward);
  socket.on('close', () => bus.removeListener('message', forward));
});`,
    // listeners on the socket itself
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (d) => socket.write(d));
  socket.on('error', () => socket.destroy());
});`,
    // listener registered with an AbortSignal aborted on close
    `import net from 'node:net';
import { on } from 'node:events';
net.createServer((socket) => {
  const ac = new AbortController();
  process.on('SIGTERM', () => socket.end(), { signal: ac.signal });
  socket.on('close', () => ac.abort());
});`,
    // events.once on the socket
    `import net from 'node:net';
import { once } from 'node:events';
net.createServer(async (socket) => {
  await once(socket, 'end');
});`,
    // interval at module scope: one per process, not per connection
    `import net from 'node:net';
const clients = new Set();
setInterval(() => { for (const c of clients) c.write('tick'); }, 1000);
net.createServer((socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
});`,
    // TypeScript handler module: annotated socket is not a connection listener
    `import type { Socket } from 'node:net';
const all = new Set<Socket>();
export function track(socket: Socket) {
  all.add(socket);
  setInterval(() => socket.write('x'), 1000);
}`,
    // stream.finished(socket, cb) clears the interval
    `import net from 'node:net';
import { finished } from 'node:stream';
net.createServer((socket) => {
  const t = setInterval(() => socket.write('.'), 1000);
  finished(socket, () => clearInterval(t));
});`,
    // http 'upgrade' socket: interval cleared on close
    `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  const ping = setInterval(() => socket.write('p'), 1000);
  socket.on('close', () => clearInterval(ping));
});`,
    // timer kept on the socket object, cleared by a helper given the socket
    `import net from 'node:net';
net.createServer((socket) => {
  socket.pingTimer = setInterval(() => socket.write('p'), 1000);
  socket.on('close', () => stop(socket));
});
function stop(s) { clearInterval(s.pingTimer); }`,
    // TypeScript: class per connection clears its interval on close
    `import net, { type Socket } from 'node:net';
class Session {
  private timer: NodeJS.Timeout;
  constructor(private socket: Socket) {
    this.timer = setInterval(() => this.socket.write('ka'), 15_000);
    socket.on('close', () => clearInterval(this.timer));
  }
}
net.createServer((socket: Socket) => { new Session(socket); });`,
    // registry pruned on close through a named handler (CommonJS)
    `const net = require('node:net');
const conns = new Set();
function onClose() { conns.delete(this); }
net.createServer((socket) => {
  conns.add(socket);
  socket.on('close', onClose);
});`,
    // process.once listener removed on close
    `import net from 'node:net';
const server = net.createServer((socket) => {
  const stop = () => socket.destroy();
  process.once('SIGINT', stop);
  socket.once('close', () => process.removeListener('SIGINT', stop));
});`,
    // an imported bus is not known to be long-lived without the option
    `import net from 'node:net';
import { bus } from './bus.js';
net.createServer((socket) => {
  bus.on('message', (m) => socket.write(m));
});`,
    // process listener added in a socket's data listener: no-listener-in-loop's case, not this rule's
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', () => {
    process.once('beforeExit', () => socket.end());
  });
  socket.on('close', () => {});
});`,
  ],
  invalid: [
    // interval never cleared
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  const heartbeat = setInterval(() => socket.write('PING\\r\\n'), 30_000);
  socket.on('data', (d) => socket.write(d));
});`,
      errors: [
        { messageId: 'intervalNotCleared', line: 3, column: 21, endColumn: 72 },
      ],
    },
    // interval handle discarded (CommonJS)
    {
      code: `const net = require('net');
net.createServer((socket) => {
  setInterval(() => socket.write(new Date().toISOString() + '\\n'), 1000);
});`,
      errors: [
        { messageId: 'intervalNotCleared', line: 3, column: 3, endColumn: 73 },
      ],
    },
    // interval cleared only on 'end'
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  const timer = setInterval(() => socket.write('.'), 1000);
  socket.on('end', () => clearInterval(timer));
});`,
      errors: [
        { messageId: 'intervalClearedOnlyOnEnd', line: 3, column: 17, endColumn: 59 },
      ],
    },
    // self-re-arming setTimeout that never stops
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  let timer;
  const poll = () => {
    socket.write('status?');
    timer = setTimeout(poll, 5000);
  };
  poll();
});`,
      errors: [
        { messageId: 'intervalNotCleared', line: 6, column: 13, endColumn: 35 },
      ],
    },
    // Set registry never pruned
    {
      code: `import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on('data', (d) => { for (const c of clients) if (c !== socket) c.write(d); });
});`,
      errors: [
        { messageId: 'registryNeverPruned', line: 4, column: 3, endColumn: 22 },
      ],
    },
    // Map keyed by a string taken from the socket, never deleted (CommonJS)
    {
      code: `const net = require('node:net');
const sessions = new Map();
net.createServer((socket) => {
  const key = \`\${socket.remoteAddress}:\${socket.remotePort}\`;
  sessions.set(key, { connectedAt: Date.now() });
});`,
      errors: [
        { messageId: 'registryNeverPruned', line: 5, column: 3, endColumn: 49 },
      ],
    },
    // array registry of objects holding the socket
    {
      code: `import net from 'node:net';
const peers = [];
net.createServer((socket) => {
  peers.push({ socket, name: null });
});`,
      errors: [
        { messageId: 'registryNeverPruned', line: 4, column: 3, endColumn: 37 },
      ],
    },
    // process listener added per connection
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  process.on('SIGTERM', () => socket.end('bye\\n'));
});`,
      errors: [
        { messageId: 'listenerNotRemoved', line: 3, column: 3, endColumn: 51 },
      ],
    },
    // server listener added per connection
    {
      code: `import net from 'node:net';
const server = net.createServer();
server.on('connection', (socket) => {
  server.on('close', () => socket.destroy());
});
server.listen(0);`,
      errors: [
        { messageId: 'listenerNotRemoved', line: 4, column: 3, endColumn: 45 },
      ],
    },
    // module-level EventEmitter listener never removed
    {
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
net.createServer((socket) => {
  bus.on('message', (msg) => socket.write(msg));
});`,
      errors: [
        { messageId: 'listenerNotRemoved', line: 5, column: 3, endColumn: 48 },
      ],
    },
    // named listener on a module bus with only an empty 'end' listener
    {
      code: `import net from 'node:net';
import EventEmitter from 'node:events';
const hub = new EventEmitter();
net.createServer((socket) => {
  const onMsg = (m) => socket.write(m);
  hub.on('msg', onMsg);
  socket.on('end', () => {});
});`,
      errors: [
        { messageId: 'listenerNotRemoved', line: 6, column: 3, endColumn: 23 },
      ],
    },
    // TypeScript: class per connection starts an interval in its constructor
    {
      code: `import net, { type Socket } from 'node:net';
class Session {
  private timer: NodeJS.Timeout;
  constructor(private socket: Socket) {
    this.timer = setInterval(() => this.socket.write('ka'), 15_000);
  }
}
net.createServer((socket: Socket) => { new Session(socket); });`,
      errors: [
        { messageId: 'intervalNotCleared', line: 5, column: 18, endColumn: 68 },
      ],
    },
    // helper starts the interval for the connection
    {
      code: `import net from 'node:net';
function startHeartbeat(conn) {
  return setInterval(() => conn.write('hb'), 1000);
}
net.createServer((socket) => {
  const hb = startHeartbeat(socket);
  socket.on('data', () => {});
});`,
      errors: [
        { messageId: 'intervalNotCleared', line: 3, column: 10, endColumn: 51 },
      ],
    },
    // tls server, object registry keyed by remoteAddress
    {
      code: `import tls from 'node:tls';
const online = {};
tls.createServer({}, (socket) => {
  online[socket.remoteAddress] = socket;
});`,
      errors: [
        { messageId: 'registryNeverPruned', line: 4, column: 3, endColumn: 40 },
      ],
    },
    // process listener removed only on 'data' (not the close path)
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  const onExit = () => socket.end();
  process.on('beforeExit', onExit);
  socket.on('data', () => process.off('beforeExit', onExit));
});`,
      errors: [
        { messageId: 'listenerNotRemoved', line: 4, column: 3, endColumn: 35 },
      ],
    },
    // registry field of a module-level object... array with only additions; two connection listeners
    {
      code: `import net from 'node:net';
const clients = [];
const server = net.createServer();
server.on('connection', (socket) => clients.push(socket));
server.on('connection', (socket) => socket.setTimeout(1000));`,
      errors: [
        { messageId: 'registryNeverPruned', line: 4, column: 37, endColumn: 57 },
      ],
    },
    // longLivedEmitters: an imported bus
    {
      code: `import net from 'node:net';
import { bus } from './bus.js';
import { app } from './app.js';
net.createServer((socket) => {
  bus.on('message', (m) => socket.write(m));
  app.events.once('shutdown', () => socket.end());
});`,
      options: [{"longLivedEmitters":["bus","app.events"]}],
      errors: [
        { messageId: 'listenerNotRemoved', line: 5, column: 3, endColumn: 44 },
        { messageId: 'listenerNotRemoved', line: 6, column: 3, endColumn: 50 },
      ],
    },
    // a fixed list of signals registered per connection: one report per registration
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  ['SIGINT', 'SIGTERM'].forEach((signal) => process.once(signal, () => socket.destroy()));
});`,
      errors: [
        { messageId: 'listenerNotRemoved', line: 3, column: 45, endColumn: 89 },
      ],
    },
    // CommonJS: interval kept on the socket, cleared only on 'end' by a helper
    {
      code: `const net = require('node:net');
function stop(s) { clearInterval(s.pingTimer); }
net.createServer((socket) => {
  socket.pingTimer = setInterval(() => socket.write('p'), 1000);
  socket.on('end', () => stop(socket));
});`,
      errors: [
        { messageId: 'intervalClearedOnlyOnEnd', line: 4, column: 22, endColumn: 64 },
      ],
    },
  ],
});
