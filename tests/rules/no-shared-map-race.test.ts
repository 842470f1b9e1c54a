import rule from '../../src/rules/no-shared-map-race.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-shared-map-race', rule, {
  valid: [
    // Read and write in one synchronous segment: atomic in JavaScript.
    `import net from 'node:net';
const clients = new Map();
net.createServer(async (socket) => {
  const id = await readId(socket);
  if (clients.has(id)) return socket.end('DUPLICATE\\n');
  clients.set(id, socket);
  socket.write('OK\\n');
});`,
    // The fix of node-semantics row 9: the key is reserved synchronously before the await.
    `import net from 'node:net';
const clients = new Map();
net.createServer(async (socket) => {
  const id = 'x';
  if (clients.has(id)) return socket.end('DUPLICATE\\n');
  clients.set(id, null);
  const session = await authenticate(id);
  clients.set(id, session);
});`,
    // Synchronous reservation in a busy set, released in finally.
    `const net = require('net');
const busy = new Set();
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    const key = chunk.toString();
    if (busy.has(key)) return;
    busy.add(key);
    try {
      await processJob(key);
    } finally {
      busy.delete(key);
    }
  });
});`,
    // Two-container reservation: the pending set is checked by the same test.
    `import net from 'node:net';
const sessions = new Map();
const pending = new Set();
net.createServer(async (socket) => {
  const user = socket.remoteAddress;
  if (sessions.has(user) || pending.has(user)) return socket.destroy();
  pending.add(user);
  const session = await openSession(user);
  sessions.set(user, session);
  pending.delete(user);
});`,
    // Re-validation: the entry is read again after the await.
    `import net from 'node:net';
const clients = new Map();
net.createServer(async (socket) => {
  const id = socket.remotePort;
  if (clients.has(id)) return;
  const profile = await loadProfile(id);
  if (clients.has(id)) return socket.end();
  clients.set(id, { socket, profile });
});`,
    // Lock callback (async-mutex runExclusive).
    `import net from 'node:net';
import { Mutex } from 'async-mutex';
const mutex = new Mutex();
const clients = new Map();
net.createServer(async (socket) => {
  const id = socket.remotePort;
  await mutex.runExclusive(async () => {
    if (clients.has(id)) return;
    await handshake(socket);
    clients.set(id, socket);
  });
});`,
    // await acquire() ... release().
    `import net from 'node:net';
const clients = new Map();
net.createServer(async (socket) => {
  const id = socket.remotePort;
  const release = await mutex.acquire();
  try {
    if (clients.has(id)) return;
    await handshake(socket);
    clients.set(id, socket);
  } finally {
    release();
  }
});`,
    // Web Locks API.
    `import net from 'node:net';
const counters = new Map();
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    await navigator.locks.request('counters', async () => {
      const n = counters.get('hits') ?? 0;
      await persist(n);
      counters.set('hits', n + 1);
    });
  });
});`,
    // Configured lock function.
    {
      code: `import net from 'node:net';
const counters = new Map();
net.createServer((socket) => {
  socket.on('data', async () => {
    await serialize(async () => {
      const n = counters.get('hits') ?? 0;
      await persist(n);
      counters.set('hits', n + 1);
    });
  });
});`,
      options: [{ lockFunctions: ['serialize'] }],
    },
    // Per-connection container created in the connection listener.
    `import net from 'node:net';
net.createServer((socket) => {
  const pending = new Map();
  socket.on('data', async (chunk) => {
    const id = chunk.readUInt32BE(0);
    if (pending.has(id)) return;
    const result = await compute(chunk);
    pending.set(id, result);
  });
});`,
    // A client class owning one socket: its map is per-connection state.
    `import net from 'node:net';
class KvClient {
  pending = new Map();
  constructor(port) {
    this.socket = net.connect(port);
    this.socket.on('data', (d) => this.onData(d));
  }
  async request(id, cmd) {
    if (this.pending.has(id)) throw new Error('busy');
    await this.ready;
    this.pending.set(id, cmd);
    this.socket.write(cmd);
  }
  onData(d) {}
}`,
    // Unconditional write of a constant after the await: depends on no stale read.
    `import net from 'node:net';
const stats = new Map();
net.createServer(async (socket) => {
  const seen = stats.get('connections');
  log(seen);
  await greet(socket);
  stats.set('lastGreeting', true);
});`,
    // Freshly computed value, unconditional: no stale read involved.
    `import net from 'node:net';
const lastSeen = new Map();
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    console.log('known', lastSeen.has(socket.remoteAddress));
    await store(chunk);
    lastSeen.set(socket.remoteAddress, Date.now());
  });
});`,
    // A flag only ever set to true, unconditionally.
    `import net from 'node:net';
const flags = {};
net.createServer(async (socket) => {
  console.log(flags[socket.remoteAddress]);
  await warmUp();
  flags[socket.remoteAddress] = true;
});`,
    // The close listener is its own run: no boundary inside one run.
    `import net from 'node:net';
const clients = new Map();
net.createServer((socket) => {
  const id = socket.remotePort;
  clients.set(id, socket);
  socket.on('close', () => {
    if (clients.get(id) === socket) clients.delete(id);
  });
});`,
    // Closure created after the await is its own run, checked within itself.
    `import net from 'node:net';
const rooms = new Map();
net.createServer(async (socket) => {
  const room = rooms.get('lobby');
  await join(socket, room);
  socket.on('end', () => {
    const members = rooms.get('lobby');
    if (members) rooms.set('lobby', members.filter((s) => s !== socket));
  });
});`,
    // Objects owned by one call (a result built per call), not a shared container.
    `import net from 'node:net';
net.createServer(async (socket) => {
  const result = {};
  const cache = new Map();
  if (!cache.has('a')) {
    await load();
    cache.set('a', 1);
  }
  result[socket.remotePort] = await fetchIt();
});`,
    // Module map written outside any handler (startup code).
    `import net from 'node:net';
const routes = new Map();
async function loadRoutes() {
  if (routes.size > 0) return;
  const list = await readConfig();
  for (const r of list) routes.set(r.name, r);
}
net.createServer((socket) => socket.end()).listen(0);`,
    // Write and read on exclusive branches.
    `import net from 'node:net';
const clients = new Map();
net.createServer(async (socket) => {
  const id = socket.remotePort;
  if (id > 1000) {
    const old = clients.get(id);
    old?.destroy();
  } else {
    await wait(10);
    clients.set(id, socket);
  }
});`,
    // The read happens after the last await.
    `import net from 'node:net';
const counters = new Map();
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    await save(chunk);
    const n = counters.get(socket.remoteAddress) ?? 0;
    counters.set(socket.remoteAddress, n + 1);
  });
});`,
    // An awaited loop with a synchronous read-modify-write per iteration.
    `import net from 'node:net';
const totals = new Map();
net.createServer(async (socket) => {
  for (const item of await readItems(socket)) {
    await store(item);
    totals.set(item.kind, (totals.get(item.kind) ?? 0) + 1);
  }
});`,
    // Map mutated via a value object, not the map itself.
    `import net from 'node:net';
const rooms = new Map();
net.createServer(async (socket) => {
  const room = rooms.get('lobby');
  await wait(1);
  room.members.push(socket);
});`,
    // Not a socket module file.
    `const cache = new Map();
export async function get(k) {
  if (cache.has(k)) return cache.get(k);
  const v = await fetchIt(k);
  cache.set(k, v);
  return v;
}`,
    // TypeScript: synchronous registration with an annotated socket.
    {
      code: `import type { Socket } from 'node:net';
const sockets = new Set<Socket>();
export async function track(socket: Socket): Promise<void> {
  if (sockets.has(socket)) return;
  sockets.add(socket);
  await socket.once?.('close', () => {});
}`,
    },
    // Registry whose entry is removed in a timer callback, not depending on the read.
    `import net from 'node:net';
const banned = {};
net.createServer((socket) => {
  const ip = socket.remoteAddress;
  if (ip in banned) return socket.destroy();
  banned[ip] = true;
  setTimeout(() => { delete banned[ip]; }, 60_000);
});`,
    // A client's single reader loop (not a handler): one step at a time.
    `import net from 'node:net';
const pending = new Map();
const socket = net.connect(6379);
async function readLoop() {
  for await (const frame of frames(socket)) {
    const callback = pending.get(frame.id);
    await callback(frame);
    pending.delete(frame.id);
  }
}
readLoop();`,
    // A per-connection object created for each socket: its map is not shared.
    `import net from 'node:net';
class Connection {
  constructor(socket) {
    this.socket = socket;
    this.inflight = new Map();
    socket.on('data', (d) => this.onData(d));
  }
  async onData(d) {
    const id = d.readUInt32BE(0);
    if (this.inflight.has(id)) return;
    const result = await run(d);
    this.inflight.set(id, result);
  }
}
net.createServer((socket) => new Connection(socket)).listen(0);`,
    // A state machine on a local variable, with a sync registry update in each state.
    `import net from 'node:net';
const online = new Set();
net.createServer(async (socket) => {
  let state = 'greeting';
  for await (const line of lines(socket)) {
    switch (state) {
      case 'greeting':
        if (online.has(line)) { socket.end('busy'); return; }
        online.add(line);
        state = 'ready';
        break;
      default:
        await handle(line);
    }
  }
});`,
    // ws (i1, the fix): the name is reserved in the segment of the check
    `import { WebSocketServer } from 'ws';
const users = new Map();
const pending = new Set();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    const name = String(data);
    if (users.has(name) || pending.has(name)) return ws.send('TAKEN');
    pending.add(name);
    try {
      await lookup(name);
      users.set(name, ws);
      ws.send('OK');
    } finally {
      pending.delete(name);
    }
  });
});
async function lookup(name) {
  return name;
}`,
    // ws, CommonJS: check and write in one segment of the async 'message' listener, the await after them
    {
      code: `const WebSocket = require('ws');
const rooms = {};
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    const { room } = JSON.parse(data);
    if (!rooms[room]) rooms[room] = new Set();
    rooms[room].add(ws);
    await audit(room);
  });
});
async function audit(room) {
  return room;
}`,
      languageOptions: COMMONJS,
    },
    // ws, TypeScript: the entry is read again after the await (re-validation)
    `import { WebSocketServer, type WebSocket } from 'ws';
const sessions = new Map<string, WebSocket>();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    const id = String(data);
    if (sessions.has(id)) return;
    const token = await authenticate(id);
    if (sessions.has(id)) return;
    sessions.set(id, ws);
    ws.send(token);
  });
});
async function authenticate(id: string): Promise<string> {
  return id;
}`,
    // ws: a map made per connection is not shared
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const subscriptions = new Map();
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    const topic = String(data);
    if (subscriptions.has(topic)) return;
    const feed = await subscribe(topic);
    subscriptions.set(topic, feed);
  });
});
async function subscribe(topic) {
  return { topic };
}`,
  ],
  invalid: [
    // node-semantics row 9: has(id), await, set(id).
    {
      code: `import net from 'node:net';
const clients = new Map();
net.createServer(async (socket) => {
  const id = await readId(socket);
  if (clients.has(id)) return socket.end('DUPLICATE');
  await authenticate(id);
  clients.set(id, socket);
});`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 3, endColumn: 26, data: { container: 'clients', readLine: '5', boundaryLine: '6' } }],
    },
    // Lost update on a counter across an await in a data handler.
    {
      code: `const net = require('node:net');
const counters = new Map();
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    const n = counters.get(socket.remoteAddress) ?? 0;
    await save(chunk);
    counters.set(socket.remoteAddress, n + 1);
  });
});`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 5, endColumn: 46, data: { container: 'counters', readLine: '5', boundaryLine: '6' } }],
    },
    // Inside the if block guarded by a has().
    {
      code: `import net from 'node:net';
const users = new Set();
net.createServer(async (socket) => {
  const name = 'a';
  if (!users.has(name)) {
    await sendWelcome(socket);
    users.add(name);
  }
});`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 5, endColumn: 20 }],
    },
    // Plain-object registry.
    {
      code: `import net from 'node:net';
const registry = Object.create(null);
net.createServer(async (socket) => {
  const id = socket.remotePort;
  if (registry[id]) return socket.destroy();
  const info = await identify(socket);
  registry[id] = info;
});`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 3, endColumn: 22 }],
    },
    // The `in` operator as the check; continuation via .then.
    {
      code: `import net from 'node:net';
const registry = {};
net.createServer((socket) => {
  const id = socket.remotePort;
  if (id in registry) return;
  identify(socket).then((info) => {
    registry[id] = info;
  });
});`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 5, endColumn: 24, data: { container: 'registry', readLine: '5', boundaryLine: '6' } }],
    },
    // delete after a stale get (removing someone else's entry).
    {
      code: `import net from 'node:net';
const sessions = new Map();
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    const session = sessions.get('s');
    await flush(session);
    if (session.expired) sessions.delete('s');
  });
});`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 26, endColumn: 46 }],
    },
    // A server class: this.clients shared by every connection.
    {
      code: `import net from 'node:net';
class ChatServer {
  clients = new Map();
  constructor() {
    this.server = net.createServer((socket) => this.onConnection(socket));
  }
  async onConnection(socket) {
    const nick = await readNick(socket);
    if (this.clients.has(nick)) return socket.end();
    await greet(socket);
    this.clients.set(nick, socket);
  }
}`,
      errors: [{ messageId: 'staleWrite', line: 11, column: 5, endColumn: 35, data: { container: 'this.clients', readLine: '9', boundaryLine: '10' } }],
    },
    // Size check (capacity) then add after an await.
    {
      code: `import net from 'node:net';
const active = new Set();
net.createServer(async (socket) => {
  if (active.size >= 100) return socket.destroy();
  await handshake(socket);
  active.add(socket);
});`,
      errors: [{ messageId: 'staleWrite', line: 6, column: 3, endColumn: 21 }],
    },
    // Value derived from the stale read.
    {
      code: `import net from 'node:net';
const balances = new Map();
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    const balance = balances.get('acct');
    const next = balance - Number(chunk);
    await audit(next);
    balances.set('acct', next);
  });
});`,
      errors: [{ messageId: 'staleWrite', line: 8, column: 5, endColumn: 31, data: { container: 'balances', readLine: '5', boundaryLine: '7' } }],
    },
    // TypeScript: annotated socket passed to a helper called from the handler.
    {
      code: `import net from 'node:net';
import type { Socket } from 'node:net';
const clients = new Map<string, Socket>();
async function register(id: string, socket: Socket): Promise<boolean> {
  if (clients.has(id)) return false;
  await new Promise((r) => setTimeout(r, 20));
  clients.set(id, socket);
  return true;
}
net.createServer((socket) => {
  socket.once('data', (d) => register(String(d), socket));
});`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 3, endColumn: 26 }],
    },
    // Lock acquired, then released before the write.
    {
      code: `import net from 'node:net';
const clients = new Map();
net.createServer(async (socket) => {
  const id = socket.remotePort;
  const release = await mutex.acquire();
  const taken = clients.has(id);
  release();
  if (taken) return;
  await wait(5);
  clients.set(id, socket);
});`,
      errors: [{ messageId: 'staleWrite', line: 10, column: 3, endColumn: 26 }],
    },
    // Re-check of another container does not re-validate this one.
    {
      code: `import net from 'node:net';
const a = new Map();
const b = new Map();
net.createServer(async (socket) => {
  const id = socket.remotePort;
  if (a.has(id)) return;
  await wait(5);
  if (b.has(id)) return;
  a.set(id, socket);
});`,
      errors: [{ messageId: 'staleWrite', line: 9, column: 3, endColumn: 20 }],
    },
    // Iteration then delete after an await inside the loop.
    {
      code: `import net from 'node:net';
const clients = new Map();
net.createServer((socket) => {
  socket.on('data', async () => {
    for (const [id, peer] of clients) {
      const alive = await ping(peer);
      if (!alive) clients.delete(id);
    }
  });
});`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 19, endColumn: 37 }],
    },
    // setTimeout continuation.
    {
      code: `import net from 'node:net';
const names = new Set();
net.createServer((socket) => {
  const name = String(socket.remotePort);
  if (names.has(name)) return;
  setTimeout(() => {
    names.add(name);
  }, 10);
});`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 5, endColumn: 20 }],
    },
    // await inside the written value.
    {
      code: `import net from 'node:net';
const totals = new Map();
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    totals.set('bytes', (totals.get('bytes') ?? 0) + await measure(chunk));
  });
});`,
      errors: [{ messageId: 'staleWrite', line: 5, column: 5, endColumn: 75 }],
    },
    // CommonJS registry object: delete after a stale read.
    {
      code: `const net = require('net');
const sessions = {};
net.createServer((socket) => {
  socket.on('end', async () => {
    const session = sessions[socket.remotePort];
    await session.save();
    if (session.closed) delete sessions[socket.remotePort];
  });
});`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 25, endColumn: 59 }],
    },
    // A connection-listener method bound in the constructor; the map is filled in the constructor.
    {
      code: `import net from 'node:net';
export class Broker {
  constructor() {
    this.topics = new Map();
    this.server = net.createServer();
    this.server.on('connection', this.onConnection.bind(this));
  }
  async onConnection(socket) {
    const topic = await readTopic(socket);
    const subscribers = this.topics.get(topic) ?? [];
    await authorize(socket, topic);
    this.topics.set(topic, [...subscribers, socket]);
  }
}`,
      errors: [{ messageId: 'staleWrite', line: 12, column: 5, endColumn: 53, data: { container: 'this.topics', readLine: '10', boundaryLine: '11' } }],
    },
    // TypeScript server class with a typed private field.
    {
      code: `import { createServer, type Server, type Socket } from 'node:net';
export class Hub {
  private readonly peers = new Map<string, Socket>();
  private readonly server: Server = createServer((socket: Socket) => void this.accept(socket));
  private async accept(socket: Socket): Promise<void> {
    const name = await this.readName(socket);
    if (this.peers.has(name)) { socket.destroy(); return; }
    await this.announce(name);
    this.peers.set(name, socket);
  }
}`,
      errors: [{ messageId: 'staleWrite', line: 9, column: 5, endColumn: 33, data: { container: 'this.peers', readLine: '7', boundaryLine: '8' } }],
    },
    // CommonJS destructured require.
    {
      code: `const { createServer } = require('node:net');
const seen = new WeakSet();
createServer(async (socket) => {
  const token = await readToken(socket);
  if (seen.has(token)) return socket.end();
  await verify(token);
  seen.add(token);
}).listen(0);`,
      errors: [{ messageId: 'staleWrite', line: 7, column: 3, endColumn: 18, data: { container: 'seen', readLine: '5', boundaryLine: '6' } }],
    },
    // ws (i1): has() before the await, set() after it, in an async 'message' listener
    {
      code: `import { WebSocketServer } from 'ws';
const users = new Map();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    const name = String(data);
    if (users.has(name)) return ws.send('TAKEN');
    await lookup(name);
    users.set(name, ws);
    ws.send('OK');
  });
});
async function lookup(name) {
  return name;
}`,
      errors: [
        { messageId: 'staleWrite', line: 10, column: 5, endColumn: 24 },
      ],
    },
    // ws, CommonJS: a plain-object registry read before the await decides the write after it
    {
      code: `const WebSocket = require('ws');
const rooms = {};
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', function (ws) {
  ws.on('error', console.error);
  ws.on('message', async function (data) {
    const room = String(data);
    const members = rooms[room] || [];
    const allowed = await checkAccess(room);
    if (allowed) rooms[room] = members.concat([this]);
  });
});
async function checkAccess(room) {
  return room !== 'admin';
}`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'staleWrite', line: 10, column: 18, endColumn: 54 },
      ],
    },
    // ws, TypeScript: a Map field of the class that creates the WebSocketServer is shared by every connection
    {
      code: `import { WebSocketServer, type WebSocket } from 'ws';
export class ChatServer {
  private readonly counts = new Map<string, number>();
  private readonly wss: WebSocketServer;
  constructor(port: number) {
    this.wss = new WebSocketServer({ port });
    this.wss.on('connection', (ws: WebSocket) => {
      ws.on('error', console.error);
      ws.on('message', async (data) => {
        const room = String(data);
        const count = this.counts.get(room) ?? 0;
        await this.persist(room);
        this.counts.set(room, count + 1);
      });
    });
  }
  private async persist(room: string): Promise<void> {
    console.log(room);
  }
}`,
      errors: [
        { messageId: 'staleWrite', line: 13, column: 9, endColumn: 41 },
      ],
    },
    // ws: a handleUpgrade connection's async 'message' listener
    {
      code: `import http from 'node:http';
import { WebSocketServer } from 'ws';
const byUser = new Map();
const wss = new WebSocketServer({ noServer: true });
http.createServer().on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => ws.terminate());
    ws.on('message', async (data) => {
      const user = String(data);
      if (!byUser.has(user)) {
        const profile = await load(user);
        byUser.set(user, { ws, profile });
      }
    });
  });
});
async function load(user) {
  return { user };
}`,
      errors: [
        { messageId: 'staleWrite', line: 13, column: 9, endColumn: 42 },
      ],
    },
  ],
});
