import rule from '../../src/rules/no-destroy-before-drain.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-destroy-before-drain', rule, {
  valid: [
    // The fix of node-semantics row 1: end() flushes, then sends FIN.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.end(Buffer.alloc(64 * 1024 * 1024));
});`,
    // Destroy in the write callback: the data reached the kernel.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.write('bye\\n', () => socket.destroy());
});`,
    // Destroy once 'finish' fires.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.end('bye\\n');
  socket.once('finish', () => socket.destroy());
});`,
    // await once(socket, 'finish').
    `import net from 'node:net';
import { once } from 'node:events';
net.createServer(async (socket) => {
  socket.end('bye\\n');
  await once(socket, 'finish');
  socket.destroy();
});`,
    // An awaited promise that resolves in end's callback.
    `import net from 'node:net';
net.createServer(async (socket) => {
  socket.write('QUIT\\r\\n');
  await new Promise((resolve) => socket.end(resolve));
  socket.destroy();
});`,
    // stream.finished.
    `import net from 'node:net';
import { finished } from 'node:stream/promises';
net.createServer(async (socket) => {
  socket.end('done');
  await finished(socket);
  socket.destroy();
});`,
    // An awaited reply read from the same socket proves the earlier writes arrived.
    `import net from 'node:net';
import { once } from 'node:events';
async function quit() {
  const sock = net.connect(25);
  sock.write('QUIT\\r\\n');
  await once(sock, 'data');
  sock.destroy();
}`,
    // destroy() with nothing written before it (a timeout reaction).
    `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(30000);
  socket.on('timeout', () => socket.destroy());
  socket.on('data', (chunk) => socket.write(chunk));
});`,
    // The write and the destroy on exclusive branches.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.length > 1024) socket.destroy();
    else socket.write(chunk);
  });
});`,
    // An early return between them.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk[0] === 1) {
      socket.write('ok');
      return;
    }
    socket.destroy();
  });
});`,
    // Writes after destroy() are dropped silently: not reported.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.destroy();
  setTimeout(() => socket.write('late'), 10);
});`,
    // end() then destroy(): later writes are dropped, not crashed.
    `import net from 'node:net';
net.createServer((socket) => {
  const timer = setInterval(() => socket.write('tick'), 1000);
  socket.on('timeout', () => { socket.end(); socket.destroy(); clearInterval(timer); });
});`,
    // The hand-written proxy: end in the source's 'end' listener, write in its 'data' listener.
    `import net from 'node:net';
net.createServer((client) => {
  const upstream = net.connect(8080);
  client.on('data', (chunk) => upstream.write(chunk));
  client.on('end', () => upstream.end());
  upstream.on('data', (chunk) => client.write(chunk));
  upstream.on('end', () => client.end());
});`,
    // An echo server that ends on the peer's end.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('end', () => socket.end());
});`,
    // The other path checks writable before writing.
    `import net from 'node:net';
net.createServer((socket) => {
  const timer = setInterval(() => {
    if (socket.writable) socket.write('tick');
  }, 1000);
  socket.on('data', () => socket.end('bye'));
  socket.on('close', () => clearInterval(timer));
});`,
    // An early return on writableEnded.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (socket.writableEnded) return;
    socket.write(chunk);
  });
  socket.setTimeout(1000, () => socket.end());
});`,
    // A closed flag checked inside the same-module write helper.
    `import net from 'node:net';
class Conn {
  constructor(socket) {
    this.socket = socket;
    this.closed = false;
    socket.on('data', (d) => this.send(d));
  }
  send(data) {
    if (this.closed) return;
    this.socket.write(data);
  }
  close() {
    this.closed = true;
    this.socket.end();
  }
}
net.createServer((socket) => new Conn(socket));`,
    // A loop test that includes the guard.
    `import net from 'node:net';
const sock = net.connect(7000);
const queue = [];
setInterval(() => {
  while (queue.length > 0 && !sock.destroyed) sock.write(queue.shift());
}, 100);
sock.on('data', () => sock.end());`,
    // end() in the close listener: the socket is already gone.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('close', () => socket.end());
});`,
    // write then end(): the ordinary, correct order.
    `const net = require('net');
net.createServer((socket) => {
  socket.write('220 ready\\r\\n');
  socket.end('221 bye\\r\\n');
});`,
    // A write after end on an exclusive branch.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.toString() === 'quit') socket.end();
    else socket.write(chunk);
  });
});`,
    // process.exit after the socket finished flushing.
    `import net from 'node:net';
const sock = net.connect(7000);
sock.end('last words', () => process.exit(0));`,
    // TypeScript: a helper that ends the socket with the data.
    `import type { Socket } from 'node:net';
export function reject(socket: Socket, reason: string): void {
  socket.end(\`ERR \${reason}\\r\\n\`);
}`,
    // A write that is awaited through a promisified callback before destroying.
    `import net from 'node:net';
net.createServer(async (socket) => {
  await new Promise((resolve) => socket.write('bye', resolve));
  socket.destroy();
});`,
    // end(callback): the callback is not data.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.end(() => socket.destroy());
});`,
    // With checkWritesThroughHelpers off, only direct writes count.
    {
      code: `import net from 'node:net';
class Session {
  constructor(socket) { this.socket = socket; }
  send(line) { this.socket.write(line + '\\r\\n'); }
  kick() {
    this.send('421 closing');
    this.socket.destroy();
  }
}
net.createServer((socket) => new Session(socket).kick());`,
      options: [{ checkWritesThroughHelpers: false }],
    },
    // The 'connect' listener ran before the socket's own 'end'.
    `import net from 'node:net';
const sock = net.connect(7000);
sock.on('connect', () => sock.write('HELLO\\r\\n'));
sock.on('end', () => sock.end());`,
    // The heartbeat interval is cleared where the socket is ended.
    `import net from 'node:net';
net.createServer((socket) => {
  const heartbeat = setInterval(() => socket.write('ping\\n'), 1000);
  socket.on('data', (chunk) => {
    if (chunk.toString().trim() !== 'quit') return;
    clearInterval(heartbeat);
    socket.end('bye\\n');
  });
});`,
    // Dropping a slow consumer on purpose: the write reported a full buffer.
    `import net from 'node:net';
const clients = new Set();
net.createServer((socket) => { clients.add(socket); socket.on('close', () => clients.delete(socket)); });
function broadcast(line) {
  for (const client of clients) {
    if (!client.write(line)) client.destroy();
  }
}`,
    // A 'connect' listener that checks the socket's state.
    `import net from 'node:net';
const sock = net.connect(7000);
sock.on('connect', () => { if (!sock.writableEnded) sock.write('hello'); });
setTimeout(() => sock.end(), 10);`,
    // ws-semantics e4: close() sends the buffered messages, then the close frame.
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.send(JSON.stringify({ error: 'unsupported protocol version' }));
  ws.close(1002, 'protocol');
});`,
    // terminate() once the send callback says the message reached the kernel.
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.send('bye', () => ws.terminate());
});`,
    // An awaited send callback before terminate().
    `import WebSocket from 'ws';
export async function leave(ws: WebSocket, reason: string): Promise<void> {
  await new Promise<void>((resolve, reject) => ws.send(reason, (err) => (err ? reject(err) : resolve())));
  ws.terminate();
}`,
    // ws-semantics f2: send() after close() is dropped silently; not write-after-end.
    `const WebSocket = require('ws');
const ws = new WebSocket('ws://localhost:8080');
ws.on('error', () => {});
ws.on('open', () => {
  ws.close();
  ws.send('late');
});`,
    // The heartbeat terminates without having sent anything: ping() is a control frame.
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
});
setInterval(() => {
  wss.clients.forEach((ws) => {
    if (ws.isAlive === false) return ws.terminate();
    ws.isAlive = false;
    ws.ping();
  });
}, 30000);`,
    // Dropping a slow consumer on purpose: its buffer is over the limit.
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  const timer = setInterval(() => {
    ws.send(JSON.stringify({ now: Date.now() }));
    if (ws.bufferedAmount > 1 << 20) ws.terminate();
  }, 1000);
  ws.on('close', () => clearInterval(timer));
});`,
    // Issue 11, point 10: a promise from a call handed the socket is the peer's reply, which proves the flush.
    `import net from 'node:net';
import { readReply } from './smtp.js';
export async function quit(socket: net.Socket): Promise<void> {
  const reply = readReply(socket);
  socket.write('QUIT\\r\\n');
  await reply;
  socket.destroy();
}`,
    // A same-module method that waits for the reply on the socket.
    `import net from 'node:net';
class Session {
  constructor(port) { this.socket = net.connect(port); this.socket.on('error', () => {}); }
  readResponse() { return new Promise((resolve) => this.socket.once('data', resolve)); }
  async quit() {
    this.socket.write('QUIT\\r\\n');
    await this.readResponse();
    this.socket.destroy();
  }
}
export default Session;`,
    // A reader loop: each pass awaits a frame read from the socket before the write that ends it.
    `import net from 'node:net';
import { createAsyncReader, decodeFrame } from './codec.js';
export function open(port) {
  const socket = net.connect(port);
  socket.on('error', () => {});
  (async () => {
    try {
      const read = createAsyncReader(socket);
      while (true) handle(socket, await decodeFrame(read));
    } catch (err) {
      socket.destroy(err);
    }
  })();
}
function handle(socket, frame) {
  if (frame.close) socket.write('close-ok');
}`,
    // A close helper that destroys only on request and ends otherwise: the write is flushed by end().
    `import net from 'node:net';
class DataChannel {
  constructor(options) { this.options = options; }
  send(socket, data) {
    socket.write(data);
    this.closeSocket(socket);
  }
  closeSocket(socket, hard) {
    if (hard || this.options.destroySockets) socket.destroy();
    else socket.end();
  }
}
net.createServer((socket) => new DataChannel({}).send(socket, 'listing'));`,
    // The socket field is cleared where it is ended: a writer that needs it cannot reach the ended socket.
    `import net from 'node:net';
export class Client {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
    this.socket.on('data', (d) => this.reply(d));
  }
  reply(d) {
    if (this.socket) this.socket.write(d);
  }
  close() {
    this.socket.end();
    this.socket = null;
  }
}`,
    // ES5: the request state is cleared where the socket is ended; the parser's writer reads it first.
    `var net = require('net');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function Connection(port) {
  EventEmitter.call(this);
  var self = this;
  this._sock = net.connect(port);
  this._sock.on('error', function (err) { self.emit('error', err); });
  this._parser = new Parser(this._sock);
  this._parser.on('continue', function () {
    if (self._curReq.lines && self._curReq.lines.length) self._sock.write(self._curReq.lines.shift());
  });
}
util.inherits(Connection, EventEmitter);
Connection.prototype.destroy = function () {
  this._curReq = undefined;
  this._sock.end();
};
module.exports = Connection;`,
    // A closed flag set where the socket is ended, checked by the connect callback.
    `const net = require('net');
let ended = false;
const client = net.connect(8125, () => {
  if (!ended) client.write('health\\r\\n');
});
client.on('error', () => {});
client.setTimeout(1000, () => {
  ended = true;
  client.end();
});`,
  ],
  invalid: [
    // node-semantics row 1: write then destroy at once.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.write(Buffer.alloc(64 * 1024 * 1024));
  socket.destroy();
});`,
      errors: [
        {
          messageId: 'destroyBeforeDrain',
          line: 4,
          column: 3,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `import net from 'node:net';
net.createServer((socket) => {
  socket.end(Buffer.alloc(64 * 1024 * 1024));
});`,
            },
          ],
        },
      ],
    },
    // resetAndDestroy after end(data).
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.end('bye');
  socket.resetAndDestroy();
});`,
      errors: [{ messageId: 'destroyBeforeDrain', line: 4, column: 3, endColumn: 27, suggestions: [] }],
    },
    // CommonJS, a reply then destroy in the data handler.
    {
      code: `const net = require('net');
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    socket.write('ERR too long\\r\\n');
    socket.destroy();
  });
});`,
      errors: [
        {
          messageId: 'destroyBeforeDrain',
          line: 5,
          column: 5,
          endColumn: 21,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `const net = require('net');
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    socket.end('ERR too long\\r\\n');
  });
});`,
            },
          ],
        },
      ],
    },
    // An await that is not a wait for the flush.
    {
      code: `import net from 'node:net';
net.createServer(async (socket) => {
  socket.write('goodbye');
  await saveSession();
  socket.destroy();
});
async function saveSession() {}`,
      errors: [{ messageId: 'destroyBeforeDrain', line: 5, column: 3, endColumn: 19, suggestions: [] }],
    },
    // A write through a same-module helper, then destroy.
    {
      code: `import net from 'node:net';
class Session {
  constructor(socket) { this.socket = socket; }
  send(line) { this.socket.write(line + '\\r\\n'); }
  kick() {
    this.send('421 closing');
    this.socket.destroy();
  }
}
net.createServer((socket) => new Session(socket).kick());`,
      errors: [{ messageId: 'destroyBeforeDrain', line: 7, column: 5, endColumn: 26, suggestions: [] }],
    },
    // A destroy(err) after the write.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
function fail(err) {
  sock.write('ERROR ' + err.message);
  sock.destroy(err);
}`,
      errors: [{ messageId: 'destroyBeforeDrain', line: 5, column: 3, endColumn: 20, suggestions: [] }],
    },
    // TypeScript annotated socket.
    {
      code: `import type { Socket } from 'node:net';
export function refuse(socket: Socket): void {
  socket.write('HTTP/1.1 503 Busy\\r\\n\\r\\n');
  socket.destroy();
}`,
      errors: [
        {
          messageId: 'destroyBeforeDrain',
          line: 4,
          column: 3,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `import type { Socket } from 'node:net';
export function refuse(socket: Socket): void {
  socket.end('HTTP/1.1 503 Busy\\r\\n\\r\\n');
}`,
            },
          ],
        },
      ],
    },
    // An upgrade socket refused by hand.
    {
      code: `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.write('HTTP/1.1 401 Unauthorized\\r\\n\\r\\n');
  socket.destroy();
});`,
      errors: [
        {
          messageId: 'destroyBeforeDrain',
          line: 5,
          column: 3,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.end('HTTP/1.1 401 Unauthorized\\r\\n\\r\\n');
});`,
            },
          ],
        },
      ],
    },
    // process.exit after a write.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
process.on('SIGTERM', () => {
  sock.write('BYE\\n');
  process.exit(0);
});`,
      errors: [{ messageId: 'exitBeforeDrain', line: 5, column: 3, endColumn: 18 }],
    },
    // process.exit after end(data).
    {
      code: `const net = require('node:net');
const sock = net.connect(7000);
sock.end(JSON.stringify({ bye: true }));
process.exit(1);`,
      errors: [{ messageId: 'exitBeforeDrain', line: 4, column: 1, endColumn: 16 }],
    },
    // write after end on the same path.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.end('bye');
  socket.write('one more thing');
});`,
      errors: [{ messageId: 'writeAfterEnd', line: 4, column: 3, endColumn: 33 }],
    },
    // write after end across an await.
    {
      code: `import net from 'node:net';
net.createServer(async (socket) => {
  socket.end();
  await new Promise((r) => setTimeout(r, 10));
  socket.write('late');
});`,
      errors: [{ messageId: 'writeAfterEnd', line: 5, column: 3, endColumn: 23 }],
    },
    // node-semantics row 2: end(), then a timer writes.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.end();
  setTimeout(() => socket.write('late'), 10);
});`,
      errors: [{ messageId: 'endWhileWriting', line: 3, column: 3, endColumn: 15 }],
    },
    // A continuation scheduled before the end().
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  setImmediate(() => socket.write('welcome'));
  socket.end();
});`,
      errors: [{ messageId: 'endWhileWriting', line: 4, column: 3, endColumn: 15 }],
    },
    // The socket's own data listener keeps writing after end() (half-close).
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
  socket.setTimeout(5000, () => socket.end('idle\\n'));
});`,
      errors: [{ messageId: 'endWhileWriting', line: 4, column: 33, endColumn: 53 }],
    },
    // An interval keeps writing.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  const timer = setInterval(() => socket.write('ping\\n'), 1000);
  socket.on('data', (chunk) => {
    if (chunk.toString().trim() === 'quit') socket.end('bye\\n');
  });
  socket.on('close', () => clearInterval(timer));
});`,
      errors: [{ messageId: 'endWhileWriting', line: 5, column: 45, endColumn: 64 }],
    },
    // A one-shot 'connect' listener that may not have run yet.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
sock.on('connect', () => sock.write('HELLO\\r\\n'));
setTimeout(() => sock.end(), 50);`,
      errors: [{ messageId: 'endWhileWriting', line: 4, column: 18, endColumn: 28 }],
    },
    // A write helper without a guard, called from the data listener.
    {
      code: `import net from 'node:net';
class Conn {
  constructor(socket) {
    this.socket = socket;
    socket.on('data', (d) => this.reply(d));
    socket.on('timeout', () => this.socket.end());
  }
  reply(data) {
    this.socket.write(data);
  }
}
net.createServer((socket) => new Conn(socket));`,
      errors: [{ messageId: 'endWhileWriting', line: 6, column: 32, endColumn: 49 }],
    },
    // A loop of writes, then destroy.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
function flushAll(lines) {
  for (const line of lines) sock.write(line);
  sock.destroy();
}`,
      errors: [{ messageId: 'destroyBeforeDrain', line: 5, column: 3, endColumn: 17, suggestions: [] }],
    },
    // process.exit across an await that does not wait for the flush.
    {
      code: `import net from 'node:net';
const sock = net.connect(7000);
async function shutdown(db) {
  sock.write('BYE\\n');
  await db.close;
  process.exit(0);
}`,
      errors: [{ messageId: 'exitBeforeDrain', line: 6, column: 3, endColumn: 18 }],
    },
    // TypeScript: write after end in a helper given an annotated socket.
    {
      code: `import type { Socket } from 'node:net';
export function finish(socket: Socket, trailer: string): void {
  socket.end();
  socket.write(trailer);
}`,
      errors: [{ messageId: 'writeAfterEnd', line: 4, column: 3, endColumn: 24 }],
    },
    // CommonJS: a client ends on 'timeout' while its 'data' listener still answers.
    {
      code: `const { connect } = require('node:net');
const sock = connect(7000);
sock.setTimeout(10000);
sock.on('timeout', () => sock.end());
sock.on('data', (chunk) => sock.write('ACK ' + chunk.length));`,
      errors: [{ messageId: 'endWhileWriting', line: 4, column: 26, endColumn: 36 }],
    },
    // ws-semantics e1: terminate() right after send() cuts the message off; close() delivers it.
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.send(JSON.stringify({ error: 'bad request' }));
  ws.terminate();
});`,
      errors: [
        {
          messageId: 'terminateBeforeDrain',
          line: 6,
          column: 3,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'suggestClose',
              output: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.send(JSON.stringify({ error: 'bad request' }));
  ws.close();
});`,
            },
          ],
        },
      ],
    },
    // ws-semantics e2: a backlog of sends, then terminate().
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  for (const update of history()) ws.send(update);
  ws.terminate();
});`,
      errors: [
        {
          messageId: 'terminateBeforeDrain',
          line: 6,
          column: 3,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'suggestClose',
              output: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  for (const update of history()) ws.send(update);
  ws.close();
});`,
            },
          ],
        },
      ],
    },
    // ws-semantics e5: destroying the underlying socket is terminate() by another name.
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.send('goodbye');
  ws._socket.destroy();
});`,
      errors: [
        {
          messageId: 'terminateBeforeDrain',
          line: 6,
          column: 3,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'suggestClose',
              output: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.send('goodbye');
  ws.close();
});`,
            },
          ],
        },
      ],
    },
    // The connection's req.socket is the same net.Socket (ws-semantics c9).
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  ws.on('error', () => {});
  ws.send('not allowed');
  req.socket.destroy();
});`,
      errors: [{ messageId: 'terminateBeforeDrain', line: 6, column: 3, endColumn: 23, suggestions: [] }],
    },
    // CommonJS client.
    {
      code: `const WebSocket = require('ws');
const client = new WebSocket('ws://localhost:8080');
client.on('error', () => {});
function quit(reason) {
  client.send(JSON.stringify({ type: 'quit', reason }));
  client.terminate();
}
module.exports = quit;`,
      languageOptions: COMMONJS,
      errors: [
        {
          messageId: 'terminateBeforeDrain',
          line: 6,
          column: 3,
          endColumn: 21,
          suggestions: [
            {
              messageId: 'suggestClose',
              output: `const WebSocket = require('ws');
const client = new WebSocket('ws://localhost:8080');
client.on('error', () => {});
function quit(reason) {
  client.send(JSON.stringify({ type: 'quit', reason }));
  client.close();
}
module.exports = quit;`,
            },
          ],
        },
      ],
    },
    // TypeScript, a handleUpgrade callback.
    {
      code: `import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
export function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    ws.send(Buffer.from('server full'));
    ws.terminate();
  });
}`,
      errors: [
        {
          messageId: 'terminateBeforeDrain',
          line: 9,
          column: 5,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'suggestClose',
              output: `import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
export function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    ws.send(Buffer.from('server full'));
    ws.close();
  });
}`,
            },
          ],
        },
      ],
    },
    // Issue 12: awaiting something unrelated to the socket is no flush wait (a database insert, a log flush).
    {
      code: `import net from 'node:net';
net.createServer(async (socket) => {
  socket.write('421 shutting down\\r\\n');
  await db.insert({ peer: socket.remoteAddress, at: Date.now() });
  await logger.flush();
  socket.destroy();
});`,
      errors: [{ messageId: 'destroyBeforeDrain', line: 6, column: 3, endColumn: 19, suggestions: [] }],
    },
    // Issue 12: end() in a branch that does not return; the write below runs on the same path.
    {
      code: `const net = require('net');
net.createServer(function (socket) {
  socket.on('data', function (chunk) {
    var entry = lookup(chunk);
    if (!entry) {
      socket.end('404 not found\\r\\n');
    }
    socket.write(render(entry));
  });
});`,
      languageOptions: COMMONJS,
      errors: [{ messageId: 'writeAfterEnd', line: 8, column: 5, endColumn: 32 }],
    },
    // Issue 12: end() on 'timeout' while the connect callback, which writes, may not have run yet.
    {
      code: `import net from 'node:net';
const socket = net.connect(7000, () => socket.write('HELLO\\r\\n'));
socket.on('error', () => {});
socket.setTimeout(1000);
socket.on('timeout', () => socket.end());`,
      errors: [{ messageId: 'endWhileWriting', line: 5, column: 28, endColumn: 40 }],
    },
    // The same with tls.connect and a socket's own connect(port, cb).
    {
      code: `import net from 'node:net';
export class Probe {
  start(port) {
    this.socket = new net.Socket();
    this.socket.on('error', () => {});
    this.socket.connect(port, () => this.socket.write('PING\\r\\n'));
    this.timer = setTimeout(() => this.stop(), 500);
  }
  stop() {
    this.socket.end();
  }
}`,
      errors: [{ messageId: 'endWhileWriting', line: 10, column: 5, endColumn: 22 }],
    },
    // Issue 12: a write deferred with setImmediate in a helper runs after the caller's end().
    {
      code: `import net from 'node:net';
function greet(socket) {
  setImmediate(() => socket.write('220 welcome\\r\\n'));
}
net.createServer((socket) => {
  socket.on('error', () => {});
  greet(socket);
  if (tooMany()) socket.end('421 too many connections\\r\\n');
});`,
      errors: [{ messageId: 'endWhileWriting', line: 8, column: 18, endColumn: 60 }],
    },
    // Issue 12: readable is not a guard (it stays true after end()).
    {
      code: `import net from 'node:net';
export class Client {
  constructor(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
    this.socket.on('data', (d) => this.reply(d));
  }
  reply(d) {
    if (this.socket.readable) this.socket.write(d);
  }
  close() {
    this.socket.end();
  }
}`,
      errors: [{ messageId: 'endWhileWriting', line: 12, column: 5, endColumn: 22 }],
    },
    // ES5: end() in one prototype method while another, reached from the parser's listener, writes guarded only by readable.
    {
      code: `var net = require('net');
var Parser = require('./parser');
function Client(port) {
  var self = this;
  this._socket = net.connect(port);
  this._socket.on('error', function (err) { self.emit('error', err); });
  this._parser = new Parser();
  this._socket.pipe(this._parser);
  this._parser.on('message', function (msg) { self._onMessage(msg); });
}
Client.prototype._onMessage = function (msg) {
  if (msg.type === 'ping') this._send('PONG');
};
Client.prototype._send = function (line) {
  if (this._socket.readable) this._socket.write(line + '\\r\\n');
};
Client.prototype.quit = function () {
  this._socket.end('QUIT\\r\\n');
};
module.exports = Client;`,
      languageOptions: COMMONJS,
      errors: [{ messageId: 'endWhileWriting', line: 18, column: 3, endColumn: 31 }],
    },
    // Object literal: a flag the end does not set is no guard.
    {
      code: `import net from 'node:net';
export const session = {
  socket: null,
  state: 'idle',
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
    this.socket.on('data', (chunk) => this.onData(chunk));
  },
  onData(chunk) {
    if (this.state === 'paging' && chunk.includes('--More--')) this.socket.write(' ');
  },
  close() {
    this.socket.end();
  },
};`,
      errors: [{ messageId: 'endWhileWriting', line: 14, column: 5, endColumn: 22 }],
    },
    // A close helper that always destroys, after a write helper: the QUIT can be discarded.
    {
      code: `import net from 'node:net';
export class Control {
  constructor(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
  }
  send(command) {
    this.socket.write(command + '\\r\\n');
  }
  close() {
    this.send('QUIT');
    this.closeSocket(this.socket);
  }
  closeSocket(socket) {
    if (socket) {
      socket.removeAllListeners();
      socket.destroy();
    }
  }
}`,
      errors: [{ messageId: 'destroyBeforeDrain', line: 12, column: 5, endColumn: 34, suggestions: [] }],
    },
    // A loop whose passes await a sleep, not the peer: the write that ends a pass can be discarded.
    {
      code: `import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
export function open(port) {
  const socket = net.connect(port);
  socket.on('error', () => {});
  (async () => {
    try {
      while (true) handle(socket, await sleep(5));
    } catch (err) {
      socket.destroy(err);
    }
  })();
}
function handle(socket, tick) {
  socket.write(String(tick));
}`,
      errors: [{ messageId: 'destroyBeforeDrain', line: 10, column: 7, endColumn: 26, suggestions: [] }],
    },
  ],
});
