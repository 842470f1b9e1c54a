// Issue 14: spec section 8.2 (ws WebSockets) in ESM, CommonJS and TypeScript spellings.
// tests/rules/<rule>.test.ts already hold most cells of the table; this file fills the
// spellings that were missing there (the idioms the acceptance names, and the contrasts).
import noDestroyBeforeDrain from '../../src/rules/no-destroy-before-drain.js';
import noUnframedData from '../../src/rules/no-unframed-data.js';
import requireConnectionCleanup from '../../src/rules/require-connection-cleanup.js';
import requireSocketErrorListener from '../../src/rules/require-socket-error-listener.js';
import requireSocketTimeout from '../../src/rules/require-socket-timeout.js';
import requireWriteBackpressure from '../../src/rules/require-write-backpressure.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

// 8.2, 6.1: a WebSocketServer made with port/server needs its own 'error' listener, reported on its `new`.
ruleTester.run('require-socket-error-listener (ws spellings)', requireSocketErrorListener, {
  valid: [
    // TypeScript's CommonJS import: server, connection and client each with an 'error' listener.
    `import WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('error', (err: Error) => console.error(err));
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', (err: Error) => console.error(err));
});
const upstream = new WebSocket('wss://upstream.example.com');
upstream.on('error', (err: Error) => console.error(err));`,
  ],
  invalid: [
    // TypeScript's CommonJS import (import = require): a connection with no 'error' listener (a1).
    {
      code: `import WebSocket = require('ws');
const wss = new WebSocket.Server({ noServer: true });
wss.on('connection', (ws: WebSocket) => {
  ws.on('message', (data: WebSocket.RawData) => ws.send(data));
});
export = wss;`,
      errors: [{ messageId: 'missingErrorListener', line: 3, column: 23, endLine: 3, endColumn: 36 }],
    },
    // TypeScript's CommonJS import: a client with no 'error' listener (b1).
    {
      code: `import WebSocket = require('ws');
const feed: WebSocket = new WebSocket('wss://feed.example.com');
feed.on('message', (data: WebSocket.RawData) => console.log(data.toString()));`,
      errors: [{ messageId: 'missingErrorListener', line: 2, column: 25, endLine: 2, endColumn: 64 }],
    },
    // ESM: the server made with port, its connections handled, the server itself not (ws-semantics a5).
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', (data) => ws.send(data));
});`,
      errors: [{ messageId: 'missingErrorListener', line: 2, column: 13, endLine: 2, endColumn: 48 }],
    },
    // TypeScript: a server made with an http server and a typed connection with no 'error' listener (a1, a6).
    {
      code: `import http from 'node:http';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
const server: http.Server = http.createServer();
server.on('error', (err: Error) => console.error(err));
const wss: WebSocketServer = new WebSocketServer({ server });
wss.on('connection', (ws: WebSocket) => {
  ws.on('message', (data: RawData) => ws.send(data));
});
server.listen(8080);`,
      errors: [
        { messageId: 'missingErrorListener', line: 5, column: 30, endLine: 5, endColumn: 61 },
        { messageId: 'missingErrorListener', line: 6, column: 23, endLine: 6, endColumn: 36 },
      ],
    },
  ],
});

// 8.2, 2: the correct heartbeat, its ping() loop over wss.clients, in TypeScript.
ruleTester.run('require-socket-timeout (ws spellings)', requireSocketTimeout, {
  valid: [
    // TypeScript: the ws README heartbeat, the flag declared on an extended interface and read through casts.
    `import { WebSocketServer, WebSocket } from 'ws';
interface LiveSocket extends WebSocket {
  isAlive: boolean;
}
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err: Error) => console.error(err));
wss.on('connection', (ws: LiveSocket) => {
  ws.isAlive = true;
  ws.on('error', (err: Error) => console.error(err));
  ws.on('pong', () => {
    ws.isAlive = true;
  });
});
const interval: NodeJS.Timeout = setInterval(() => {
  wss.clients.forEach((ws) => {
    if (!(ws as LiveSocket).isAlive) return ws.terminate();
    (ws as LiveSocket).isAlive = false;
    ws.ping();
  });
}, 30_000);
wss.on('close', () => clearInterval(interval));`,
    // TypeScript: the same with the flag kept on a cast alias (the common "const extWs = ws as ExtWebSocket" snippet).
    `import { WebSocketServer, type WebSocket } from 'ws';
type LiveSocket = WebSocket & { isAlive: boolean };
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws: WebSocket) => {
  (ws as LiveSocket).isAlive = true;
  ws.on('error', (err: Error) => console.error(err));
  ws.on('pong', () => {
    (ws as LiveSocket).isAlive = true;
  });
});
export const heartbeat: NodeJS.Timeout = setInterval(() => {
  for (const ws of wss.clients) {
    const extWs = ws as LiveSocket;
    if (!extWs.isAlive) {
      ws.terminate();
      continue;
    }
    extWs.isAlive = false;
    ws.ping();
  }
}, 30_000);`,
    // TypeScript: the whole heartbeat through the cast alias (`terminate()` and `ping()` on it):
    // an alias of the `wss.clients` element is that element (spec 0.1, 8.1).
    `import { WebSocketServer, type WebSocket } from 'ws';
type LiveSocket = WebSocket & { isAlive: boolean };
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws: WebSocket) => {
  (ws as LiveSocket).isAlive = true;
  ws.on('error', (err: Error) => console.error(err));
  ws.on('pong', () => {
    (ws as LiveSocket).isAlive = true;
  });
});
export const heartbeat: NodeJS.Timeout = setInterval(() => {
  for (const client of wss.clients) {
    const ws = client as LiveSocket;
    if (!ws.isAlive) {
      ws.terminate();
      continue;
    }
    ws.isAlive = false;
    ws.ping();
  }
}, 30_000);`,
    // ESM: the same through a plain alias, in a forEach over the client set.
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws) => {
  ws.isAlive = true;
  ws.on('error', console.error);
  ws.on('pong', () => { ws.isAlive = true; });
});
const interval = setInterval(() => {
  wss.clients.forEach((client) => {
    const ws = client;
    if (!ws.isAlive) return ws.terminate();
    ws.isAlive = false;
    ws.ping();
  });
}, 30000);
wss.on('close', () => clearInterval(interval));`,
  ],
  invalid: [],
});

// 8.2, 6.3: a broadcast bounded by bufferedAmount, in CommonJS (as a script) and TypeScript.
ruleTester.run('require-write-backpressure (ws spellings)', requireWriteBackpressure, {
  valid: [
    // CommonJS: skip the clients whose buffer is over the limit (ws-semantics d3).
    {
      code: `const WebSocket = require('ws');
const LIMIT = 1024 * 1024;
const wss = new WebSocket.Server({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', function (ws) {
  ws.on('error', console.error);
});
function broadcast(data) {
  for (const client of wss.clients) {
    if (client.readyState !== WebSocket.OPEN || client.bufferedAmount > LIMIT) continue;
    client.send(data);
  }
}
module.exports = { broadcast };`,
      languageOptions: COMMONJS,
    },
    // TypeScript: the chat relay of require-write-backpressure.test.ts, bounded by bufferedAmount.
    `import { WebSocketServer, WebSocket, type RawData } from 'ws';
const MAX_BUFFERED = 1 << 20;
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err: Error) => console.error(err));
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', (err: Error) => console.error(err));
  ws.on('message', (data: RawData, isBinary: boolean) => {
    for (const client of wss.clients) {
      if (client === ws || client.readyState !== WebSocket.OPEN) continue;
      if (client.bufferedAmount > MAX_BUFFERED) continue;
      client.send(data, { binary: isBinary });
    }
  });
});`,
  ],
  invalid: [],
});

// 8.2, 5: close() instead of terminate() after send(), in CommonJS and TypeScript (ws-semantics e4).
ruleTester.run('no-destroy-before-drain (ws spellings)', noDestroyBeforeDrain, {
  valid: [
    // CommonJS client: the goodbye, then close(): the message is delivered before the close frame.
    {
      code: `const WebSocket = require('ws');
const client = new WebSocket('ws://localhost:8080');
client.on('error', () => {});
function quit(reason) {
  client.send(JSON.stringify({ type: 'quit', reason }));
  client.close(1000, 'bye');
}
module.exports = quit;`,
      languageOptions: COMMONJS,
    },
    // TypeScript: a typed connection refused with a reason, then closed.
    `import { WebSocketServer, type WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err: Error) => console.error(err));
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', (err: Error) => console.error(err));
  reject(ws, 'unsupported protocol version');
});
function reject(ws: WebSocket, reason: string): void {
  ws.send(JSON.stringify({ error: reason }));
  ws.close(1002, 'protocol');
}`,
  ],
  invalid: [],
});

// 8.2, 6.4: wss.clients cleans itself (ws-semantics f3), in ESM and TypeScript.
ruleTester.run('require-connection-cleanup (ws spellings)', requireConnectionCleanup, {
  valid: [
    // ESM: connections tracked only by wss.clients, broadcast over it, nothing removed by hand.
    `import { WebSocketServer, WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', (data) => {
    wss.clients.forEach((client) => {
      if (client !== ws && client.readyState === WebSocket.OPEN) client.send(data);
    });
  });
});`,
    // TypeScript: the same, with the count read from wss.clients.
    `import { WebSocketServer, WebSocket, type RawData } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err: Error) => console.error(err));
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', (err: Error) => console.error(err));
  ws.send(JSON.stringify({ online: wss.clients.size }));
  ws.on('message', (data: RawData) => {
    for (const client of wss.clients) {
      if (client !== ws && client.readyState === WebSocket.OPEN) client.send(data);
    }
  });
});`,
  ],
  invalid: [],
});

// 8.2, 6.2: never on a 'message' listener; a TCP chunk bridged to a WebSocket is still a chunk.
ruleTester.run('no-unframed-data (ws spellings)', noUnframedData, {
  valid: [
    // CommonJS: JSON.parse on a 'message' is one whole message (ws-semantics h3).
    {
      code: `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', function (ws) {
  ws.on('error', console.error);
  ws.on('message', function (data) {
    const msg = JSON.parse(data);
    ws.send(JSON.stringify({ id: msg.id, ok: true }));
  });
});`,
      languageOptions: COMMONJS,
    },
  ],
  invalid: [
    // CommonJS: the TCP side of a bridge parses its 'data' chunk whole.
    {
      code: `const net = require('net');
const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', function (ws) {
  ws.on('error', console.error);
  const upstream = net.connect(9000);
  upstream.on('error', function () { ws.terminate(); });
  upstream.on('data', function (chunk) {
    ws.send(JSON.stringify(JSON.parse(chunk.toString())));
  });
});`,
      languageOptions: COMMONJS,
      errors: [{ messageId: 'parseChunk', line: 10, column: 28, endColumn: 56 }],
    },
    // TypeScript: the same bridge, typed.
    {
      code: `import net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err: Error) => console.error(err));
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', (err: Error) => console.error(err));
  const upstream: net.Socket = net.connect(9000);
  upstream.on('error', () => ws.terminate());
  upstream.on('data', (chunk: Buffer) => {
    const event: unknown = JSON.parse(chunk.toString('utf8'));
    ws.send(JSON.stringify(event));
  });
});`,
      errors: [{ messageId: 'parseChunk', line: 10, column: 28, endColumn: 62 }],
    },
  ],
});
