import { describe, expect, it } from 'vitest';
import { analyze, textOf } from './analyze.js';

/** Escapes as `reason:text` strings. */
function escapes(code: string, options = {}) {
  const analyzed = analyze(code, options);
  return analyzed.analysis.escapes.map((e) => `${e.reason}:${textOf(analyzed, e.node).split('\n')[0]}`);
}

describe('escapes through objects and calls (spec 0.4)', () => {
  it('a socket stored in a field of another module’s object escapes, even when reached through this', () => {
    const code = `const tls = require('tls');
const { FTPContext } = require('./FtpContext');
class Client {
  constructor() { this.ftp = new FTPContext(); }
  connect(host) { this.ftp.socket = tls.connect(990, host); }
}
module.exports = Client;`;
    expect(escapes(code, { sourceType: 'commonjs' })).toEqual(['stored:this.ftp.socket = tls.connect(990, host)']);
  });

  it('a socket stored in a field of one of the module’s own objects does not escape', () => {
    const code = `import net from 'node:net';
class Client {
  constructor() { this.state = { socket: null }; }
  connect() { this.state.socket = net.connect(80); this.state.socket.on('error', () => {}); }
}
new Client().connect();`;
    expect(escapes(code)).toEqual([]);
  });

  it('new this.socketClass(socket) constructs a class the module does not define: an escape', () => {
    const code = `import net from 'node:net';
import { JsonSocket } from './helpers.js';
export class ClientTCP {
  constructor(options) { this.socketClass = options.socketClass || JsonSocket; }
  open() { const socket = new net.Socket(); return this.wrap(socket); }
  wrap(socket) { return new this.socketClass(socket); }
}`;
    expect(escapes(code)).toEqual(['passed:new this.socketClass(socket)']);
  });

  it('a method call on one of the module’s objects still does not take the socket', () => {
    const code = `import net from 'node:net';
export class Server {
  start() { net.createServer((socket) => this.track(socket)).listen(0); }
  track(socket) { socket.on('error', () => {}); }
}`;
    expect(escapes(code)).toEqual([]);
  });

  it('binding a socket into a local function with bind() is not an escape', () => {
    const code = `const net = require('net');
function parse(socket, data) { socket.write(data); }
net.createServer(function (sock) {
  sock.on('data', function (data) { setTimeout(parse.bind(null, sock, data), 0); });
});`;
    expect(escapes(code, { sourceType: 'commonjs' })).toEqual([]);
  });
});

describe('listeners and this', () => {
  it('a bound listener keeps its own this: the socket does not flow into the object', () => {
    const code = `const net = require('net');
function Manager(server) {
  this.socket = net.connect(server);
  this.socket.on('data', this.onData.bind(this));
}
Manager.prototype.onData = function (data) { this.queue(data); };
Manager.prototype.queue = function (data) { this.socket.write(data); };
module.exports = Manager;`;
    const analyzed = analyze(code, { sourceType: 'commonjs' });
    const methods = analyzed.analysis.socketCalls.map((c) => `${textOf(analyzed, c.receiver)}.${c.method}`);
    expect(methods).toContain('this.socket.write');
    expect(methods).not.toContain('this.queue');
    expect(analyzed.analysis.escapes).toEqual([]);
  });

  it('an event name chosen between two literals registers both, and this is the socket in the listener', () => {
    const code = `const tls = require('tls');
function Connection(stream) {
  this.connection = stream;
  this.connection.addListener(stream.encrypted ? 'secureConnect' : 'connect', function () { this.setTimeout(1000); });
}
const c = new Connection(tls.connect(443, 'example.com'));`;
    const analyzed = analyze(code, { sourceType: 'commonjs' });
    const [socket] = analyzed.analysis.sockets;
    expect(analyzed.analysis.listenersOf(socket).map((l) => l.event)).toEqual(['secureConnect', 'connect']);
    expect(analyzed.analysis.callsOn(socket).map((c) => `${textOf(analyzed, c.receiver)}.${c.method}`)).toContain('this.setTimeout');
  });
});
