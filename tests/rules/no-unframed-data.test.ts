import rule from '../../src/rules/no-unframed-data.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-unframed-data', rule, {
  valid: [
    // Newline-delimited JSON with the remainder kept in an outer variable (the fix of node-semantics row 5).
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\\n');
    buffered = lines.pop();
    for (const line of lines) handle(JSON.parse(line));
  });
});
function handle(message) { return message; }`,
    },
    // Remainder kept on this (class), the shape of ldapjs/amqplib-style readers.
    {
      code: `const net = require('net');
class LineReader {
  constructor(port) {
    this.rest = '';
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
    this.socket.on('data', (chunk) => this.onData(chunk));
  }
  onData(chunk) {
    const parts = (this.rest + chunk.toString('utf8')).split('\\r\\n');
    this.rest = parts.pop();
    parts.forEach((line) => this.emit(JSON.parse(line)));
  }
  emit(message) { return message; }
}
module.exports = LineReader;`,
    },
    // Length-prefixed frames with Buffer.concat accumulation (pg-protocol style).
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const length = pending.readUInt32BE(0);
      if (pending.length < 4 + length) break;
      const body = pending.subarray(4, 4 + length);
      pending = pending.subarray(4 + length);
      dispatch(JSON.parse(body.toString('utf8')));
    }
  });
});
function dispatch(message) { return message; }`,
    },
    // Accumulating into a local copy of the concatenation, remainder written back to this.
    {
      code: `import net from 'node:net';
export class Parser {
  constructor(socket) {
    this.buffer = null;
    socket.on('data', (chunk) => {
      const data = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
      const size = data.readUInt16BE(0);
      if (data.length < size + 2) {
        this.buffer = data;
        return;
      }
      this.buffer = data.subarray(size + 2);
    });
  }
}
new Parser(net.connect(1883));`,
    },
    // Chunks pushed into an outer list and joined on end.
    {
      code: `const net = require('net');
const chunks = [];
const socket = net.connect(80, 'example.com');
socket.on('data', (chunk) => chunks.push(chunk));
socket.on('end', () => console.log(JSON.parse(Buffer.concat(chunks).toString())));`,
    },
    // StringDecoder with the remainder kept in the outer buffer.
    {
      code: `import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';
net.createServer((socket) => {
  const decoder = new StringDecoder('utf8');
  let text = '';
  socket.on('data', (chunk) => {
    text += decoder.write(chunk);
    let index;
    while ((index = text.indexOf('\\n')) !== -1) {
      const line = text.slice(0, index);
      text = text.slice(index + 1);
      if (line === 'PING') socket.write('PONG\\n');
    }
  });
});`,
    },
    // The socket feeds readline: lines are framed (a data listener on it only counts bytes).
    {
      code: `import net from 'node:net';
import readline from 'node:readline';
net.createServer((socket) => {
  const rl = readline.createInterface({ input: socket });
  rl.on('line', (line) => socket.write(JSON.stringify(JSON.parse(line)) + '\\n'));
  socket.on('data', (chunk) => {
    if (chunk.toString().split('\\n').length > 1000) socket.destroy();
  });
});`,
    },
    // Pipeline into a parser stream: no data listener on the socket.
    {
      code: `import net from 'node:net';
import { pipeline, Transform } from 'node:stream';
const splitter = () => new Transform({ transform(chunk, enc, cb) { cb(null, chunk); } });
net.createServer((socket) => {
  pipeline(socket, splitter(), (err) => { if (err) socket.destroy(); });
});`,
    },
    // Handing chunks to a stateful parser object (ioredis/mysql2 style).
    {
      code: `const net = require('net');
const Parser = require('redis-parser');
const socket = net.connect(6379);
const parser = new Parser({ returnReply: (reply) => console.log(reply) });
socket.on('data', (chunk) => parser.execute(chunk));`,
    },
    // Echo server: writing the chunk back is not parsing it.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
});`,
    },
    // Counting bytes is not parsing.
    {
      code: `import net from 'node:net';
let received = 0;
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    received += chunk.length;
    if (chunk.length === 0) socket.end();
  });
});`,
    },
    // dgram is message-based: one message per event.
    {
      code: `import dgram from 'node:dgram';
const socket = dgram.createSocket('udp4');
socket.on('message', (msg) => {
  const request = JSON.parse(msg.toString());
  if (msg.toString() === 'PING') socket.send('PONG', 41234);
  return request;
});`,
    },
    // ws is message-based: a message event holds one whole message.
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (data.toString() === 'ping') ws.send('pong');
    return msg;
  });
});`,
    },
    // A data listener on a non-socket stream (child process stdout) is out of scope.
    {
      code: `import { spawn } from 'node:child_process';
import net from 'node:net';
const child = spawn('ls');
child.stdout.on('data', (chunk) => console.log(JSON.parse(chunk)));
net.isIP('::1');`,
    },
    // Accumulating through a same-module helper the listener calls with the chunk.
    {
      code: `import net from 'node:net';
let buffer = '';
function feed(chunk) {
  buffer += chunk;
  const frames = buffer.split('\\0');
  buffer = frames.pop();
  return frames;
}
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    for (const frame of feed(chunk)) socket.write(frame);
  });
});`,
    },
    // TypeScript: accumulate in a typed class field.
    {
      code: `import type { Socket } from 'node:net';
import { createConnection } from 'node:net';
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly socket: Socket = createConnection(9000)) {
    this.socket.on('error', () => undefined);
    this.socket.on('data', (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      while (this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readUInt32BE(0)) {
        const len = this.buf.readUInt32BE(0);
        this.onFrame(this.buf.subarray(4, 4 + len));
        this.buf = this.buf.subarray(4 + len);
      }
    });
  }
  onFrame(frame: Buffer): void {
    console.log(frame.length);
  }
}`,
    },
    // Comparing a whole framed line, not the raw chunk.
    {
      code: `const net = require('node:net');
net.createServer((socket) => {
  let acc = '';
  socket.on('data', (chunk) => {
    acc += chunk.toString();
    let nl;
    while ((nl = acc.indexOf('\\n')) >= 0) {
      const cmd = acc.slice(0, nl).trim();
      acc = acc.slice(nl + 1);
      switch (cmd) {
        case 'QUIT':
          socket.end();
          break;
        default:
          socket.write('ERR\\n');
      }
    }
  });
});`,
    },
    // Comparing the chunk to an empty string is not a command match.
    {
      code: `import net from 'node:net';
const socket = net.connect(7000);
socket.on('data', (chunk) => {
  if (chunk.toString() === '') return;
  process.stdout.write(chunk);
});`,
    },
    // A data event whose first byte is inspected only (not a length prefix).
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.once('data', (chunk) => {
    if (chunk.readUInt8(0) === 0x16) socket.write('tls');
  });
});`,
    },
    // Accumulating with a BufferList-like holder on this (bl/append).
    {
      code: `const net = require('net');
function Reader(socket) {
  this.list = makeList();
  socket.on('data', (chunk) => {
    this.list.append(chunk);
    this.drain();
  });
}
Reader.prototype.drain = function () { return this.list.length; };
function makeList() { return { append() {}, length: 0 }; }
new Reader(net.connect(11211));`,
    },
    // Compiled CommonJS (tsc) accumulation with an outer remainder.
    {
      code: `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const net_1 = require("net");
let tail = "";
const server = (0, net_1.createServer)((socket) => {
  socket.on("data", (data) => {
    const lines = (tail + data.toString()).split("\\r\\n");
    tail = lines.pop() ?? "";
    for (const l of lines) socket.write(l);
  });
});
server.listen(2121);`,
    },
    // Modbus TCP framing (modbus-serial servertcp): MBAP length read from the accumulated buffer.
    {
      code: `const net = require('net');
const MBAP_LEN = 6;
net.createServer((sock) => {
  let recvBuffer = Buffer.from([]);
  sock.on('error', () => {});
  sock.on('data', function (data) {
    recvBuffer = Buffer.concat([recvBuffer, data], recvBuffer.length + data.length);
    while (recvBuffer.length > MBAP_LEN) {
      const pduLen = recvBuffer.readUInt16BE(4);
      if (recvBuffer.length - MBAP_LEN < pduLen) break;
      const request = recvBuffer.slice(MBAP_LEN, MBAP_LEN + pduLen);
      recvBuffer = recvBuffer.slice(MBAP_LEN + pduLen);
      sock.write(request);
    }
  });
});`,
    },
    // TypeScript: lines from readline.promises are framed.
    {
      code: `import * as net from 'node:net';
import * as readline from 'node:readline';
export function serve(port: number): net.Server {
  return net.createServer((socket: net.Socket) => {
    socket.on('error', () => undefined);
    const rl = readline.promises.createInterface({ input: socket });
    rl.on('line', (line: string) => {
      if (line === 'PING') socket.write('PONG\\n');
    });
    socket.on('data', (chunk: Buffer) => {
      if (chunk.toString() === 'x') return;
    });
  }).listen(port);
}`,
    },
    // ws (spec 8.2, ws-semantics h3): a 'message' is always one whole message, JSON.parse of it is correct
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', (data) => {
    const msg = JSON.parse(data);
    ws.send(JSON.stringify({ id: msg.id, ok: true }));
  });
});`,
    // ws client, CommonJS: comparing and splitting a 'message' is not unframed
    {
      code: `const WebSocket = require('ws');
const ws = new WebSocket('wss://example.com/commands');
ws.on('error', console.error);
ws.on('message', function (data) {
  const text = data.toString();
  if (text === 'PING') return this.send('PONG');
  const [command, ...args] = text.split(' ');
  console.log(command, args);
});`,
      languageOptions: COMMONJS,
    },
    // ws, TypeScript: a length read from a binary 'message', and addEventListener('message')
    `import { WebSocketServer, type RawData, type WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws: WebSocket) => {
  ws.on('error', console.error);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      const frame = data as Buffer;
      const length = frame.readUInt32BE(0);
      console.log(frame.subarray(4, 4 + length));
    } else {
      console.log(JSON.parse(data.toString()));
    }
  });
  ws.addEventListener('message', (event) => console.log(JSON.parse(String(event.data))));
});`,
    // ES5 (node-zookeeper-client): the remainder is kept in self.pendingBuffer, a field of this under the alias self
    {
      code: `var net = require('net');
function Connection(port) {
  this.pendingBuffer = null;
  this.socket = net.connect(port);
  this.socket.on('data', this.onSocketData.bind(this));
}
Connection.prototype.onSocketData = function (buffer) {
  var self = this;
  if (self.pendingBuffer) buffer = Buffer.concat([self.pendingBuffer, buffer]);
  if (buffer.length < 4) {
    self.pendingBuffer = buffer;
    return;
  }
  var size = buffer.readInt32BE(0);
  if (buffer.length < size + 4) {
    self.pendingBuffer = buffer;
    return;
  }
  self.pendingBuffer = buffer.length > size + 4 ? buffer.slice(size + 4) : null;
  self.emit('packet', buffer.slice(4, size + 4));
};
module.exports = Connection;`,
      languageOptions: COMMONJS,
    },
    // checkByteReads: the first byte of a once('data') chunk is the first byte of the stream (TLS sniffing)
    {
      code: `import net from 'node:net';
import tls from 'node:tls';
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.once('data', (first) => {
    socket.pause();
    socket.unshift(first);
    if (first[0] === 0x16) tls.connect({ socket }).on('error', () => socket.destroy());
    else socket.resume();
  });
}).listen(8443);`,
      options: [{"checkByteReads":true}],
    },
  ],
  invalid: [
    // Storing a parsed field in a registry keeps no remainder: the split is still per chunk.
    {
      code: `import net from 'node:net';
const nicknames = new Map();
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    for (const line of chunk.toString().split('\\n')) {
      const [command, nick] = line.trim().split(' ');
      if (command === 'NICK') nicknames.set(nick, socket);
    }
  });
});`,
      errors: [{ messageId: 'splitChunk', line: 5, column: 24, endLine: 5, endColumn: 52 }],
    },
    // node-semantics row 5: JSON.parse of each chunk.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    const message = JSON.parse(chunk);
    socket.write(JSON.stringify({ ok: true, id: message.id }));
  });
});`,
      errors: [
        { messageId: 'parseChunk', line: 4, column: 21, endLine: 4, endColumn: 38 },
      ],
    },
    // JSON.parse of text made from the chunk.
    {
      code: `const net = require('net');
const client = net.connect(7000);
client.on('data', (data) => {
  const text = data.toString('utf8').trim();
  console.log(JSON.parse(text));
});`,
      errors: [
        { messageId: 'parseChunk', line: 5, column: 15, endLine: 5, endColumn: 31 },
      ],
    },
    // Template literal of the chunk.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => handle(JSON.parse(\`\${chunk}\`)));
});
function handle(m) { return m; }`,
      errors: [
        { messageId: 'parseChunk', line: 3, column: 39, endLine: 3, endColumn: 61 },
      ],
    },
    // Split with every piece parsed: one report, on the split.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    const lines = chunk.toString().split('\\n');
    for (const line of lines) {
      if (line) socket.write(JSON.stringify(JSON.parse(line)));
    }
  });
});`,
      errors: [
        { messageId: 'splitChunk', line: 4, column: 19, endLine: 4, endColumn: 47 },
      ],
    },
    // Split then map(JSON.parse) in one expression: one report.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    chunk.toString().split('\\n').filter(Boolean).map((l) => JSON.parse(l)).forEach((m) => socket.write(m.id));
  });
});`,
      errors: [
        { messageId: 'splitChunk', line: 4, column: 5, endLine: 4, endColumn: 33 },
      ],
    },
    // Split of a listener-local buffer that dies with the call (no remainder carried).
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    let text = '';
    text += chunk;
    const [command, arg] = text.split(' ');
    socket.write(command + arg);
  });
});`,
      errors: [
        { messageId: 'splitChunk', line: 6, column: 28, endLine: 6, endColumn: 43 },
      ],
    },
    // Length prefix read from the chunk without accumulation.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    const length = chunk.readUInt32BE(0);
    const body = chunk.subarray(4, 4 + length);
    socket.write(body);
  });
});`,
      errors: [
        { messageId: 'lengthPrefixFromChunk', line: 4, column: 20, endLine: 4, endColumn: 41 },
      ],
    },
    // Little-endian 16-bit prefix, CommonJS client.
    {
      code: `const { connect } = require('node:net');
const socket = connect(502, 'plc.local');
socket.on('data', function (buf) {
  const size = buf.readUInt16LE(4);
  console.log(size);
});`,
      errors: [
        { messageId: 'lengthPrefixFromChunk', line: 4, column: 16, endLine: 4, endColumn: 35 },
      ],
    },
    // Comparing the chunk text to a command.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.toString().trim() === 'PING') socket.write('PONG\\n');
  });
});`,
      errors: [
        { messageId: 'compareChunk', line: 4, column: 9, endLine: 4, endColumn: 43 },
      ],
    },
    // Comparison of the raw chunk is reported even when the listener also accumulates.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    if (chunk === 'QUIT\\r\\n') return socket.end();
    buffer += chunk;
    const lines = buffer.split('\\r\\n');
    buffer = lines.pop();
    lines.forEach((line) => socket.write(line));
  });
});`,
      errors: [
        { messageId: 'compareChunk', line: 6, column: 9, endLine: 6, endColumn: 29 },
      ],
    },
    // Switch on the chunk text.
    {
      code: `const net = require('net');
net.createServer((c) => {
  c.on('data', (d) => {
    switch (d.toString()) {
      case 'HELO':
        c.write('250 hi');
        break;
      case 'QUIT':
        c.end();
        break;
    }
  });
});`,
      errors: [
        { messageId: 'compareChunk', line: 4, column: 13, endLine: 4, endColumn: 25 },
      ],
    },
    // Command on the left of the comparison, String(chunk).
    {
      code: `import net from 'node:net';
const client = net.connect(6379);
client.on('data', (reply) => {
  if ('+OK\\r\\n' !== String(reply)) throw new Error('unexpected');
});`,
      errors: [
        { messageId: 'compareChunk', line: 4, column: 7, endLine: 4, endColumn: 34 },
      ],
    },
    // Followed into a same-module function the listener calls with the chunk.
    {
      code: `import net from 'node:net';
function onMessage(socket, raw) {
  const msg = JSON.parse(raw.toString());
  socket.write(msg.reply);
}
net.createServer((socket) => {
  socket.on('data', (chunk) => onMessage(socket, chunk));
});`,
      errors: [
        { messageId: 'parseChunk', line: 3, column: 15, endLine: 3, endColumn: 41 },
      ],
    },
    // Class method listener bound with .bind(this).
    {
      code: `import net from 'node:net';
export class Client {
  constructor(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
    this.socket.on('data', this.onData.bind(this));
  }
  onData(chunk) {
    this.last = JSON.parse(chunk);
  }
}`,
      errors: [
        { messageId: 'parseChunk', line: 9, column: 17, endLine: 9, endColumn: 34 },
      ],
    },
    // TypeScript annotated socket parameter with a Buffer chunk.
    {
      code: `import type { Socket } from 'node:net';
interface Request { id: number }
export function serve(socket: Socket): void {
  socket.on('data', (chunk: Buffer) => {
    const request = JSON.parse(chunk.toString('utf8')) as Request;
    socket.write(String(request.id));
  });
}`,
      errors: [
        { messageId: 'parseChunk', line: 5, column: 21, endLine: 5, endColumn: 55 },
      ],
    },
    // once(data) greeting parsed as a whole.
    {
      code: `import net from 'node:net';
const socket = net.connect(4222);
socket.once('data', (greeting) => {
  const info = JSON.parse(greeting.toString().slice(5));
  console.log(info.server_id);
});`,
      errors: [
        { messageId: 'parseChunk', line: 4, column: 16, endLine: 4, endColumn: 56 },
      ],
    },
    // A local array that dies with the call is not accumulation.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    const parts = [];
    parts.push(chunk);
    socket.write(JSON.parse(Buffer.concat(parts).toString()).id);
    const copy = Buffer.from(chunk);
    console.log(JSON.parse(copy));
  });
});`,
      errors: [
        { messageId: 'parseChunk', line: 6, column: 18, endLine: 6, endColumn: 61 },
        { messageId: 'parseChunk', line: 8, column: 17, endLine: 8, endColumn: 33 },
      ],
    },
    // Counting bytes in outer state does not frame the data.
    {
      code: `import net from 'node:net';
let total = 0;
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    total += chunk.length;
    for (const cmd of chunk.toString().split(';')) socket.write(cmd);
  });
});`,
      errors: [
        { messageId: 'splitChunk', line: 6, column: 23, endLine: 6, endColumn: 50 },
      ],
    },
    // Annotated TLSSocket (JSDoc) with a 64-bit prefix read.
    {
      code: `/** @param {import('tls').TLSSocket} socket */
function watch(socket) {
  socket.on('data', (chunk) => {
    const id = chunk.readBigUInt64BE(0);
    console.log(id);
  });
}
module.exports = watch;`,
      errors: [
        { messageId: 'lengthPrefixFromChunk', line: 4, column: 16, endLine: 4, endColumn: 40 },
      ],
    },
    // Upgrade socket (http) parsed per chunk.
    {
      code: `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk) => console.log(JSON.parse(chunk.toString())));
});`,
      errors: [
        { messageId: 'parseChunk', line: 5, column: 44, endLine: 5, endColumn: 72 },
      ],
    },
    // TypeScript class: method listener compares and splits the chunk.
    {
      code: `import { createConnection, type Socket } from 'node:net';
export class Telnet {
  private readonly socket: Socket = createConnection(23);
  constructor() {
    this.socket.on('error', () => undefined);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }
  private onData(chunk: Buffer): void {
    const text: string = chunk.toString('latin1');
    if (text === 'login: ') this.socket.write('guest\\r\\n');
    const [first] = text.split('\\r\\n');
    console.log(first);
  }
}`,
      errors: [
        { messageId: 'compareChunk', line: 10, column: 9, endLine: 10, endColumn: 27 },
        { messageId: 'splitChunk', line: 11, column: 21, endLine: 11, endColumn: 39 },
      ],
    },
    // With checkByteReads, a one-byte length prefix read from the chunk is reported.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    const length = chunk.readUInt8(0);
    socket.write(chunk.subarray(1, 1 + length));
  });
});`,
      options: [{"checkByteReads":true}],
      errors: [
        { messageId: 'lengthPrefixFromChunk', line: 4, column: 20, endLine: 4, endColumn: 38 },
      ],
    },
    // ws bridge: the TCP side's 'data' chunk is still a chunk, whatever the WebSocket side does with it
    {
      code: `import net from 'node:net';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const upstream = net.connect(9000);
  upstream.on('error', () => ws.terminate());
  upstream.on('data', (chunk) => {
    const event = JSON.parse(chunk);
    ws.send(JSON.stringify(event));
  });
});`,
      errors: [
        { messageId: 'parseChunk', line: 9, column: 19, endColumn: 36 },
      ],
    },
    // An HTTP 'upgrade' socket decoding WebSocket frames by hand (thrift's web server): the length is read from one chunk
    {
      code: `var http = require('http');
http.createServer().on('upgrade', function (req, socket) {
  socket.on('error', function () { socket.destroy(); });
  socket.on('data', function (frame) {
    var length = frame[1] & 0x7f;
    if (length === 126) length = frame.readUInt16BE(2);
    console.log(frame.slice(4, 4 + length));
  });
});`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'lengthPrefixFromChunk', line: 6, column: 34, endColumn: 55 },
      ],
    },
    // checkByteReads (telnet-client 2.2.14): a Telnet IAC recognised only at the start of a chunk, reported once per test
    {
      code: `import net from 'node:net';
export class TelnetClient {
  private socket: net.Socket | null = null;
  private inputBuffer = '';
  connect(port: number): void {
    this.socket = net.connect(port);
    this.socket.on('data', (chunk: Buffer) => this.parse(chunk));
  }
  private parse(chunk: Buffer): void {
    if (chunk[0] === 255 && chunk[1] !== 255) this.negotiate(chunk);
    this.inputBuffer += chunk.toString();
  }
  private negotiate(chunk: Buffer): void {
    this.socket?.write(chunk);
  }
}`,
      options: [{"checkByteReads":true}],
      errors: [
        { messageId: 'compareChunk', line: 10, column: 9, endColumn: 25 },
      ],
    },
  ],
});
