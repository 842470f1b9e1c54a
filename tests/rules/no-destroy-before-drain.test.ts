import rule from '../../src/rules/no-destroy-before-drain.js';
import { createRuleTester } from './rule-tester.js';

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
  ],
});
