import { describe, expect, it } from 'vitest';
import { analyze, textOf } from './analyze.js';

/** The methods called on sockets, as `receiver.method@line of the socket's origin`. */
function socketCalls(code: string): string[] {
  const analyzed = analyze(code);
  return analyzed.analysis.socketCalls.map((c) => `${textOf(analyzed, c.receiver)}.${c.method}@${c.socket.node.loc.start.line}`);
}

const NET = "const net = require('net');\nconst util = require('util');\nconst EventEmitter = require('events');";

describe('object model: constructor functions and prototypes (spec 0.1, objects of every era)', () => {
  it('follows this.x from a prototype method assigned as X.prototype.m = function', () => {
    const code = `${NET}
function Subagent() { EventEmitter.call(this); }
util.inherits(Subagent, EventEmitter);
Subagent.prototype.connectSocket = function () {
  var me = this;
  this.socket = new net.Socket();
  this.socket.on('error', me.onError.bind(me));
};
Subagent.prototype.send = function (data) { this.socket.write(data); };`;
    expect(socketCalls(code)).toEqual(['this.socket.on@8', 'this.socket.write@8']);
  });

  it('follows methods installed with Object.assign(X.prototype, {...})', () => {
    const code = `${NET}
function Client() {}
Object.assign(Client.prototype, {
  open() { this.conn = net.connect(1); },
  close() { this.conn.end(); },
});`;
    expect(socketCalls(code)).toEqual(['this.conn.end@6']);
  });

  it('follows methods of a prototype literal (X.prototype = {...})', () => {
    const code = `${NET}
function Client() {}
Client.prototype = {
  open: function () { this.conn = net.connect(1); },
  ping: function () { this.conn.write('PING'); },
};`;
    expect(socketCalls(code)).toEqual(['this.conn.write@6']);
  });

  it('gives a base constructor the fields its subclasses set, through util.inherits and Base.call(this)', () => {
    const code = `${NET}
function Base() {}
Base.prototype.send = function (d) { this.socket.write(d); };
function Child() { Base.call(this); this.socket = net.connect(1); }
util.inherits(Child, Base);`;
    expect(socketCalls(code)).toEqual(['this.socket.write@6']);
  });

  it('follows Object.setPrototypeOf(Child.prototype, Base.prototype) and class extends of a constructor function', () => {
    const code = `${NET}
function Base() {}
Base.prototype.send = function (d) { this.socket.write(d); };
function Child() { this.socket = net.connect(1); }
Object.setPrototypeOf(Child.prototype, Base.prototype);
class Modern extends Base { constructor() { super(); this.socket = net.connect(2); } }`;
    expect(socketCalls(code)).toEqual(['this.socket.write@6', 'this.socket.write@8']);
  });

  it('follows a socket set in the constructor function itself and used in a prototype method', () => {
    const code = `${NET}
function Conn(port) { this._socket = net.createConnection(port); }
Conn.prototype.destroy = function () { this._socket.destroy(); };`;
    expect(socketCalls(code)).toEqual(['this._socket.destroy@4']);
  });
});

describe('object model: object literals and factories', () => {
  it('follows an object-literal method that sets this.socket and another that uses it', () => {
    const code = `${NET}
const conn = {
  socket: null,
  open() { this.socket = net.connect(1); this.socket.on('error', () => {}); },
  send(d) { this.socket.write(d); },
};`;
    expect(socketCalls(code)).toEqual(['this.socket.on@6', 'this.socket.write@6']);
  });

  it('follows a factory that returns an object literal holding a socket', () => {
    const code = `${NET}
function createConn() {
  return { socket: net.connect(1), write(d) { this.socket.write(d); } };
}
const c = createConn();
c.socket.on('error', () => {});`;
    expect(socketCalls(code)).toEqual(['this.socket.write@5', 'c.socket.on@5']);
  });
});

describe('object model: this through aliases, call, apply and bind', () => {
  it.each([
    ['var self = this', 'var self = this;\n  net.createServer((s) => { self.client = s; self.client.on("error", () => {}); });'],
    ['var that = this', 'var that = this;\n  that.client = net.connect(1);\n  that.client.on("error", () => {});'],
  ])('%s', (_name, body) => {
    const code = `${NET}\nfunction Owner() {\n  ${body}\n}\nOwner.prototype.m = function () {};`;
    const calls = socketCalls(code);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/\.client\.on@/);
  });

  it('gives a helper run with fn.call(this) and fn.apply(this, arguments) the caller’s this', () => {
    const code = `${NET}
function attach() { this.socket.on('error', () => {}); }
function detach() { this.socket.destroy(); }
function Client() { this.socket = net.connect(1); attach.call(this); }
Client.prototype.close = function () { detach.apply(this, arguments); };`;
    expect(socketCalls(code)).toEqual(['this.socket.on@6', 'this.socket.destroy@6']);
  });

  it('gives a function bound with .bind(this) the binder’s this', () => {
    const code = `${NET}
function onTimeout() { this.socket.destroy(); }
class Client { open() { this.socket = net.connect(1); this.socket.on('timeout', onTimeout.bind(this)); } }`;
    expect(socketCalls(code)).toEqual(['this.socket.destroy@5', 'this.socket.on@5']);
  });
});

describe('several values, one receiver', () => {
  it('gives what is done through a receiver to every socket it may hold, each once', () => {
    const code = `${NET}
function Client(cfg) {
  this._socket = cfg.path ? net.createConnection(cfg.path) : net.createConnection(cfg.port);
  this._socket.on('error', () => {});
}`;
    const analyzed = analyze(code);
    const origins = analyzed.analysis.sockets.filter((s) => s.isOrigin);
    expect(origins).toHaveLength(2);
    for (const socket of origins) expect(analyzed.analysis.listenersOf(socket, 'error')).toHaveLength(1);
  });
});

describe('literal lists', () => {
  it('spells out a forEach over an array literal of event names', () => {
    const code = `${NET}
const s = net.connect(1);
['error', 'close'].forEach((ev) => s.on(ev, () => {}));`;
    const analyzed = analyze(code);
    expect(analyzed.analysis.listeners.map((l) => l.event)).toEqual(['error', 'close']);
  });

  it('spells out a for…of over a const list', () => {
    const code = `${NET}
const EVENTS = ['end', 'error'];
const s = net.connect(1);
for (const ev of EVENTS) s.once(ev, () => {});`;
    const analyzed = analyze(code);
    expect(analyzed.analysis.listeners.map((l) => l.event)).toEqual(['end', 'error']);
  });
});

describe('methods generated from a literal list that forward to a wrapped socket', () => {
  it('takes w.on("error", cb) on the wrapper for a listener on the wrapped socket', () => {
    const code = `${NET}
function Wrapper(port) { this._sock = net.connect(port); }
['on', 'once', 'setTimeout'].forEach(function (m) {
  Wrapper.prototype[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
const w = new Wrapper(1);
w.on('error', () => {});
w.setTimeout(1000);`;
    const analyzed = analyze(code);
    expect(analyzed.analysis.listeners.map((l) => l.event)).toEqual(['error']);
    expect(analyzed.analysis.socketCalls.map((c) => c.method)).toEqual(expect.arrayContaining(['on', 'setTimeout']));
  });
});

describe('methods generated onto object literals', () => {
  it('follows forwarders generated onto a literal binding and onto a literal merged into a prototype', () => {
    const code = `${NET}
const conn = { open() { this._sock = net.connect(1); } };
['on', 'setTimeout'].forEach(function (m) {
  conn[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
conn.open();
conn.on('error', () => {});
function Wrapper(port) { this._sock = net.connect(port); }
const methods = {};
['on'].forEach(function (m) {
  methods[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
Object.assign(Wrapper.prototype, methods);
new Wrapper(2).on('close', () => {});`;
    const analyzed = analyze(code);
    expect(analyzed.analysis.listeners.map((l) => `${l.event}:${l.socket.node.loc.start.line}`)).toEqual(['error:4', 'close:10']);
  });
});

describe('TLS wrappers built by member assignment (spec 0.4)', () => {
  it('marks tls.connect(opts) a wrapper when opts.socket is assigned, and the raw socket does not escape', () => {
    const code = `${NET}
const tls = require('tls');
function upgrade(options) {
  const raw = net.connect(1);
  raw.on('error', () => {});
  const opts = {};
  for (const k in options) opts[k] = options[k];
  opts.socket = raw;
  const secure = tls.connect(opts);
  secure.on('error', () => {});
  return secure;
}`;
    const { analysis } = analyze(code);
    const [raw, secure] = analysis.sockets;
    expect(secure.kind).toBe('tls-client');
    expect(secure.wrapsExisting).toBe(true);
    expect(analysis.escapesOf(raw)).toEqual([]);
  });
});
