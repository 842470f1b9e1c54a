import rule from '../../src/rules/no-interleaved-socket-writes.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-interleaved-socket-writes', rule, {
  valid: [
    // A write followed by \`continue\` ends that iteration's message: the write after the await
    // belongs to another iteration (spec 3: writes of one iteration form one message).
    `import net from 'node:net';
const names = new Set();
async function isBanned(name) { return name === 'mallory'; }
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    for (const name of chunk.toString().trim().split(',')) {
      if (names.has(name)) {
        socket.write('ERR taken\\n');
        continue;
      }
      if (await isBanned(name)) continue;
      socket.write('OK\\n');
    }
  });
});`,
    // All parts of the message in one synchronous segment.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    const body = await handle(chunk);
    socket.write(header(body));
    socket.write(body);
  });
});`,
    // A single write per message.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    const reply = await compute(chunk);
    socket.write(reply);
  });
});`,
    // cork/uncork in one segment.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    const [head, body] = await render(chunk);
    socket.cork();
    socket.write(head);
    socket.write(body);
    socket.uncork();
  });
});`,
    // The fix of node-semantics row 6: a per-socket promise chain.
    `import net from 'node:net';
net.createServer((socket) => {
  let chain = Promise.resolve();
  socket.on('data', (chunk) => {
    chain = chain.then(async () => {
      socket.write('1');
      await delay(5);
      socket.write('2');
    });
  });
});`,
    // this.chain = this.chain.then(...).catch(...).
    `import net from 'node:net';
class Conn {
  constructor(socket) {
    this.socket = socket;
    this.chain = Promise.resolve();
    socket.on('data', (d) => {
      this.chain = this.chain.then(async () => {
        this.socket.write('a');
        await work(d);
        this.socket.write('b');
      }).catch(() => {});
    });
  }
}
net.createServer((s) => new Conn(s));`,
    // enqueue(fn) from the default queueFunctions.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => enqueue(async () => {
    socket.write('part1');
    await delay(1);
    socket.write('part2');
  }));
});`,
    // p-queue: add on an object whose name contains "queue".
    `import net from 'node:net';
import PQueue from 'p-queue';
net.createServer((socket) => {
  const writeQueue = new PQueue({ concurrency: 1 });
  socket.on('data', (chunk) => writeQueue.add(async () => {
    socket.write('a');
    await delay(1);
    socket.write('b');
  }));
});`,
    // p-limit.
    `import net from 'node:net';
import pLimit from 'p-limit';
net.createServer((socket) => {
  const limit = pLimit(1);
  socket.on('data', (chunk) => limit(async () => {
    socket.write('a');
    await delay(1);
    socket.write('b');
  }));
});`,
    // A configured queue function.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => serial(async () => {
    socket.write('a');
    await delay(1);
    socket.write('b');
  }));
});`,
      options: [{ queueFunctions: ['serial'] }],
    },
    // for await over the socket: sequential, never re-entered.
    `import net from 'node:net';
net.createServer(async (socket) => {
  setInterval(() => socket.write('ping'), 1000);
  for await (const chunk of socket) {
    socket.write('ack ');
    await store(chunk);
    socket.write('stored\\n');
  }
});`,
    // pipe / pipeline: the stream machinery writes.
    `import net from 'node:net';
import { pipeline } from 'node:stream/promises';
net.createServer(async (socket) => {
  socket.write('hello\\n');
  await pipeline(socket, transform(), socket);
});`,
    `import net from 'node:net';
net.createServer(async (socket) => {
  socket.write('hello\\n');
  await ready();
  source.pipe(socket);
});`,
    // A loop whose iterations each write one chunk after waiting for drain.
    `import net from 'node:net';
import { once } from 'node:events';
net.createServer(async (socket) => {
  for (const chunk of chunks) {
    if (!socket.write(chunk)) await once(socket, 'drain');
  }
});`,
    // Async connection listener: not re-entered for its own socket, and no other writer.
    `import net from 'node:net';
net.createServer(async (socket) => {
  socket.write('220 ready\\r\\n');
  const user = await authenticate(socket);
  socket.write('230 welcome ' + user + '\\r\\n');
});`,
    // A sync data handler: each run is one segment.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    socket.write('len ');
    socket.write(String(chunk.length));
  });
});`,
    // Writes on exclusive branches.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    if (chunk[0] === 1) {
      socket.write('one');
    } else {
      await delay(1);
      socket.write('other');
    }
  });
});`,
    // Early return before the await.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    if (!chunk.length) {
      socket.write('empty');
      return;
    }
    const reply = await compute(chunk);
    socket.write(reply);
  });
});`,
    // Different sockets.
    `import net from 'node:net';
net.createServer((client) => {
  const upstream = net.connect(9000);
  client.on('data', async (chunk) => {
    client.write('ok');
    await delay(1);
    upstream.write(chunk);
  });
});`,
    // A once('data') handler runs once: nothing re-enters it.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.once('data', async (hello) => {
    socket.write('a');
    await check(hello);
    socket.write('b');
  });
});`,
    // A client class writing handshake steps from one async method, and no other writer.
    `import net from 'node:net';
class Client {
  async connect() {
    this.socket = net.connect(25);
    this.socket.write('EHLO x\\r\\n');
    await this.readReply();
    this.socket.write('MAIL FROM:<a@b>\\r\\n');
  }
}`,
    // The other writer is synchronous code in the same run.
    `import net from 'node:net';
const socket = net.connect(7000);
function hello() { socket.write('hi'); }
hello();
socket.write('there');`,
    // TypeScript: one write per message from an async data handler.
    `import type { Socket } from 'node:net';
export function serve(socket: Socket): void {
  socket.on('data', async (chunk: Buffer) => {
    const reply = await lookup(chunk);
    socket.write(reply);
  });
}`,
    // A write inside a then() whose promise is not stored: single write.
    `const net = require('net');
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    compute(chunk).then((reply) => socket.write(reply));
  });
});`,
    // write then end in one segment.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    const reply = await compute(chunk);
    socket.write(reply);
    socket.end('bye');
  });
});`,
    // A field named sendQueue: add() runs one task at a time.
    `import net from 'node:net';
class Session {
  constructor(socket) {
    this.socket = socket;
    socket.on('data', (d) => this.sendQueue.add(async () => {
      this.socket.write('a');
      await work(d);
      this.socket.write('b');
    }));
  }
}
net.createServer((s) => new Session(s));`,
    // A method only ever called from a queue callback runs queued.
    `import net from 'node:net';
async function reply(socket, msg) {
  socket.write('BEGIN ');
  await store(msg);
  socket.write('END\\n');
}
net.createServer((socket) => {
  socket.on('data', (msg) => enqueue(() => reply(socket, msg)));
});`,
    // The other async writer is awaited by this run: one flow, in sequence.
    `import net from 'node:net';
class SmtpClient {
  constructor() {
    this.socket = net.connect(25);
  }
  async auth(user) {
    this.socket.write('AUTH PLAIN ' + user + '\\r\\n');
  }
  async start(user) {
    this.socket.write('EHLO me\\r\\n');
    await this.readReply();
    await this.auth(user);
    this.socket.write('MAIL FROM:<a@b>\\r\\n');
  }
}`,
    // ws (h1): one send() per reply, after the await: one whole message
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    const reply = await lookup(String(data));
    ws.send(JSON.stringify(reply));
  });
});
async function lookup(key) {
  return { key, at: Date.now() };
}`,
    // ws, CommonJS: two sends in one segment, and an interval that sends whole messages
    {
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const tick = setInterval(() => ws.send(JSON.stringify({ type: 'tick' })), 1000);
  ws.on('close', () => clearInterval(tick));
  ws.on('message', async (data) => {
    ws.send(JSON.stringify({ type: 'ack' }));
    ws.send(JSON.stringify({ type: 'echo', data: String(data) }));
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
});`,
      languageOptions: COMMONJS,
    },
    // ws, TypeScript: the split reply runs on a per-socket promise chain
    `import { WebSocketServer, type WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', console.error);
  let chain: Promise<void> = Promise.resolve();
  ws.on('message', (data) => {
    chain = chain.then(async () => {
      ws.send(\`\${String(data)}:1\`);
      await sleep(10);
      ws.send(\`\${String(data)}:2\`);
    });
  });
});`,
    // ws: one send per iteration of an awaited loop; ping() is a control frame, not a write
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
wss.on('connection', async (ws) => {
  ws.on('error', console.error);
  const beat = setInterval(() => ws.ping(), 30_000);
  ws.on('close', () => clearInterval(beat));
  for (const item of await loadBacklog()) {
    ws.send(JSON.stringify(item));
    await sleep(5);
  }
});
async function loadBacklog() {
  return [];
}`,
    // ws: each earlier send returns, so the path ends with it (rpc-websockets' _handleRPC)
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    let request;
    try {
      request = JSON.parse(data);
    } catch (error) {
      return ws.send(JSON.stringify({ error: 'parse error' }));
    }
    if (!Array.isArray(request)) return ws.send(JSON.stringify({ error: 'batch expected' }));
    const results = [];
    for (const call of request) results.push(await run(call));
    return ws.send(JSON.stringify(results));
  });
});
async function run(call) {
  return call;
}`,
    // ws, TypeScript: an error reply sent from catch is a whole message of its own, not the rest of the one the try began (hocuspocus' authentication)
    `import { WebSocketServer, type WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    const room = String(data);
    try {
      await authorize(room);
      ws.send(JSON.stringify({ room, type: 'authorized' }));
      await join(room);
    } catch (err) {
      ws.send(JSON.stringify({ room, type: 'denied', reason: String(err) }));
    }
  });
});
async function authorize(room: string): Promise<void> {}
async function join(room: string): Promise<void> {}`,
  ],
  invalid: [
    // node-semantics row 6: part 1, await, part 2 in an async data handler.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    socket.write(chunk + '1');
    await delay(5);
    socket.write(chunk + '2');
  });
});`,
      errors: [{ messageId: 'splitReentrant', line: 6, column: 5, endColumn: 30, data: { otherLine: '4', boundaryLine: '5', event: 'data' } }],
    },
    // CommonJS, several writes after the boundary: reported once.
    {
      code: `const net = require('net');
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    socket.write('HEADER');
    const body = await render(chunk);
    socket.write(body);
    socket.write('TRAILER');
  });
});`,
      errors: [{ messageId: 'splitReentrant', line: 6, column: 5, endColumn: 23 }],
    },
    // Two boundaries: each continuation is reported once.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    socket.write('a');
    await delay(1);
    socket.write('b');
    await delay(1);
    socket.write('c');
  });
});`,
      errors: [
        { messageId: 'splitReentrant', line: 6, column: 5, endColumn: 22 },
        { messageId: 'splitReentrant', line: 8, column: 5, endColumn: 22 },
      ],
    },
    // A helper called from the async data handler.
    {
      code: `import net from 'node:net';
async function reply(sock, chunk) {
  sock.write('begin ');
  await delay(1);
  sock.write('end\\n');
}
net.createServer((socket) => {
  socket.on('data', (chunk) => reply(socket, chunk));
});`,
      errors: [{ messageId: 'splitReentrant', line: 5, column: 3, endColumn: 22 }],
    },
    // Readable listener.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('readable', async () => {
    socket.write('x');
    await delay(1);
    socket.write('y');
  });
});`,
      errors: [{ messageId: 'splitReentrant', line: 6, column: 5, endColumn: 22, data: { otherLine: '4', boundaryLine: '5', event: 'readable' } }],
    },
    // Another writer: a heartbeat interval while the connection listener awaits.
    {
      code: `import net from 'node:net';
net.createServer(async (socket) => {
  const timer = setInterval(() => socket.write('PING\\n'), 1000);
  socket.write('BEGIN ');
  const data = await loadReport();
  socket.write(data);
  clearInterval(timer);
});`,
      errors: [{ messageId: 'splitShared', line: 6, column: 3, endColumn: 21, data: { firstLine: '4', boundaryLine: '5', otherLine: '3' } }],
    },
    // Another writer: a data listener, with a then() continuation splitting the message.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (d) => socket.write('echo ' + d));
  socket.write('header ');
  fetchBody().then((body) => {
    socket.write(body);
  });
});`,
      errors: [{ messageId: 'splitShared', line: 6, column: 5, endColumn: 23, data: { firstLine: '4', boundaryLine: '5', otherLine: '3' } }],
    },
    // Class with the socket in a field: another async method writes too.
    {
      code: `import net from 'node:net';
class Client {
  constructor() {
    this.socket = net.connect(9000);
    this.socket.on('data', (d) => this.socket.write('ACK'));
  }
  async sendFile(name) {
    this.socket.write('FILE ' + name + '\\n');
    const content = await readFile(name);
    this.socket.write(content);
  }
}`,
      errors: [{ messageId: 'splitShared', line: 10, column: 5, endColumn: 31, data: { firstLine: '8', boundaryLine: '9', otherLine: '5' } }],
    },
    // setTimeout continuation splitting the message.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (d) => {
    socket.write('part1');
    setTimeout(() => socket.write('part2'), 5);
  });
  socket.on('end', async () => { await flush(); socket.write('bye'); });
});`,
      errors: [{ messageId: 'splitShared', line: 5, column: 22, endColumn: 43 }],
    },
    // A write loop with an await per chunk after a header.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (req) => {
    socket.write('BEGIN\\n');
    for (const row of await query(req)) {
      await delay(0);
      socket.write(row);
    }
  });
});`,
      errors: [{ messageId: 'splitReentrant', line: 7, column: 7, endColumn: 24 }],
    },
    // TypeScript with an annotated socket.
    {
      code: `import type { Socket } from 'node:net';
export function serve(socket: Socket): void {
  socket.on('data', async (chunk: Buffer) => {
    socket.write('len:' + chunk.length);
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
    socket.write(chunk);
  });
}`,
      errors: [{ messageId: 'splitReentrant', line: 6, column: 5, endColumn: 24 }],
    },
    // end(data) continues the message.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    socket.write('status: ');
    const status = await check(chunk);
    socket.end(status);
  });
});`,
      errors: [{ messageId: 'splitReentrant', line: 6, column: 5, endColumn: 23 }],
    },
    // Loop body: the split inside one iteration is reported.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    for (const item of parse(chunk)) {
      socket.write(item.id);
      await delay(1);
      socket.write(item.body);
    }
  });
});`,
      errors: [{ messageId: 'splitReentrant', line: 7, column: 7, endColumn: 30 }],
    },
    // Callback-style I/O completion splitting the message, with a data listener writing too.
    {
      code: `const net = require('net');
const fs = require('fs');
net.createServer((socket) => {
  socket.on('data', (d) => socket.write('ok'));
  socket.write('FILE ');
  fs.readFile('/etc/hosts', (err, data) => {
    socket.write(data);
  });
});`,
      errors: [{ messageId: 'splitShared', line: 7, column: 5, endColumn: 23, data: { firstLine: '5', boundaryLine: '6', otherLine: '4' } }],
    },
    // A queue used by one path does not protect a write outside it.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    socket.write('a');
    await enqueue(() => work(chunk));
    socket.write('b');
  });
});`,
      errors: [{ messageId: 'splitReentrant', line: 6, column: 5, endColumn: 22 }],
    },
    // Async data handler on a client socket.
    {
      code: `import tls from 'node:tls';
const socket = tls.connect(443, 'example.com');
socket.on('data', async (frame) => {
  socket.write(ack(frame));
  await persist(frame);
  socket.write(done(frame));
});`,
      errors: [{ messageId: 'splitReentrant', line: 6, column: 3, endColumn: 28 }],
    },
    // ws (h2): a reply split over two send() calls across an await in the async 'message' listener
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    const id = String(data);
    ws.send(\`\${id}1\`);
    await sleep(10);
    ws.send(\`\${id}2\`);
  });
});`,
      errors: [
        { messageId: 'splitReentrant', line: 10, column: 5, endColumn: 22 },
      ],
    },
    // ws client, CommonJS: this is the WebSocket in a non-arrow 'message' listener
    {
      code: `const WebSocket = require('ws');
const ws = new WebSocket('wss://example.com/rpc');
ws.on('error', console.error);
ws.on('message', async function (data) {
  const request = JSON.parse(data);
  this.send(JSON.stringify({ id: request.id, status: 'started' }));
  const result = await run(request);
  this.send(JSON.stringify({ id: request.id, result }));
});
async function run(request) {
  return request.params;
}`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'splitReentrant', line: 8, column: 3, endColumn: 56 },
      ],
    },
    // ws, TypeScript: a split report while the connection's interval sends heartbeats
    {
      code: `import { WebSocketServer, type WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', console.error);
  const beat = setInterval(() => ws.send('{"type":"heartbeat"}'), 1000);
  ws.on('close', () => clearInterval(beat));
  void sendReport(ws);
});
async function sendReport(ws: WebSocket): Promise<void> {
  ws.send('{"type":"report-begin"}');
  const rows = await loadRows();
  ws.send(JSON.stringify({ type: 'report-rows', rows }));
}
async function loadRows(): Promise<string[]> {
  return [];
}`,
      errors: [
        { messageId: 'splitShared', line: 12, column: 3, endColumn: 57 },
      ],
    },
    // ws: a handleUpgrade connection's async 'message' listener
    {
      code: `import http from 'node:http';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
http.createServer().on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => ws.terminate());
    ws.on('message', async (data) => {
      ws.send('header');
      const body = await render(String(data));
      ws.send(body);
    });
  });
});
async function render(name) {
  return \`hello \${name}\`;
}`,
      errors: [
        { messageId: 'splitReentrant', line: 11, column: 7, endColumn: 20 },
      ],
    },
  ],
});
