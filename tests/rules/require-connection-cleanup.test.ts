import rule from '../../src/rules/require-connection-cleanup.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

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
    // ws (spec 8.2, ws-semantics f1): a per-connection interval cleared on the WebSocket's 'close'
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const ticker = setInterval(() => ws.send('tick'), 1000);
  ws.on('close', () => clearInterval(ticker));
});`,
    // ws, CommonJS: wss.clients cleans itself (f3), and the one heartbeat interval over it is module-scope, cleared when the server closes
    {
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', (ws) => {
  ws.isAlive = true;
  ws.on('error', console.error);
  ws.on('pong', () => { ws.isAlive = true; });
  ws.on('message', (data) => {
    wss.clients.forEach((client) => {
      if (client !== ws && client.readyState === WebSocket.OPEN) client.send(data);
    });
  });
});
const interval = setInterval(() => {
  wss.clients.forEach((ws) => {
    if (ws.isAlive === false) return ws.terminate();
    ws.isAlive = false;
    ws.ping();
  });
}, 30_000);
wss.on('close', () => clearInterval(interval));`,
      languageOptions: COMMONJS,
    },
    // ws, TypeScript: the entry of a module-scope registry removed and the interval cleared in ws.onclose
    `import { WebSocketServer, type WebSocket } from 'ws';
const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws: WebSocket, req) => {
  ws.on('error', console.error);
  const room = req.url ?? '/';
  if (!rooms.has(room)) rooms.set(room, new Set());
  rooms.get(room)!.add(ws);
  const keepAlive: NodeJS.Timeout = setInterval(() => ws.ping(), 30_000);
  ws.onclose = () => {
    clearInterval(keepAlive);
    rooms.get(room)?.delete(ws);
  };
});`,
    // ws: a handleUpgrade connection inside an 'upgrade' listener is its own scope, cleared on its own 'close' (addEventListener)
    `import http from 'node:http';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => ws.terminate());
    const ping = setInterval(() => ws.ping(), 30_000);
    ws.addEventListener('close', () => clearInterval(ping));
  });
});`,
    // ws: the underlying socket's 'close' (req.socket, the same connection: ws-semantics c9) clears it too
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  const stats = setInterval(() => ws.send(JSON.stringify(process.memoryUsage())), 5000);
  req.socket.once('close', () => clearInterval(stats));
});`,
    // ES5: the object that owns the server (self = this) is long-lived; the listener is removed on close
    {
      code: `var net = require('net');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function MockServer(port) {
  var self = this;
  EventEmitter.call(this);
  this.server = net.createServer(function (c) {
    c.on('error', function () {});
    function forward(data) {
      c.write(data);
    }
    self.on('send', forward);
    c.on('close', function () {
      self.removeListener('send', forward);
    });
  });
  this.server.listen(port);
}
util.inherits(MockServer, EventEmitter);
MockServer.prototype.send = function (data) {
  this.emit('send', data);
};`,
      languageOptions: COMMONJS,
    },
    // class that owns a WebSocketServer: a per-connection listener on this, removed on close
    `import { EventEmitter } from 'node:events';
import { WebSocketServer } from 'ws';
export class Hub extends EventEmitter {
  constructor(port) {
    super();
    this.wss = new WebSocketServer({ port });
    this.wss.on('error', (err) => this.emit('error', err));
    this.wss.on('connection', (ws) => {
      ws.on('error', () => {});
      const forward = (message) => ws.send(message);
      this.on('broadcast', forward);
      ws.on('close', () => this.off('broadcast', forward));
    });
  }
}`,
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
    // ws (f1): a per-connection interval never cleared keeps firing after 'close'
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const ticker = setInterval(() => ws.send('tick'), 1000);
  ws.on('message', (data) => ws.send(data));
});`,
      errors: [
        { messageId: 'intervalNotCleared', line: 5, column: 18, endColumn: 58 },
      ],
    },
    // ws, CommonJS (f3): a module-scope Map entry added per connection and never removed
    {
      code: `const WebSocket = require('ws');
const rooms = new Map();
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', function (ws, req) {
  ws.on('error', console.error);
  rooms.set(req.url, ws);
  ws.on('message', (data) => {
    for (const peer of rooms.values()) if (peer !== ws) peer.send(data);
  });
});`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'registryNeverPruned', line: 6, column: 3, endColumn: 25 },
      ],
    },
    // ws, TypeScript: a listener on the WebSocketServer per connection, and a self-re-arming setTimeout, never released
    {
      code: `import { WebSocketServer, type WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', console.error);
  wss.on('close', () => ws.terminate());
  let poll: NodeJS.Timeout;
  const tick = (): void => {
    ws.send(JSON.stringify({ at: Date.now() }));
    poll = setTimeout(tick, 5000);
  };
  tick();
});`,
      errors: [
        { messageId: 'listenerNotRemoved', line: 5, column: 3, endColumn: 40 },
        { messageId: 'intervalNotCleared', line: 9, column: 12, endColumn: 34 },
      ],
    },
    // ws: a handleUpgrade connection's interval cleared only on one message, not on 'close'
    {
      code: `import http from 'node:http';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => ws.terminate());
    const ping = setInterval(() => ws.ping(), 30_000);
    ws.on('message', (data) => {
      if (String(data) === 'bye') clearInterval(ping);
    });
  });
});`,
      errors: [
        { messageId: 'intervalNotCleared', line: 8, column: 18, endColumn: 54 },
      ],
    },
    // ES5 (irc's MockIrcd): a listener per connection on the emitter object that owns the server (self = this), never removed
    {
      code: `var net = require('net');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function MockServer(port) {
  var self = this;
  EventEmitter.call(this);
  this.server = net.createServer(function (c) {
    c.on('error', function () {});
    self.on('send', function (data) {
      c.write(data);
    });
  });
  this.server.listen(port);
}
util.inherits(MockServer, EventEmitter);
MockServer.prototype.send = function (data) {
  this.emit('send', data);
};`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'listenerNotRemoved', line: 9, column: 5, endColumn: 7 },
      ],
    },
    // class extending EventEmitter that owns the WebSocketServer: one more 'broadcast' listener on this per connection
    {
      code: `import { EventEmitter } from 'node:events';
import { WebSocketServer } from 'ws';
export class Hub extends EventEmitter {
  constructor(port) {
    super();
    this.wss = new WebSocketServer({ port });
    this.wss.on('error', (err) => this.emit('error', err));
    this.wss.on('connection', (ws) => {
      ws.on('error', () => {});
      this.on('broadcast', (message) => ws.send(message));
    });
  }
  broadcast(message) {
    this.emit('broadcast', message);
  }
}`,
      errors: [
        { messageId: 'listenerNotRemoved', line: 10, column: 7, endColumn: 58 },
      ],
    },
  ],
});
