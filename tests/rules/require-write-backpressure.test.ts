import rule from '../../src/rules/require-write-backpressure.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-write-backpressure', rule, {
  valid: [
    // loop waits for drain when write returns false (await once)
    `import net from 'node:net';
import { once } from 'node:events';
net.createServer(async (socket) => {
  for (const row of await loadRows()) {
    if (!socket.write(JSON.stringify(row) + '\\n')) await once(socket, 'drain');
  }
  socket.end();
});`,
    // hand-written proxy pauses the source when write returns false, resumes on drain
    `const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(6379, 'localhost');
  client.on('data', (chunk) => {
    if (!upstream.write(chunk)) client.pause();
  });
  upstream.on('drain', () => client.resume());
});`,
    // pipeline instead of forwarding by hand
    `import net from 'node:net';
import { pipeline } from 'node:stream';
net.createServer((client) => {
  const upstream = net.connect(80, 'example.com');
  pipeline(client, upstream, client, () => {});
});`,
    // one reply per line parsed from the same data run
    `import net from 'node:net';
net.createServer((socket) => {
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk;
    const lines = buffer.split('\\n');
    buffer = lines.pop();
    for (const line of lines) socket.write(handle(line) + '\\n');
  });
});`,
    // while loop over frames parsed from the data run, in a helper the data listener calls
    `import net from 'node:net';
function drainFrames(socket, state) {
  let idx;
  while ((idx = state.buf.indexOf(10)) !== -1) {
    socket.write(reply(state.buf.subarray(0, idx)));
    state.buf = state.buf.subarray(idx + 1);
  }
}
net.createServer((socket) => {
  const state = { buf: Buffer.alloc(0) };
  socket.on('data', (chunk) => {
    state.buf = Buffer.concat([state.buf, chunk]);
    drainFrames(socket, state);
  });
});`,
    // loop bounded by a small literal
    `import net from 'node:net';
const socket = net.connect(7000);
for (let i = 0; i < 3; i++) socket.write('PING\\r\\n');`,
    // array literal of a few commands
    `import net from 'node:net';
const socket = net.connect(25, 'mail.example.com');
['EHLO me', 'MAIL FROM:<a@b>', 'QUIT'].forEach((cmd) => socket.write(cmd + '\\r\\n'));`,
    // broadcast that disconnects slow consumers by writableLength
    `import net from 'node:net';
const clients = new Set();
const MAX = 1 << 20;
net.createServer((socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
});
export function broadcast(message) {
  for (const client of clients) {
    if (client.writableLength > MAX) {
      client.destroy();
      continue;
    }
    client.write(message);
  }
}`,
    // broadcast that skips subscribers whose writableNeedDrain is set
    `import net from 'node:net';
const subscribers = [];
net.createServer((socket) => { subscribers.push(socket); socket.on('close', () => subscribers.splice(subscribers.indexOf(socket), 1)); });
export function publish(msg) {
  subscribers.forEach((s) => {
    if (s.writableNeedDrain) return;
    s.write(msg);
  });
}`,
    // broadcast that checks the result (any branch on it)
    `import net from 'node:net';
const clients = new Set();
net.createServer((socket) => { clients.add(socket); socket.on('close', () => clients.delete(socket)); });
export function broadcast(msg) {
  for (const c of clients) {
    const ok = c.write(msg);
    if (!ok) c.pause();
  }
}`,
    // echo: data listener of the same socket
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
});`,
    // write callback awaited through a promise per chunk
    `import net from 'node:net';
const socket = net.connect(9000);
export async function sendAll(chunks) {
  for (const chunk of chunks) {
    await new Promise((resolve, reject) => socket.write(chunk, (err) => (err ? reject(err) : resolve())));
  }
}`,
    // helper returns the result and the loop branches on it
    `import net from 'node:net';
const socket = net.connect(9000);
function send(msg) {
  return socket.write(msg);
}
export async function sendAll(msgs) {
  for (const m of msgs) {
    if (!send(m)) await new Promise((r) => socket.once('drain', r));
  }
}`,
    // result kept and checked before waiting for drain
    `import net from 'node:net';
const socket = net.connect(9000);
export async function stream(rows) {
  for (const row of rows) {
    const ok = socket.write(row);
    if (!ok) await new Promise((resolve) => socket.once('drain', resolve));
  }
}`,
    // TypeScript: for await over a readline interface on the same socket
    `import type { Socket } from 'node:net';
import readline from 'node:readline';
export async function serve(socket: Socket) {
  const rl = readline.createInterface({ input: socket });
  for await (const line of rl) socket.write(answer(line) + '\\n');
}`,
    // write in an end listener of another stream (not data)
    `import net from 'node:net';
net.createServer((client) => {
  const upstream = net.connect(80);
  upstream.on('end', () => client.write('bye'));
});`,
    // helper returning the result, called once
    `const net = require('node:net');
const conn = net.createConnection({ port: 11211 });
const send = (line) => conn.write(line + '\\r\\n');
send('version');`,
    // for await over the same socket: paced by the peer
    `import net from 'node:net';
net.createServer(async (socket) => {
  for await (const chunk of socket) socket.write(chunk);
});`,
    // parser fed by the same socket (socket.pipe(parser))
    `import net from 'node:net';
import { Parser } from './parser.js';
net.createServer((socket) => {
  const parser = new Parser();
  socket.pipe(parser);
  parser.on('data', (message) => socket.write(respond(message)));
});`,
    // constant array of two headers
    `import net from 'node:net';
const HEADERS = ['a', 'b'];
const socket = net.connect(1);
for (const h of HEADERS) socket.write(h);`,
    // once(data) of another stream: a single write
    `import net from 'node:net';
net.createServer((client) => {
  const upstream = net.connect(80);
  upstream.once('data', (greeting) => client.write(greeting));
});`,
    // registry of unrelated data written to a non-socket
    `import net from 'node:net';
const names = new Set();
const log = { write() {} };
net.createServer((socket) => { socket.on('close', () => {}); });
export function dump() { for (const n of names) log.write(n); }`,
    // corked batch: the pipelined commands of one message
    `import net from 'node:net';
const socket = net.connect(25);
export function sendEnvelope(from, recipients) {
  socket.cork();
  socket.write('MAIL FROM:<' + from + '>\\r\\n');
  for (const rcpt of recipients) socket.write('RCPT TO:<' + rcpt + '>\\r\\n');
  process.nextTick(() => socket.uncork());
}`,
    // write followed by return: runs once per loop run
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('end', () => {
    for (const value of ['a', 'b', 'c', 'd'].concat(extra())) {
      if (!valid(value)) {
        socket.write('501 bad value\\r\\n');
        return;
      }
    }
  });
});`,
    // write followed by break
    `import net from 'node:net';
const socket = net.connect(1);
export function firstMatch(items) {
  for (const item of items) {
    if (item.ready) {
      socket.write(item.payload);
      break;
    }
  }
}`,
    // one reply per recipient already held on the connection object
    `import type { Socket } from 'node:net';
export class LmtpConnection {
  session = { rcptTo: [] as string[] };
  constructor(private socket: Socket) {}
  accept() {
    for (let i = 0, len = this.session.rcptTo.length; i < len; i++) this.socket.write('250 OK\\r\\n');
  }
}`,
    // helper called from a loop is not followed by default
    `import net from 'node:net';
const socket = net.connect(9000);
function send(row) {
  socket.write(JSON.stringify(row));
}
export function sendAll(rows) {
  for (const row of rows) send(row);
}`,
    // Map#forEach broadcast that checks writableLength (CommonJS)
    `const net = require('node:net');
const clients = new Map();
net.createServer((socket) => {
  clients.set(socket.remotePort, socket);
  socket.on('close', () => clients.delete(socket.remotePort));
});
exports.send = (msg) => clients.forEach((c) => { if (c.writableLength < 65536) c.write(msg); });`,
    // broadcast with the drain wait per subscriber
    `import net from 'node:net';
import { once } from 'node:events';
const clients = new Set();
net.createServer((s) => { clients.add(s); s.on('close', () => clients.delete(s)); });
export async function send(msg) {
  for (const c of clients) {
    if (!c.write(msg)) await once(c, 'drain');
  }
}`,
    // a write with no loop and no proxy
    `import net from 'node:net';
const socket = net.connect(80);
socket.write('GET / HTTP/1.0\\r\\n\\r\\n');`,
    // Spec 8.2: ping() is a control frame; the heartbeat's loop over wss.clients is never a backpressure report.
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
});
setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) ws.terminate();
    ws.isAlive = false;
    ws.ping();
  }
}, 30000);`,
    // ws-semantics d3: a broadcast that skips clients over a bufferedAmount limit.
    `import { WebSocketServer } from 'ws';
const LIMIT = 1 << 20;
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => ws.on('error', () => {}));
export function broadcast(message) {
  for (const client of wss.clients) {
    if (client.bufferedAmount > LIMIT) continue;
    client.send(message);
  }
}`,
    // Dropping slow clients: terminate() those over the limit, CommonJS.
    `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (ws) => ws.on('error', () => {}));
module.exports = function broadcast(data) {
  wss.clients.forEach((client) => {
    if (client.bufferedAmount > 4 * 1024 * 1024) return client.terminate();
    client.send(data);
  });
};`,
    // ws-semantics d4: each send awaits its callback.
    `import WebSocket from 'ws';
export async function upload(ws: WebSocket, chunks: AsyncIterable<Buffer>): Promise<void> {
  for await (const chunk of chunks) {
    await new Promise<void>((resolve, reject) => ws.send(chunk, (err) => (err ? reject(err) : resolve())));
  }
}`,
    // ws-semantics d5: createWebSocketStream + pipeline.
    `import { WebSocketServer, createWebSocketStream } from 'ws';
import { pipeline } from 'node:stream';
import fs from 'node:fs';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  pipeline(fs.createReadStream('/var/log/app.log'), createWebSocketStream(ws), () => {});
});`,
    // ws-semantics d6: a TCP to WebSocket bridge that pauses the source while the buffer is full.
    `import net from 'node:net';
import { WebSocketServer } from 'ws';
const MAX = 1 << 20;
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  const tcp = net.connect(7000);
  tcp.on('error', () => ws.close());
  tcp.on('data', (chunk) => {
    if (ws.bufferedAmount >= MAX) tcp.pause();
    ws.send(chunk, () => {
      if (ws.bufferedAmount < MAX) tcp.resume();
    });
  });
});`,
    // One reply per line of the message the peer sent, on the same WebSocket.
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (data) => {
    for (const line of String(data).split('\\n')) ws.send(answer(line));
  });
});`,
    // A for…of over an array literal of two or three parts is a sequence of writes, whatever the option says.
    {
      code: `import net from 'node:net';
export function respond(socket: net.Socket, head: string, body: Buffer): void {
  for (const part of [head, body]) socket.write(part);
}`,
      options: [{ maxLiteralIterations: 0, checkHelperCalls: false }],
    },
    // The words of a constant message: a fixed number of passes (CommonJS, var bindings).
    {
      code: `var net = require('net');
var msg = 'This is a test\\r\\n';
var splitmsg = msg.split(' ');
var client = net.connect(8126, function () {
  splitmsg.forEach(function (part) {
    client.write(part);
    client.write(' ');
  });
  client.end();
});`,
      languageOptions: COMMONJS,
    },
    // Each pass awaits a frame read from the socket: one reply per request the peer sent.
    `import net from 'node:net';
import { createAsyncReader, decodeFrame } from './codec.js';
export async function serve(socket: net.Socket): Promise<void> {
  const read = createAsyncReader(socket);
  while (true) {
    const frame = await decodeFrame(read);
    socket.write(reply(frame));
  }
}`,
    // checkHelperCalls: the reply helper reached from a loop, in a module that paces its producer on 'drain'.
    {
      code: `import net from 'node:net';
class Connection {
  constructor(socket) {
    this.socket = socket;
    this.parser = createParser((command, next) => this.onCommand(command, () => this.whenWritable(next)));
    socket.pipe(this.parser);
  }
  send(code, text) {
    this.socket.write(code + ' ' + text + '\\r\\n');
  }
  whenWritable(next) {
    if (this.socket.writableNeedDrain) this.socket.once('drain', next);
    else next();
  }
  onData(results) {
    results.forEach((result) => this.send(250, result));
  }
}
net.createServer((socket) => new Connection(socket));`,
      options: [{ maxLiteralIterations: 16, checkHelperCalls: true }],
    },
    // checkHelperCalls: a reply helper in a data listener of another stream is no proxy because the names match.
    {
      code: `import net from 'node:net';
function writeText(socket, data) {
  return socket.write(data, 'utf8');
}
net.createServer((socket) => {
  const commands = parseCommands(socket);
  commands.on('data', (data) => writeText(socket, execute(data)));
});`,
      options: [{ maxLiteralIterations: 16, checkHelperCalls: true }],
    },
  ],
  invalid: [
    // loop over rows ignores the result
    {
      code: `import net from 'node:net';
net.createServer(async (socket) => {
  for (const row of await loadRows()) {
    socket.write(JSON.stringify(row) + '\\n');
  }
  socket.end();
});`,
      errors: [
        { messageId: 'loopWrite', line: 4, column: 5, endColumn: 45 },
      ],
    },
    // broadcast over a Set of sockets inside a data listener
    {
      code: `import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
  socket.on('data', (msg) => {
    for (const client of clients) client.write(msg);
  });
});`,
      errors: [
        { messageId: 'broadcastWrite', line: 7, column: 35, endColumn: 52 },
      ],
    },
    // broadcast through forEach over an array of sockets (CommonJS)
    {
      code: `const net = require('net');
const sockets = [];
const server = net.createServer((socket) => {
  sockets.push(socket);
});
function broadcast(message) {
  sockets.forEach((s) => s.write(message));
}
setInterval(() => broadcast('tick\\n'), 1000);`,
      errors: [
        { messageId: 'broadcastWrite', line: 7, column: 26, endColumn: 42 },
      ],
    },
    // broadcast over Map values holding { socket }
    {
      code: `import net from 'node:net';
const sessions = new Map();
net.createServer((socket) => {
  sessions.set(socket.remotePort, { socket, joined: Date.now() });
  socket.on('close', () => sessions.delete(socket.remotePort));
});
export function announce(text) {
  for (const session of sessions.values()) session.socket.write(text);
}`,
      errors: [
        { messageId: 'broadcastWrite', line: 8, column: 44, endColumn: 70 },
      ],
    },
    // proxy in both directions between two sockets
    {
      code: `import net from 'node:net';
net.createServer((client) => {
  const upstream = net.connect(80, 'example.com');
  client.on('data', (chunk) => upstream.write(chunk));
  upstream.on('data', (chunk) => client.write(chunk));
});`,
      errors: [
        { messageId: 'proxyWrite', line: 4, column: 32, endColumn: 53 },
        { messageId: 'proxyWrite', line: 5, column: 34, endColumn: 53 },
      ],
    },
    // proxy whose only statement forwards the chunk: pipeline suggestion
    {
      code: `import net from 'node:net';
import { pipeline } from 'node:stream';
net.createServer((client) => {
  const upstream = net.connect(80, 'example.com');
  client.on('data', (chunk) => {
    upstream.write(chunk);
  });
  pipeline(upstream, client, () => {});
});`,
      errors: [
        { messageId: 'proxyWrite', line: 6, column: 5, endColumn: 26, suggestions: [{ messageId: 'suggestPipeline', output: `import net from 'node:net';
import { pipeline } from 'node:stream';
net.createServer((client) => {
  const upstream = net.connect(80, 'example.com');
  pipeline(client, upstream, () => {});
  pipeline(upstream, client, () => {});
});` }] },
      ],
    },
    // helper ignoring the result called from a loop
    {
      code: `import net from 'node:net';
const socket = net.connect(9000);
function send(row) {
  socket.write(JSON.stringify(row));
}
export function sendAll(rows) {
  for (const row of rows) send(row);
}`,
      options: [{"maxLiteralIterations":64,"checkHelperCalls":true}],
      errors: [
        { messageId: 'loopWrite', line: 4, column: 3, endColumn: 36 },
      ],
    },
    // arrow helper returning the result, the loop ignores it (CommonJS)
    {
      code: `const net = require('node:net');
const conn = net.createConnection({ port: 11211 });
const send = (line) => conn.write(line + '\\r\\n');
exports.flush = (lines) => { for (const l of lines) send(l); };`,
      options: [{"maxLiteralIterations":64,"checkHelperCalls":true}],
      errors: [
        { messageId: 'loopWrite', line: 3, column: 24, endColumn: 49 },
      ],
    },
    // while loop reading a file
    {
      code: `import net from 'node:net';
import fs from 'node:fs';
const socket = net.connect(9000);
export function upload(fd) {
  const buf = Buffer.alloc(65536);
  let n;
  while ((n = fs.readSync(fd, buf)) > 0) socket.write(buf.subarray(0, n));
}`,
      errors: [
        { messageId: 'loopWrite', line: 7, column: 42, endColumn: 74 },
      ],
    },
    // loop bounded by a large literal
    {
      code: `import net from 'node:net';
const socket = net.connect(9000);
for (let i = 0; i < 1e6; i++) socket.write('x'.repeat(1024));`,
      errors: [
        { messageId: 'loopWrite', line: 3, column: 31, endColumn: 61 },
      ],
    },
    // TypeScript: parameter property Socket written in forEach
    {
      code: `import { Socket } from 'node:net';
export class Feed {
  constructor(private socket: Socket) {}
  push(items: string[]) {
    items.forEach((item) => this.socket.write(item));
  }
}`,
      errors: [
        { messageId: 'loopWrite', line: 5, column: 29, endColumn: 52 },
      ],
    },
    // process.stdin forwarded to a socket
    {
      code: `import net from 'node:net';
const socket = net.connect(9000);
process.stdin.on('data', (chunk) => socket.write(chunk));`,
      errors: [
        { messageId: 'proxyWrite', line: 3, column: 37, endColumn: 56 },
      ],
    },
    // result returned from a forEach callback is dropped
    {
      code: `import net from 'node:net';
const socket = net.connect(9000);
export function sendAll(rows) {
  rows.forEach((row) => { return socket.write(row); });
}`,
      errors: [
        { messageId: 'loopWrite', line: 4, column: 34, endColumn: 51 },
      ],
    },
    // void write in a do-while
    {
      code: `import net from 'node:net';
const socket = net.connect(9000);
export function fill(gen) {
  let next;
  do {
    next = gen.next();
    void socket.write(String(next.value));
  } while (!next.done);
}`,
      errors: [
        { messageId: 'loopWrite', line: 7, column: 10, endColumn: 42 },
      ],
    },
    // broadcast over Object.values of a registry object
    {
      code: `import net from 'node:net';
const clients = {};
net.createServer((socket) => {
  const id = socket.remoteAddress + ':' + socket.remotePort;
  clients[id] = socket;
  socket.on('close', () => { delete clients[id]; });
});
export function shout(m) { for (const c of Object.values(clients)) c.write(m); }`,
      errors: [
        { messageId: 'broadcastWrite', line: 8, column: 68, endColumn: 78 },
      ],
    },
    // nested loops: the outer one is unbounded
    {
      code: `import net from 'node:net';
const socket = net.connect(1);
export function dump(rows) {
  for (const row of rows) {
    for (let i = 0; i < 2; i++) socket.write(row[i]);
  }
}`,
      errors: [
        { messageId: 'loopWrite', line: 5, column: 33, endColumn: 53 },
      ],
    },
    // broadcast over Map entries
    {
      code: `import net from 'node:net';
const clients = new Map();
let nextId = 0;
net.createServer((socket) => {
  const id = nextId++;
  clients.set(id, socket);
  socket.on('close', () => clients.delete(id));
});
export function tick(now) {
  for (const [, client] of clients) client.write(now + '\\n');
}`,
      errors: [
        { messageId: 'broadcastWrite', line: 10, column: 37, endColumn: 61 },
      ],
    },
    // Map#forEach broadcast (value first)
    {
      code: `const net = require('node:net');
const clients = new Map();
net.createServer((socket) => {
  clients.set(socket.remotePort, socket);
  socket.on('close', () => clients.delete(socket.remotePort));
});
exports.send = (msg) => clients.forEach((c) => c.write(msg));`,
      errors: [
        { messageId: 'broadcastWrite', line: 7, column: 48, endColumn: 60 },
      ],
    },
    // generator drained into a socket
    {
      code: `import tls from 'node:tls';
const socket = tls.connect(443, 'example.com');
export function stream(gen) {
  for (const chunk of gen()) socket.write(chunk);
}`,
      errors: [
        { messageId: 'loopWrite', line: 4, column: 30, endColumn: 49 },
      ],
    },
    // tls proxy from a known socket, pipeline from a namespace import: suggestion
    {
      code: `import net from 'node:net';
import tls from 'node:tls';
import stream from 'node:stream';
tls.createServer({}, (front) => {
  const back = net.connect(8080);
  front.on('data', (chunk) => back.write(chunk));
  stream.pipeline(back, front, () => {});
});`,
      errors: [
        { messageId: 'proxyWrite', line: 6, column: 31, endColumn: 48, suggestions: [{ messageId: 'suggestPipeline', output: `import net from 'node:net';
import tls from 'node:tls';
import stream from 'node:stream';
tls.createServer({}, (front) => {
  const back = net.connect(8080);
  stream.pipeline(front, back, () => {});
  stream.pipeline(back, front, () => {});
});` }] },
      ],
    },
    // strict maxLiteralIterations: a literal bound over 16
    {
      code: `import net from 'node:net';
const socket = net.connect(1);
for (let i = 0; i < 32; i++) socket.write('x');`,
      options: [{"maxLiteralIterations":16,"checkHelperCalls":false}],
      errors: [
        { messageId: 'loopWrite', line: 3, column: 30, endColumn: 47 },
      ],
    },
    // ws-semantics d1: send() in a loop over rows returns nothing and buffers them all.
    {
      code: `import WebSocket from 'ws';
const ws = new WebSocket('wss://feed.example.com');
ws.on('error', () => {});
export function publish(rows) {
  for (const row of rows) ws.send(JSON.stringify(row));
}`,
      errors: [{ messageId: 'loopSend', line: 5, column: 27, endColumn: 55 }],
    },
    // ws-semantics d2: the ws README broadcast, CommonJS.
    {
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (ws) => ws.on('error', () => {}));
function broadcast(data) {
  wss.clients.forEach((client) => {
    if (client.readyState === WebSocket.OPEN) client.send(data);
  });
}
module.exports = broadcast;`,
      languageOptions: COMMONJS,
      errors: [{ messageId: 'broadcastSend', line: 6, column: 47, endColumn: 64 }],
    },
    // A chat relay: every message to every other client, TypeScript.
    {
      code: `import { WebSocketServer, WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) {
      if (client !== ws && client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    }
  });
});`,
      errors: [{ messageId: 'broadcastSend', line: 7, column: 66, endColumn: 105 }],
    },
    // A broadcast over a module's own registry of WebSockets.
    {
      code: `import { WebSocketServer } from 'ws';
const rooms = new Map();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  ws.on('error', () => {});
  rooms.set(req.url, ws);
  ws.on('close', () => rooms.delete(req.url));
});
export function announce(text) {
  for (const [, ws] of rooms) ws.send(text);
}`,
      errors: [{ messageId: 'broadcastSend', line: 10, column: 31, endColumn: 44 }],
    },
    // A registry nested in a field (this.namespaces[ns].clients), the subscribers of one event.
    {
      code: `import { WebSocketServer } from 'ws';
export class Server {
  constructor(options) {
    this.namespaces = {};
    this.wss = new WebSocketServer(options);
    this.wss.on('error', () => {});
    this.wss.on('connection', (socket, request) => {
      const ns = request.url;
      socket.on('error', () => {});
      this.namespaces[ns].clients.set(socket._id, socket);
      socket.on('close', () => this.namespaces[ns].clients.delete(socket._id));
    });
  }
  notify(ns, name, params) {
    for (const id of this.namespaces[ns].events[name].sockets) {
      const socket = this.namespaces[ns].clients.get(id);
      if (socket) socket.send(JSON.stringify({ notification: name, params }));
    }
  }
}`,
      errors: [{ messageId: 'broadcastSend', line: 17, column: 19, endColumn: 78 }],
    },
    // ws-semantics d6: a TCP to WebSocket bridge with nothing bounding the WebSocket's buffer.
    {
      code: `import net from 'node:net';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  const tcp = net.connect(7000);
  tcp.on('error', () => ws.close());
  tcp.on('data', (chunk) => ws.send(chunk));
});`,
      errors: [{ messageId: 'bridgeSend', line: 8, column: 29, endColumn: 43 }],
    },
    // A bridge between two WebSockets, CommonJS.
    {
      code: `const WebSocket = require('ws');
const upstream = new WebSocket('wss://upstream.example.com');
const downstream = new WebSocket('wss://downstream.example.com');
upstream.on('error', () => {});
downstream.on('error', () => {});
upstream.on('message', (message) => downstream.send(message));`,
      languageOptions: COMMONJS,
      errors: [{ messageId: 'bridgeSend', line: 6, column: 37, endColumn: 61 }],
    },
    // The other direction: every message of a WebSocket written to a TCP socket.
    {
      code: `import net from 'node:net';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  const tcp = net.connect(7000);
  tcp.on('error', () => ws.close());
  ws.on('message', (data) => tcp.write(data));
});`,
      errors: [{ messageId: 'proxyWrite', line: 8, column: 30, endColumn: 45, suggestions: [] }],
    },
    // Issue 12: a while loop draining a queue into a socket held in a field.
    {
      code: `import net from 'node:net';
export class Sender {
  constructor(port) {
    this.queue = [];
    this.socket = net.connect(port);
  }
  flush() {
    while (this.queue.length > 0) this.socket.write(this.queue.shift());
  }
}`,
      errors: [{ messageId: 'loopWrite', line: 8, column: 35, endColumn: 72 }],
    },
    // The same with the field typed by JSDoc.
    {
      code: `export class Sender {
  constructor(socket) {
    this.queue = [];
    /** @type {import('node:net').Socket} */
    this.socket = socket;
  }
  flush() {
    while (this.queue.length > 0) this.socket.write(this.queue.shift());
  }
}`,
      errors: [{ messageId: 'loopWrite', line: 8, column: 35, endColumn: 72 }],
    },
    // The same with #private fields.
    {
      code: `import net from 'node:net';
export class Sender {
  #socket;
  #queue = [];
  constructor(port) {
    this.#socket = net.connect(port);
  }
  flush() {
    while (this.#queue.length > 0) this.#socket.write(this.#queue.shift());
  }
}`,
      errors: [{ messageId: 'loopWrite', line: 9, column: 36, endColumn: 75 }],
    },
    // An await in the loop that is not the peer's reply does not pace the writes.
    {
      code: `import net from 'node:net';
export async function replay(socket: net.Socket, rows: string[]): Promise<void> {
  for (const row of rows) {
    await audit(row);
    socket.write(row);
  }
}`,
      errors: [{ messageId: 'loopWrite', line: 5, column: 5, endColumn: 22 }],
    },
    // ES5: a hand-written proxy in a constructor (var self = this), methods on the prototype.
    {
      code: `var net = require('net');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function Tunnel(other, port) {
  EventEmitter.call(this);
  var self = this;
  this._socket = net.connect(port);
  this._socket.on('error', function (err) { self.emit('error', err); });
  other.on('data', function (d) { self._socket.write(d); });
}
util.inherits(Tunnel, EventEmitter);
Tunnel.prototype.close = function () {
  this._socket.end();
};
module.exports = Tunnel;`,
      languageOptions: COMMONJS,
      errors: [{ messageId: 'proxyWrite', line: 9, column: 35, endColumn: 56, suggestions: [] }],
    },
    // The proxy as an object literal method.
    {
      code: `import net from 'node:net';
export const relay = {
  socket: net.connect(80),
  start(source) {
    source.on('data', (chunk) => this.socket.write(chunk));
  },
};`,
      errors: [{ messageId: 'proxyWrite', line: 5, column: 34, endColumn: 58, suggestions: [] }],
    },
    // The proxy as a class.
    {
      code: `import net from 'node:net';
export class Tunnel {
  constructor(client: net.Socket) {
    this.upstream = net.connect(80);
    client.on('data', (chunk) => this.upstream.write(chunk));
  }
  upstream: net.Socket;
}`,
      errors: [{ messageId: 'proxyWrite', line: 5, column: 34, endColumn: 60, suggestions: [] }],
    },
  ],
});
