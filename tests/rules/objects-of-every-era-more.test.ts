// Issue 11, "objects of every era" (spec 0.1, 0.4, 5): the cells of the acceptance table that
// tests/rules/objects-of-every-era.test.ts and the rule files leave open. For each point, the
// class, ES5 (constructor function and prototype) and object-literal spellings, valid and invalid,
// through the rules that depend on the point: an `'error'` listener and an idle timeout per origin
// (points 1-5, 8, 9), literal lists (6: require-socket-error-listener, no-listener-in-loop,
// require-write-backpressure), fresh objects per pass (7: no-listener-in-loop) and awaited replies
// (10: no-destroy-before-drain). Case names say "point N (spelling)".
import requireSocketErrorListener from '../../src/rules/require-socket-error-listener.js';
import requireSocketTimeout from '../../src/rules/require-socket-timeout.js';
import noDestroyBeforeDrain from '../../src/rules/no-destroy-before-drain.js';
import noListenerInLoop from '../../src/rules/no-listener-in-loop.js';
import requireWriteBackpressure from '../../src/rules/require-write-backpressure.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

/** Correct programs both rules must leave alone: the socket gets its listener and its timeout. */
const validForErrorListenerAndTimeout = [
    {
      name: 'point 1 (ES5): Object.setPrototypeOf(Child.prototype, Base.prototype), the base method adds the listener (error listener and timeout)',
      code: `var net = require('net');
function Base() {}
Base.prototype._watch = function () {
  var self = this;
  this.socket.on('error', function (err) { self.onError(err); });
  this.socket.setTimeout(30000, function () { self.socket.destroy(); });
};
Base.prototype.onError = function (err) { console.error(err); };
function Client(port) {
  Base.call(this);
  this.socket = net.connect(port);
  this._watch();
}
Object.setPrototypeOf(Client.prototype, Base.prototype);
Object.setPrototypeOf(Client, Base);
module.exports = Client;`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 1 (object literal): X.prototype = { open: function () {...} } with the listener (error listener and timeout)',
      code: `var net = require('net');
function Client(port) {
  this.port = port;
  this.conn = null;
}
Client.prototype = {
  constructor: Client,
  open: function () {
    var self = this;
    this.conn = net.connect(this.port);
    this.conn.on('error', function (err) { self.onError(err); });
    this.conn.setTimeout(60000, function () { self.conn.destroy(); });
  },
  onError: function (err) { console.error('redis', err); },
};
module.exports = Client;`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 2 (ES5): object literal with function-valued properties and var self = this (error listener and timeout)',
      code: `var net = require('net');
var client = {
  socket: null,
  connect: function (port) {
    var self = this;
    this.socket = net.connect(port);
    this.socket.on('error', function (err) { self.reconnect(err); });
    this.socket.setTimeout(30000, function () { self.socket.destroy(); });
  },
  reconnect: function () {},
};
module.exports = client;`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 3 (class): const self = this, listener registered through self (error listener and timeout)',
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Agent extends EventEmitter {
  connect(port) {
    const self = this;
    self.socket = net.connect(port);
    self.socket.on('error', function (err) { self.emit('error', err); });
    self.socket.setTimeout(30000, function () { self.socket.destroy(); });
  }
}`,
    },
    {
      name: 'point 3 (object literal): var self = this in a literal method (error listener and timeout)',
      code: `const net = require('net');
const client = {
  socket: null,
  connect(port) {
    var self = this;
    self.socket = net.connect(port);
    self.socket.on('error', function (err) { self.onError(err); });
    self.socket.setTimeout(30000, function () { self.socket.destroy(); });
  },
  onError(err) { console.error(err); },
};
client.connect(7000);`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 4 (class): this.socket holds a tls or a net socket; one listener counts for both (error listener and timeout)',
      code: `import net from 'node:net';
import tls from 'node:tls';
export class Client {
  constructor(options) { this.options = options; }
  connect() {
    this.socket = this.options.tls ? tls.connect(this.options) : net.connect(this.options);
    this.socket.on('error', (err) => this.onError(err));
    this.socket.setTimeout(30000, () => this.socket.destroy());
  }
  onError(err) { console.error(err); }
}`,
    },
    {
      name: 'point 4 (object literal): this.socket assigned on two paths; one listener counts for both (error listener and timeout)',
      code: `const net = require('net');
const conn = {
  socket: null,
  open(opts) {
    if (opts.path) this.socket = net.createConnection(opts.path);
    else this.socket = net.createConnection(opts.port, opts.host);
    this.socket.on('error', (err) => this.fail(err));
    this.socket.setTimeout(opts.timeout || 30000, () => this.socket.destroy());
  },
  fail(err) { console.error(err); },
};
module.exports = conn;`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 5 (ES5): the constructor calls this._attach(), a prototype method that adds the listener (error listener and timeout)',
      code: `var net = require('net');
function Client(port) {
  this.socket = net.connect(port);
  this._attach();
}
Client.prototype._attach = function () {
  var self = this;
  this.socket.on('error', function (err) { self.onError(err); });
  this.socket.setTimeout(30000, function () { self.socket.destroy(); });
};
Client.prototype.onError = function (err) { console.error(err); };
module.exports = Client;`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 5 (object literal): open() calls this._attach() in the same segment (error listener and timeout)',
      code: `const net = require('net');
const conn = {
  socket: null,
  open(port) {
    this.socket = net.connect(port);
    this._attach();
  },
  _attach() {
    this.socket.on('error', (err) => this.onError(err));
    this.socket.setTimeout(30000, () => this.socket.destroy());
  },
  onError(err) { console.error(err); },
};
conn.open(7000);`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 8 (class): TLS wrapper with options copied by for…in and opts.socket = this.raw, both with listeners (error listener and timeout)',
      code: `import net from 'node:net';
import tls from 'node:tls';
export class SecureClient {
  constructor(options) { this.options = options; }
  connect() {
    this.raw = net.connect(this.options.port, this.options.host);
    this.raw.on('error', (err) => this.onError(err));
    this.raw.setTimeout(30000, () => this.raw.destroy());
    const opts = {};
    for (const key in this.options.tls) opts[key] = this.options.tls[key];
    opts.socket = this.raw;
    this.socket = tls.connect(opts);
    this.socket.on('error', (err) => this.onError(err));
  }
  onError(err) { console.error(err); }
}`,
    },
    {
      name: 'point 8 (object literal): STARTTLS method wrapping this.socket, both with listeners (error listener and timeout)',
      code: `const net = require('net');
const tls = require('tls');
const session = {
  socket: null,
  open(port, host) {
    this.socket = net.connect(port, host);
    this.socket.on('error', (err) => this.fail(err));
    this.socket.setTimeout(30000, () => this.socket.destroy());
  },
  starttls(options) {
    const opts = {};
    for (const key in options) opts[key] = options[key];
    opts.socket = this.socket;
    this.secure = tls.connect(opts);
    this.secure.on('error', (err) => this.fail(err));
  },
  fail(err) { console.error(err); },
};
module.exports = session;`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 9 (class): methods generated on Wrapper.prototype from a literal list forward on() to the socket (error listener and timeout)',
      code: `import net from 'node:net';
export class Wrapper {
  constructor(port) {
    this._sock = net.connect(port);
  }
}
['on', 'once', 'setTimeout', 'write', 'destroy'].forEach((m) => {
  Wrapper.prototype[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
const w = new Wrapper(7000);
w.on('error', (err) => console.error(err));
w.setTimeout(30000, () => w.destroy());`,
    },
    {
      name: 'point 9 (object literal): X.prototype = {...} literal, then forwarding methods generated from a list (error listener and timeout)',
      code: `var net = require('net');
function Wrapper(port) { this._sock = net.connect(port); }
Wrapper.prototype = {
  constructor: Wrapper,
  address: function () { return this._sock.address(); },
};
['on', 'once', 'setTimeout', 'destroy'].forEach(function (m) {
  Wrapper.prototype[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
var w = new Wrapper(7000);
w.on('error', function (err) { console.error(err); });
w.setTimeout(30000, function () { w.destroy(); });`,
      languageOptions: COMMONJS,
    },
];

ruleTester.run('require-socket-error-listener (objects of every era, more)', requireSocketErrorListener, {
  valid: [
    ...validForErrorListenerAndTimeout,
    {
      name: 'point 1 (class): extends a base class of the same module whose method, called in the same segment, forwards errors',
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
class Connection extends EventEmitter {
  watch() {
    this.socket.on('error', (err) => this.emit('error', err));
  }
}
export class RedisConnection extends Connection {
  connect(port, host) {
    this.socket = net.connect(port, host);
    this.watch();
  }
}`,
    },
    {
      name: 'point 1 (class): extends an ES5 constructor of the same module whose prototype method adds the listener',
      code: `import net from 'node:net';
function Transport() {}
Transport.prototype.watch = function () {
  var self = this;
  this.socket.on('error', function (err) { self.onError(err); });
};
Transport.prototype.onError = function (err) { console.error(err); };
export class TcpTransport extends Transport {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.watch();
  }
}`,
    },

    {
      name: 'point 2 (class): factory returning an instance of a class that forwards the socket errors',
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
class Connection extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => this.emit('error', err));
  }
}
export function createConnection(port) {
  return new Connection(port);
}`,
    },

    {
      name: 'point 2 (ES5): factory building an object literal in a var, listener on its socket field',
      code: `var net = require('net');
function createClient(port) {
  var client = { socket: net.connect(port), queue: [] };
  client.socket.on('error', function (err) { client.queue.length = 0; console.error(err); });
  return client;
}
module.exports = createClient;`,
      languageOptions: COMMONJS,
    },

    {
      name: 'point 3 (class): module helper run with wire.call(this)',
      code: `import net from 'node:net';
function wire() {
  this.socket.on('error', (err) => this.fail(err));
}
export class Client {
  open(port) {
    this.socket = net.connect(port);
    wire.call(this);
  }
  fail(err) { console.error(err); }
}`,
    },

    {
      name: 'point 3 (object literal): module helper run with attach.call(this)',
      code: `const net = require('net');
function attach() {
  this.socket.on('error', (err) => this.onError(err));
}
const client = {
  open(port) {
    this.socket = net.connect(port);
    attach.call(this);
  },
  onError(err) { console.error(err); },
};
client.open(7000);`,
      languageOptions: COMMONJS,
    },

    {
      name: 'point 5 (class): this.socket = net.connect(); this._attach() adds the listener',
      code: `import net from 'node:net';
export class Client {
  open(port) {
    this.socket = net.connect(port);
    this._attach();
  }
  _attach() {
    this.socket.on('error', (err) => this.onError(err));
  }
  onError(err) { console.error(err); }
}`,
    },

    {
      name: "point 6 (class): ['error', 'close'].forEach registers an 'error' listener",
      code: `import net from 'node:net';
export class Forwarder {
  start(port) {
    this.socket = net.connect(port);
    ['error', 'close'].forEach((event) => this.socket.once(event, () => this.stop()));
  }
  stop() { this.socket.destroy(); }
}`,
    },
    {
      name: "point 6 (ES5): a literal list of events forwarded through self, 'error' among them",
      code: `var net = require('net');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function Client(port) {
  EventEmitter.call(this);
  var self = this;
  this.socket = net.connect(port);
  ['error', 'close', 'timeout'].forEach(function (event) {
    self.socket.on(event, function (arg) { self.emit(event, arg); });
  });
}
util.inherits(Client, EventEmitter);
module.exports = Client;`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 6 (object literal): for…of over ['error', 'end'] registers an 'error' listener",
      code: `import net from 'node:net';
const relay = {
  socket: null,
  open(port) {
    this.socket = net.connect(port);
    for (const event of ['error', 'end']) this.socket.on(event, () => this.reconnect(port));
  },
  reconnect(port) { setTimeout(() => this.open(port), 1000); },
};
relay.open(7000);`,
    },


    {
      name: 'point 9 (class): the same with for…of and rest/spread forwarding',
      code: `import net from 'node:net';
export class Wrapper {
  constructor(port) {
    this._sock = net.connect(port);
  }
}
for (const m of ['on', 'once', 'setTimeout', 'write', 'destroy']) {
  Wrapper.prototype[m] = function (...args) { return this._sock[m](...args); };
}
const w = new Wrapper(7000);
w.on('error', (err) => console.error(err));
w.setTimeout(30000, () => w.destroy());`,
    },

  ],
  invalid: [
    {
      name: "point 1 (class): extends a same-module base whose method forwards only 'close'",
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
class Connection extends EventEmitter {
  watch() {
    this.socket.on('close', () => this.emit('close'));
  }
}
export class RedisConnection extends Connection {
  connect(port, host) {
    this.socket = net.connect(port, host);
    this.watch();
  }
}`,
      errors: [
        { messageId: 'missingErrorListener', line: 10, column: 19, endLine: 10, endColumn: 42 },
      ],
    },
    {
      name: "point 1 (class): extends an ES5 constructor whose prototype method listens only for 'end'",
      code: `import net from 'node:net';
function Transport() {}
Transport.prototype.watch = function () {
  var self = this;
  this.socket.on('end', function () { self.onEnd(); });
};
Transport.prototype.onEnd = function () {};
export class TcpTransport extends Transport {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.watch();
  }
}`,
      errors: [
        { messageId: 'missingErrorListener', line: 11, column: 19, endLine: 11, endColumn: 36 },
      ],
    },
    {
      name: "point 1 (ES5): Object.setPrototypeOf base method listens only for 'close'",
      code: `var net = require('net');
function Base() {}
Base.prototype._watch = function () {
  var self = this;
  this.socket.on('close', function () { self.connected = false; });
  this.socket.setTimeout(30000, function () { self.emit('idle'); });
};
Base.prototype.emit = function () {};
function Client(port) {
  Base.call(this);
  this.socket = net.connect(port);
  this._watch();
}
Object.setPrototypeOf(Client.prototype, Base.prototype);
module.exports = Client;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 11, column: 17, endLine: 11, endColumn: 34 },
      ],
    },
    {
      name: "point 1 (object literal): Object.assign(X.prototype, EventEmitter.prototype, {...}) forwarding only 'data'",
      code: `const net = require('net');
const EventEmitter = require('events');
function Client(port) {
  EventEmitter.call(this);
  this.port = port;
}
Object.assign(Client.prototype, EventEmitter.prototype, {
  open() {
    this.conn = net.connect(this.port);
    this.conn.on('data', (d) => this.emit('data', d));
  },
});
module.exports = Client;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 9, column: 17, endLine: 9, endColumn: 39 },
      ],
    },
    {
      name: 'point 2 (class): factory returning an instance of a class with a socket field and no listener',
      code: `import net from 'node:net';
class Connection {
  constructor(port) {
    this.socket = net.connect(port);
  }
  send(d) { this.socket.write(d); }
}
export function createConnection(port) {
  return new Connection(port);
}`,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 19, endLine: 4, endColumn: 36 },
      ],
    },
    {
      name: "point 2 (ES5): object literal with function-valued properties, only a 'close' listener",
      code: `var net = require('net');
var client = {
  socket: null,
  connect: function (port) {
    var self = this;
    this.socket = net.connect(port);
    this.socket.on('close', function () { self.reconnect(); });
  },
  reconnect: function () {},
};
module.exports = client;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 6, column: 19, endLine: 6, endColumn: 36 },
      ],
    },
    {
      name: 'point 2 (object literal): exported factory returning a literal with methods that holds the socket, no listener',
      code: `const net = require('net');
function createConn(port) {
  const conn = {
    socket: net.connect(port),
    send(d) { this.socket.write(d); },
    close() { this.socket.end(); },
  };
  return conn;
}
module.exports = { createConn };`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 13, endLine: 4, endColumn: 30 },
      ],
    },
    {
      name: "point 3 (class): helper run with wire.apply(this, arguments) listens only for 'close'",
      code: `import net from 'node:net';
function wire(label) {
  this.socket.on('close', () => console.log(label, 'closed'));
}
export class Client {
  open(port, label) {
    this.socket = net.connect(port);
    wire.apply(this, arguments);
  }
}`,
      errors: [
        { messageId: 'missingErrorListener', line: 7, column: 19, endLine: 7, endColumn: 36 },
      ],
    },
    {
      name: "point 3 (object literal): helper run with attach.apply(this, arguments) listens only for 'end'",
      code: `const net = require('net');
function attach() {
  this.socket.on('end', () => this.onEnd());
}
const client = {
  open(port) {
    this.socket = net.connect(port);
    attach.apply(this, arguments);
  },
  onEnd() {},
};
client.open(7000);`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 7, column: 19, endLine: 7, endColumn: 36 },
      ],
    },
    {
      name: 'point 4 (class): this.socket holds a tls or a net socket, no listener: each origin reported once',
      code: `import net from 'node:net';
import tls from 'node:tls';
export class Client {
  constructor(options) { this.options = options; }
  connect() {
    this.socket = this.options.tls ? tls.connect(this.options) : net.connect(this.options);
    this.socket.setTimeout(30000, () => this.socket.destroy());
  }
}`,
      errors: [
        { messageId: 'missingErrorListener', line: 6, column: 38, endLine: 6, endColumn: 63 },
        { messageId: 'missingErrorListener', line: 6, column: 66, endLine: 6, endColumn: 91 },
      ],
    },
    {
      name: 'point 4 (ES5): a receiver that holds one of two sockets, no listener: each origin reported once',
      code: `var net = require('net');
function Client(cfg) {
  this._socket = cfg.path ? net.createConnection(cfg.path) : net.createConnection(cfg.port);
  this._socket.setTimeout(30000, () => this._socket.destroy());
}`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 3, column: 29, endLine: 3, endColumn: 59 },
        { messageId: 'missingErrorListener', line: 3, column: 62, endLine: 3, endColumn: 92 },
      ],
    },
    {
      name: 'point 5 (class): _attach() runs only in the connect callback, after a refused connect can arrive',
      code: `import net from 'node:net';
export class Client {
  open(port) {
    this.socket = net.connect(port, () => this._attach());
  }
  _attach() {
    this.socket.on('error', (err) => this.onError(err));
    this.socket.setTimeout(30000, () => this.socket.destroy());
  }
  onError(err) { console.error(err); }
}`,
      errors: [
        { messageId: 'lateErrorListener', line: 7, column: 5, endLine: 7, endColumn: 56 },
      ],
    },
    {
      name: 'point 5 (ES5): _attach() deferred with process.nextTick',
      code: `var net = require('net');
function Client(port) {
  var self = this;
  this.socket = net.connect(port);
  this.socket.setTimeout(30000, function () { self.socket.destroy(); });
  process.nextTick(function () { self._attach(); });
}
Client.prototype._attach = function () {
  var self = this;
  this.socket.on('error', function (err) { self.onError(err); });
};
Client.prototype.onError = function (err) { console.error(err); };
module.exports = Client;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'lateErrorListener', line: 10, column: 3, endLine: 10, endColumn: 65 },
      ],
    },
    {
      name: 'point 5 (object literal): this._attach() called only after an await',
      code: `const net = require('net');
const conn = {
  socket: null,
  async open(port) {
    this.socket = net.connect(port);
    this.socket.setTimeout(30000, () => this.socket.destroy());
    await this.loadCredentials();
    this._attach();
  },
  _attach() {
    this.socket.on('error', (err) => this.onError(err));
  },
  async loadCredentials() {},
  onError(err) { console.error(err); },
};
conn.open(7000);`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'lateErrorListener', line: 11, column: 5, endLine: 11, endColumn: 56 },
      ],
    },
    {
      name: "point 6 (class): ['end', 'close'].forEach registers no 'error' listener",
      code: `import net from 'node:net';
export class Forwarder {
  start(port) {
    this.socket = net.connect(port);
    ['end', 'close'].forEach((event) => this.socket.once(event, () => this.stop()));
  }
  stop() { this.socket.destroy(); }
}`,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 19, endLine: 4, endColumn: 36 },
      ],
    },
    {
      name: "point 6 (ES5): a literal list of forwarded events without 'error'",
      code: `var net = require('net');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function Client(port) {
  EventEmitter.call(this);
  var self = this;
  this.socket = net.connect(port);
  ['connect', 'end', 'close'].forEach(function (event) {
    self.socket.on(event, function (arg) { self.emit(event, arg); });
  });
}
util.inherits(Client, EventEmitter);
module.exports = Client;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 7, column: 17, endLine: 7, endColumn: 34 },
      ],
    },
    {
      name: "point 6 (object literal): for…of over ['end', 'close'] registers no 'error' listener",
      code: `import net from 'node:net';
const relay = {
  socket: null,
  open(port) {
    this.socket = net.connect(port);
    for (const event of ['end', 'close']) this.socket.on(event, () => this.reconnect(port));
  },
  reconnect(port) { setTimeout(() => this.open(port), 1000); },
};
relay.open(7000);`,
      errors: [
        { messageId: 'missingErrorListener', line: 5, column: 19, endLine: 5, endColumn: 36 },
      ],
    },
    {
      name: "point 8 (class): TLS wrapper built from member-assigned options has no 'error' listener of its own",
      code: `import net from 'node:net';
import tls from 'node:tls';
export class SecureClient {
  constructor(options) { this.options = options; }
  connect() {
    this.raw = net.connect(this.options.port, this.options.host);
    this.raw.on('error', (err) => this.onError(err));
    this.raw.setTimeout(30000, () => this.raw.destroy());
    const opts = {};
    for (const key in this.options.tls) opts[key] = this.options.tls[key];
    opts.socket = this.raw;
    this.socket = tls.connect(opts);
    this.socket.on('secureConnect', () => this.onReady());
  }
  onError(err) { console.error(err); }
  onReady() {}
}`,
      errors: [
        { messageId: 'missingErrorListener', line: 12, column: 19, endLine: 12, endColumn: 36 },
      ],
    },
    {
      name: "point 8 (object literal): STARTTLS wrapper without an 'error' listener",
      code: `const net = require('net');
const tls = require('tls');
const session = {
  socket: null,
  open(port, host) {
    this.socket = net.connect(port, host);
    this.socket.on('error', (err) => this.fail(err));
    this.socket.setTimeout(30000, () => this.socket.destroy());
  },
  starttls(options) {
    const opts = {};
    for (const key in options) opts[key] = options[key];
    opts.socket = this.socket;
    this.secure = tls.connect(opts);
    this.secure.write('EHLO example.com\\r\\n');
  },
  fail(err) { console.error(err); },
};
module.exports = session;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 14, column: 19, endLine: 14, endColumn: 36 },
      ],
    },
    {
      name: "point 9 (class): generated forwarding methods, but only a 'data' listener is registered",
      code: `import net from 'node:net';
export class Wrapper {
  constructor(port) {
    this._sock = net.connect(port);
  }
}
['on', 'once', 'setTimeout', 'destroy'].forEach((m) => {
  Wrapper.prototype[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
const w = new Wrapper(7000);
w.on('data', (chunk) => console.log(chunk.length));
w.setTimeout(30000, () => w.destroy());`,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 18, endLine: 4, endColumn: 35 },
      ],
    },
  ],
});

ruleTester.run('require-socket-timeout (objects of every era, more)', requireSocketTimeout, {
  valid: [
    ...validForErrorListenerAndTimeout,



    {
      name: 'point 3 (class): the reaction is a module function bound with .bind(this) that destroys this.socket',
      code: `import net from 'node:net';
function onIdle() {
  this.socket.destroy();
}
export class Client {
  open(port) {
    this.socket = net.connect(port);
    this.socket.setTimeout(30000, onIdle.bind(this));
  }
}`,
    },

    {
      name: 'point 3 (object literal): the reaction is bound with .bind(this)',
      code: `const net = require('net');
function onIdle() { this.socket.destroy(); }
const client = {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
    this.socket.setTimeout(30000, onIdle.bind(this));
  },
};
client.open(7000);`,
      languageOptions: COMMONJS,
    },





  ],
  invalid: [
    {
      name: "point 1 (ES5): Object.setPrototypeOf base method's timeout reaction only emits 'idle'",
      code: `var net = require('net');
function Base() {}
Base.prototype._watch = function () {
  var self = this;
  this.socket.on('close', function () { self.connected = false; });
  this.socket.setTimeout(30000, function () { self.emit('idle'); });
};
Base.prototype.emit = function () {};
function Client(port) {
  Base.call(this);
  this.socket = net.connect(port);
  this._watch();
}
Object.setPrototypeOf(Client.prototype, Base.prototype);
module.exports = Client;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 6, column: 3, endLine: 6, endColumn: 68 },
      ],
    },
    {
      name: 'point 1 (object literal): Object.assign(X.prototype, {...}) method, socket with no timeout',
      code: `const net = require('net');
function Client(port) { this.port = port; }
Object.assign(Client.prototype, {
  open() {
    this.conn = net.connect(this.port);
    this.conn.on('error', () => this.conn.destroy());
  },
});
module.exports = Client;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingTimeout', line: 5, column: 17, endLine: 5, endColumn: 39, suggestions: [{ messageId: 'suggestAddTimeout', output: `const net = require('net');
function Client(port) { this.port = port; }
Object.assign(Client.prototype, {
  open() {
    this.conn = net.connect(this.port);
    this.conn.setTimeout(30000, () => this.conn.destroy());
    this.conn.on('error', () => this.conn.destroy());
  },
});
module.exports = Client;` }] },
      ],
    },
    {
      name: 'point 2 (object literal): factory building a literal with methods that holds the socket, no timeout',
      code: `const net = require('net');
function createConn(port) {
  const conn = {
    socket: net.connect(port),
    send(d) { this.socket.write(d); },
  };
  conn.socket.on('error', () => conn.socket.destroy());
  return conn;
}
module.exports = { createConn };`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingTimeout', line: 4, column: 13, endLine: 4, endColumn: 30 },
      ],
    },
    {
      name: "point 3 (class): const self = this, the reaction only emits 'idle'",
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Agent extends EventEmitter {
  connect(port) {
    const self = this;
    self.socket = net.connect(port);
    self.socket.on('error', function (err) { self.emit('error', err); });
    self.socket.setTimeout(30000, function () { self.emit('idle'); });
  }
}`,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 8, column: 5, endLine: 8, endColumn: 70 },
      ],
    },
    {
      name: "point 3 (class): the reaction bound with .bind(this) only emits 'idle'",
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
function onIdle() {
  this.emit('idle');
}
export class Client extends EventEmitter {
  open(port) {
    this.socket = net.connect(port);
    this.socket.setTimeout(30000, onIdle.bind(this));
  }
}`,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 9, column: 5, endLine: 9, endColumn: 53 },
      ],
    },
    {
      name: "point 3 (class): helper run with arm.call(this, ms) arms a timeout whose reaction only emits",
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
function arm(ms) {
  this.socket.setTimeout(ms, () => this.emit('idle'));
}
export class Client extends EventEmitter {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => this.emit('error', err));
    arm.call(this, 30000);
  }
}`,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 4, column: 3, endLine: 4, endColumn: 54 },
      ],
    },
    {
      name: 'point 3 (ES5): the reaction bound with .bind(this) only emits',
      code: `var net = require('net');
function onIdle() { this.emit('idle'); }
function Client(port) {
  this.socket = net.connect(port);
  this.socket.on('error', function () {});
  this.socket.setTimeout(30000, onIdle.bind(this));
}
Client.prototype.emit = function () {};`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 6, column: 3, endLine: 6, endColumn: 51 },
      ],
    },
    {
      name: 'point 3 (object literal): var me = this, the reaction only logs',
      code: `const net = require('net');
const client = {
  socket: null,
  connect(port) {
    var me = this;
    me.socket = net.connect(port);
    me.socket.on('error', function (err) { console.error(err); });
    me.socket.setTimeout(30000, function () { console.log('idle', me.socket.remoteAddress); });
  },
};
client.connect(7000);`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 8, column: 5, endLine: 8, endColumn: 95 },
      ],
    },
    {
      name: 'point 3 (object literal): helper run with arm.apply(this, arguments), the reaction only calls a logging method',
      code: `const net = require('net');
function arm(port, ms) {
  this.socket.setTimeout(ms, () => this.onIdle());
}
const client = {
  open(port, ms) {
    this.socket = net.connect(port);
    this.socket.on('error', () => this.socket.destroy());
    arm.apply(this, arguments);
  },
  onIdle() { console.log('idle'); },
};
client.open(7000, 30000);`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 3, column: 3, endLine: 3, endColumn: 50 },
      ],
    },
    {
      name: 'point 4 (object literal): this.socket assigned on two paths, no timeout: each origin reported once',
      code: `const net = require('net');
const conn = {
  socket: null,
  open(opts) {
    if (opts.path) this.socket = net.createConnection(opts.path);
    else this.socket = net.createConnection(opts.port, opts.host);
    this.socket.on('error', (err) => this.fail(err));
  },
  fail(err) { console.error(err); },
};
module.exports = conn;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingTimeout', line: 5, column: 34, endLine: 5, endColumn: 65 },
        { messageId: 'missingTimeout', line: 6, column: 24, endLine: 6, endColumn: 66 },
      ],
    },
    {
      name: "point 5 (class): this._arm() called in the same segment arms a timeout whose reaction only emits 'stale'",
      code: `import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Client extends EventEmitter {
  open(port) {
    this.socket = net.connect(port);
    this._arm();
  }
  _arm() {
    this.socket.on('error', (err) => this.emit('error', err));
    this.socket.setTimeout(30000, () => this.emit('stale'));
  }
}`,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 10, column: 5, endLine: 10, endColumn: 60 },
      ],
    },
    {
      name: 'point 8 (class): the wrapped socket of a member-assigned TLS wrapper keeps the timeout duty',
      code: `import net from 'node:net';
import tls from 'node:tls';
export class SecureClient {
  constructor(options) { this.options = options; }
  connect() {
    this.raw = net.connect(this.options.port, this.options.host);
    this.raw.on('error', (err) => this.onError(err));
    const opts = {};
    for (const key in this.options.tls) opts[key] = this.options.tls[key];
    opts.socket = this.raw;
    this.socket = tls.connect(opts);
    this.socket.on('error', (err) => this.onError(err));
  }
  onError(err) { console.error(err); }
}`,
      errors: [
        { messageId: 'missingTimeout', line: 6, column: 16, endLine: 6, endColumn: 65, suggestions: [{ messageId: 'suggestAddTimeout', output: `import net from 'node:net';
import tls from 'node:tls';
export class SecureClient {
  constructor(options) { this.options = options; }
  connect() {
    this.raw = net.connect(this.options.port, this.options.host);
    this.raw.setTimeout(30000, () => this.raw.destroy());
    this.raw.on('error', (err) => this.onError(err));
    const opts = {};
    for (const key in this.options.tls) opts[key] = this.options.tls[key];
    opts.socket = this.raw;
    this.socket = tls.connect(opts);
    this.socket.on('error', (err) => this.onError(err));
  }
  onError(err) { console.error(err); }
}` }] },
      ],
    },
    {
      name: 'point 8 (object literal): the STARTTLS wrapper does not take the timeout duty off this.socket',
      code: `const net = require('net');
const tls = require('tls');
const session = {
  socket: null,
  open(port, host) {
    this.socket = net.connect(port, host);
    this.socket.on('error', (err) => this.fail(err));
  },
  starttls(options) {
    const opts = {};
    for (const key in options) opts[key] = options[key];
    opts.socket = this.socket;
    this.secure = tls.connect(opts);
    this.secure.on('error', (err) => this.fail(err));
  },
  fail(err) { console.error(err); },
};
module.exports = session;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingTimeout', line: 6, column: 19, endLine: 6, endColumn: 42, suggestions: [{ messageId: 'suggestAddTimeout', output: `const net = require('net');
const tls = require('tls');
const session = {
  socket: null,
  open(port, host) {
    this.socket = net.connect(port, host);
    this.socket.setTimeout(30000, () => this.socket.destroy());
    this.socket.on('error', (err) => this.fail(err));
  },
  starttls(options) {
    const opts = {};
    for (const key in options) opts[key] = options[key];
    opts.socket = this.socket;
    this.secure = tls.connect(opts);
    this.secure.on('error', (err) => this.fail(err));
  },
  fail(err) { console.error(err); },
};
module.exports = session;` }] },
      ],
    },
    {
      name: 'point 9 (class): the generated setTimeout() forwards, but its reaction only logs',
      code: `import net from 'node:net';
export class Wrapper {
  constructor(port) {
    this._sock = net.connect(port);
  }
}
['on', 'once', 'setTimeout', 'destroy'].forEach((m) => {
  Wrapper.prototype[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
const w = new Wrapper(7000);
w.on('error', (err) => console.error(err));
w.setTimeout(30000, () => console.log('idle'));`,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 12, column: 1, endLine: 12, endColumn: 47 },
      ],
    },
    {
      name: "point 9 (ES5): the generated setTimeout() forwards, but the forwarded 'timeout' listener only logs",
      code: `var net = require('net');
function Wrapper(port) { this._sock = net.connect(port); }
['on', 'once', 'setTimeout', 'destroy'].forEach(function (m) {
  Wrapper.prototype[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
var w = new Wrapper(7000);
w.on('error', function () {});
w.setTimeout(30000);
w.on('timeout', function () { console.log('idle'); });`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 8, column: 1, endLine: 8, endColumn: 20 },
      ],
    },
  ],
});

ruleTester.run('no-destroy-before-drain (objects of every era, more)', noDestroyBeforeDrain, {
  valid: [
    {
      name: 'point 10 (class): awaiting the reply promise of an imported reader handed this.socket before destroy()',
      code: `import net from 'node:net';
import { readResponse } from './protocol.js';
export class SmtpClient {
  constructor(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
  }
  async quit() {
    const reply = readResponse(this.socket);
    this.socket.write('QUIT\\r\\n');
    await reply;
    this.socket.destroy();
  }
}`,
    },
    {
      name: 'point 10 (ES5): async prototype method awaits the reply of a required reader handed this.socket',
      code: `var net = require('net');
var readReply = require('./read-reply');
function Client(port) {
  this.socket = net.connect(port);
  this.socket.on('error', function () {});
}
Client.prototype.quit = async function () {
  var reply = readReply(this.socket);
  this.socket.write('QUIT\\r\\n');
  await reply;
  this.socket.destroy();
};
module.exports = Client;`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 10 (ES5): awaits a prototype method that resolves on the socket's next 'data'",
      code: `var net = require('net');
function Client(port) {
  this.socket = net.connect(port);
  this.socket.on('error', function () {});
}
Client.prototype._readLine = function () {
  var socket = this.socket;
  return new Promise(function (resolve) { socket.once('data', resolve); });
};
Client.prototype.quit = async function () {
  this.socket.write('QUIT\\r\\n');
  await this._readLine();
  this.socket.destroy();
};
module.exports = Client;`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 10 (object literal): awaiting the reply of a reader handed this.socket before destroy()',
      code: `import net from 'node:net';
import { readReply } from './resp.js';
export const redis = {
  socket: null,
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
  },
  async quit() {
    const reply = readReply(this.socket);
    this.socket.write('*1\\r\\n$4\\r\\nQUIT\\r\\n');
    await reply;
    this.socket.destroy();
  },
};`,
    },
  ],
  invalid: [
    {
      name: 'point 4 (class): this.socket holds a tls or a net socket: destroy() after write() reported once',
      code: `import net from 'node:net';
import tls from 'node:tls';
export class Client {
  constructor(options) {
    this.socket = options.tls ? tls.connect(options) : net.connect(options);
    this.socket.on('error', () => {});
  }
  quit() {
    this.socket.write('QUIT\\r\\n');
    this.socket.destroy();
  }
}`,
      errors: [
        { messageId: 'destroyBeforeDrain', line: 10, column: 5, endLine: 10, endColumn: 26, suggestions: [{ messageId: 'suggestEnd', output: `import net from 'node:net';
import tls from 'node:tls';
export class Client {
  constructor(options) {
    this.socket = options.tls ? tls.connect(options) : net.connect(options);
    this.socket.on('error', () => {});
  }
  quit() {
    this.socket.end('QUIT\\r\\n');
  }
}` }] },
      ],
    },
    {
      name: 'point 4 (object literal): this.socket assigned on two paths: destroy() after write() reported once',
      code: `const net = require('net');
const conn = {
  socket: null,
  open(opts) {
    if (opts.path) this.socket = net.createConnection(opts.path);
    else this.socket = net.createConnection(opts.port, opts.host);
    this.socket.on('error', () => {});
  },
  quit() {
    this.socket.write('QUIT\\r\\n');
    this.socket.destroy();
  },
};
module.exports = conn;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'destroyBeforeDrain', line: 11, column: 5, endLine: 11, endColumn: 26, suggestions: [{ messageId: 'suggestEnd', output: `const net = require('net');
const conn = {
  socket: null,
  open(opts) {
    if (opts.path) this.socket = net.createConnection(opts.path);
    else this.socket = net.createConnection(opts.port, opts.host);
    this.socket.on('error', () => {});
  },
  quit() {
    this.socket.end('QUIT\\r\\n');
  },
};
module.exports = conn;` }] },
      ],
    },
    {
      name: "point 10 (class): awaiting a store write is not the peer's reply",
      code: `import net from 'node:net';
export class SmtpClient {
  constructor(port, store) {
    this.store = store;
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
  }
  async quit() {
    this.socket.write('QUIT\\r\\n');
    await this.store.save({ closedAt: Date.now() });
    this.socket.destroy();
  }
}`,
      errors: [
        { messageId: 'destroyBeforeDrain', line: 11, column: 5, endLine: 11, endColumn: 26, suggestions: [] },
      ],
    },
    {
      name: 'point 10 (class): the reply promise exists, but a log flush is what is awaited before destroy()',
      code: `import net from 'node:net';
import { readResponse } from './protocol.js';
export class SmtpClient {
  constructor(port, log) {
    this.log = log;
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
  }
  async quit() {
    const reply = readResponse(this.socket);
    this.socket.write('QUIT\\r\\n');
    await this.log.flush();
    this.socket.destroy();
    return reply;
  }
}`,
      errors: [
        { messageId: 'destroyBeforeDrain', line: 13, column: 5, endLine: 13, endColumn: 26, suggestions: [] },
      ],
    },
    {
      name: 'point 10 (ES5): awaiting a sleep is not a wait for the flush',
      code: `var net = require('net');
var promisify = require('util').promisify;
var sleep = promisify(setTimeout);
function Client(port) {
  this.socket = net.connect(port);
  this.socket.on('error', function () {});
}
Client.prototype.quit = async function () {
  this.socket.write('QUIT\\r\\n');
  await sleep(100);
  this.socket.destroy();
};
module.exports = Client;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'destroyBeforeDrain', line: 11, column: 3, endLine: 11, endColumn: 24, suggestions: [] },
      ],
    },
    {
      name: 'point 10 (ES5): the reply promise exists, but an audit record is what is awaited before destroy()',
      code: `var net = require('net');
var readReply = require('./read-reply');
function Client(port, audit) {
  this.audit = audit;
  this.socket = net.connect(port);
  this.socket.on('error', function () {});
}
Client.prototype.quit = async function () {
  var reply = readReply(this.socket);
  this.socket.write('QUIT\\r\\n');
  await this.audit.record('quit');
  this.socket.destroy();
  return reply;
};
module.exports = Client;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'destroyBeforeDrain', line: 12, column: 3, endLine: 12, endColumn: 24, suggestions: [] },
      ],
    },
    {
      name: "point 10 (object literal): awaiting a database update is not the peer's reply",
      code: `import net from 'node:net';
export const redis = {
  socket: null,
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
  },
  async quit(db) {
    this.socket.write('*1\\r\\n$4\\r\\nQUIT\\r\\n');
    await db.query('UPDATE sessions SET closed = now()');
    this.socket.destroy();
  },
};`,
      errors: [
        { messageId: 'destroyBeforeDrain', line: 11, column: 5, endLine: 11, endColumn: 26, suggestions: [] },
      ],
    },
  ],
});

ruleTester.run('no-listener-in-loop (objects of every era, more)', noListenerInLoop, {
  valid: [
    {
      name: "point 6 (class): a for…of over [head, body] is a sequence: two once('drain') at most",
      code: `import net from 'node:net';
export class Responder {
  constructor(socket) { this.socket = socket; }
  send(head, body, done) {
    for (const part of [head, body]) {
      if (!this.socket.write(part)) this.socket.once('drain', done);
    }
  }
}
net.createServer((socket) => new Responder(socket));`,
    },
    {
      name: "point 6 (ES5): [header, payload].forEach through self is a sequence of two",
      code: `var net = require('net');
function Sender(port) {
  this.socket = net.connect(port);
}
Sender.prototype.send = function (header, payload, cb) {
  var self = this;
  [header, payload].forEach(function (part) {
    if (!self.socket.write(part)) self.socket.once('drain', cb);
  });
};
module.exports = Sender;`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 6 (object literal): a for…of over two command lines is a sequence',
      code: `import net from 'node:net';
export const smtp = {
  socket: net.connect(25, 'mail.example.com'),
  hello(name, done) {
    for (const line of [\`EHLO \${name}\\r\\n\`, 'STARTTLS\\r\\n']) {
      if (!this.socket.write(line)) this.socket.once('drain', done);
    }
  },
};`,
    },
    {
      name: 'point 7 (class): this.server = net.createServer() earlier in the same pass is a new emitter',
      code: `import net from 'node:net';
export class Cluster {
  start(ports) {
    for (const port of ports) {
      this.server = net.createServer((socket) => socket.end('busy\\n'));
      this.server.on('error', (err) => console.error(port, err));
      this.server.listen(port);
    }
  }
}`,
    },
    {
      name: 'point 7 (ES5): self.conn = net.connect() earlier in the same forEach pass is a new emitter',
      code: `var net = require('net');
function Prober(hosts) {
  this.hosts = hosts;
  this.conn = null;
}
Prober.prototype.probeAll = function () {
  var self = this;
  self.hosts.forEach(function (host) {
    self.conn = net.connect(80, host);
    self.conn.on('error', function (err) { console.error(host, err); });
    self.conn.on('connect', function () { this.end(); });
  });
};
module.exports = Prober;`,
      languageOptions: COMMONJS,
    },
  ],
  invalid: [
    {
      name: "point 6 (class): a for…of over the caller's parts is a loop: once('drain', done) per pass",
      code: `import net from 'node:net';
export class Responder {
  constructor(port) {
    this.socket = net.connect(port);
  }
  reply(parts, done) {
    for (const part of parts) {
      this.socket.write(part);
      this.socket.once('drain', done);
    }
  }
}`,
      errors: [
        { messageId: 'listenerInLoop', line: 9, column: 7, endLine: 9, endColumn: 23 },
      ],
    },
    {
      name: 'point 6 (class): a for…of over an array literal of four elements is a loop, not a sequence',
      code: `import net from 'node:net';
export class Greeter {
  constructor(port) { this.socket = net.connect(port); }
  greet(a, b, c, d, done) {
    for (const line of [a, b, c, d]) {
      if (!this.socket.write(line)) this.socket.once('drain', done);
    }
  }
}`,
      errors: [
        { messageId: 'listenerInLoop', line: 6, column: 37, endLine: 6, endColumn: 53 },
      ],
    },
    {
      name: "point 6 (ES5): rows.forEach through self adds once('drain', cb) per row",
      code: `var net = require('net');
function Sender(port) {
  this.socket = net.connect(port);
}
Sender.prototype.sendAll = function (rows, cb) {
  var self = this;
  rows.forEach(function (row) {
    self.socket.write(row);
    self.socket.once('drain', cb);
  });
};
module.exports = Sender;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'listenerInLoop', line: 9, column: 5, endLine: 9, endColumn: 21 },
      ],
    },
    {
      name: "point 6 (object literal): a for…of over the caller's lines adds once('drain') per line",
      code: `import net from 'node:net';
export const smtp = {
  socket: net.connect(25, 'mail.example.com'),
  sendLines(lines, done) {
    for (const line of lines) {
      this.socket.write(line + '\\r\\n');
      this.socket.once('drain', done);
    }
  },
};`,
      errors: [
        { messageId: 'listenerInLoop', line: 7, column: 7, endLine: 7, endColumn: 23 },
      ],
    },
    {
      name: 'point 7 (class): this.server made once in the constructor, a listener per pass',
      code: `import net from 'node:net';
export class Cluster {
  constructor() {
    this.server = net.createServer((socket) => socket.end('busy\\n'));
  }
  start(ports) {
    for (const port of ports) {
      this.server.on('error', (err) => console.error(port, err));
    }
  }
}`,
      errors: [
        { messageId: 'listenerInLoop', line: 8, column: 7, endLine: 8, endColumn: 21 },
      ],
    },
    {
      name: 'point 7 (class): re-assigned in the pass, but to the same server every time (not a new object)',
      code: `import net from 'node:net';
export class Cluster {
  constructor() {
    this.shared = net.createServer((socket) => socket.end());
  }
  start(ports) {
    for (const port of ports) {
      this.server = this.shared;
      this.server.on('error', (err) => console.error(port, err));
    }
  }
}`,
      errors: [
        { messageId: 'listenerInLoop', line: 9, column: 7, endLine: 9, endColumn: 21 },
      ],
    },
  ],
});

ruleTester.run('require-write-backpressure (objects of every era, more)', requireWriteBackpressure, {
  valid: [
    {
      name: 'point 6 (class): a for…of over [head, body] is a sequence of two writes',
      code: `import net from 'node:net';
export class Responder {
  constructor(port) {
    this.socket = net.connect(port);
  }
  reply(head, body) {
    for (const part of [head, body]) this.socket.write(part);
  }
}`,
    },
    {
      name: 'point 6 (class): a for…of over three parts is a sequence whatever maxLiteralIterations says',
      code: `import net from 'node:net';
export class Greeter {
  constructor(port) { this.socket = net.connect(port); }
  greet(a, b, c) {
    for (const line of [a, b, c]) this.socket.write(line);
  }
}`,
      options: [{ maxLiteralIterations: 0, checkHelperCalls: false }],
    },
    {
      name: 'point 6 (ES5): [header, payload].forEach through self is a sequence of two writes',
      code: `var net = require('net');
function Sender(port) {
  this.socket = net.connect(port);
}
Sender.prototype.send = function (header, payload, cb) {
  var self = this;
  [header, payload].forEach(function (part) {
    if (!self.socket.write(part)) self.socket.once('drain', cb);
  });
};
module.exports = Sender;`,
      languageOptions: COMMONJS,
    },
    {
      name: 'point 6 (object literal): a for…of over two command lines is a sequence of writes',
      code: `import net from 'node:net';
export const smtp = {
  socket: net.connect(25, 'mail.example.com'),
  hello(name, done) {
    for (const line of [\`EHLO \${name}\\r\\n\`, 'STARTTLS\\r\\n']) {
      if (!this.socket.write(line)) this.socket.once('drain', done);
    }
  },
};`,
    },
  ],
  invalid: [
    {
      name: "point 6 (class): a for…of over the caller's parts ignores write()'s result",
      code: `import net from 'node:net';
export class Responder {
  constructor(port) {
    this.socket = net.connect(port);
  }
  reply(parts, done) {
    for (const part of parts) {
      this.socket.write(part);
      this.socket.once('drain', done);
    }
  }
}`,
      errors: [
        { messageId: 'loopWrite', line: 8, column: 7, endLine: 8, endColumn: 30 },
      ],
    },
    {
      name: 'point 6 (class): an array literal of four elements is a loop bounded only by maxLiteralIterations',
      code: `import net from 'node:net';
export class Greeter {
  constructor(port) { this.socket = net.connect(port); }
  greet(a, b, c, d) {
    for (const line of [a, b, c, d]) this.socket.write(line);
  }
}`,
      options: [{ maxLiteralIterations: 2, checkHelperCalls: false }],
      errors: [
        { messageId: 'loopWrite', line: 5, column: 38, endLine: 5, endColumn: 61 },
      ],
    },
    {
      name: "point 6 (ES5): rows.forEach through self ignores write()'s result",
      code: `var net = require('net');
function Sender(port) {
  this.socket = net.connect(port);
}
Sender.prototype.sendAll = function (rows, cb) {
  var self = this;
  rows.forEach(function (row) {
    self.socket.write(row);
    self.socket.once('drain', cb);
  });
};
module.exports = Sender;`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'loopWrite', line: 8, column: 5, endLine: 8, endColumn: 27 },
      ],
    },
    {
      name: "point 6 (object literal): a for…of over the caller's lines ignores write()'s result",
      code: `import net from 'node:net';
export const smtp = {
  socket: net.connect(25, 'mail.example.com'),
  sendLines(lines, done) {
    for (const line of lines) {
      this.socket.write(line + '\\r\\n');
      this.socket.once('drain', done);
    }
  },
};`,
      errors: [
        { messageId: 'loopWrite', line: 6, column: 7, endLine: 6, endColumn: 39 },
      ],
    },
  ],
});

// Point 2 (object literal): a factory whose `return` is the literal itself. The literal has
// methods, so it is one of the module's objects and keeps its socket field (spec 0.4): the same
// duty as `const conn = {...}; return conn;`. A plain record returned hands the socket over.
const returnedLiteral = `const net = require('net');
function createConn(port) {
  return {
    socket: net.connect(port),
    send(d) { this.socket.write(d); },
    close() { this.socket.end(); },
  };
}
module.exports = { createConn };`;
const returnedRecord = `const net = require('net');
function dial(port) {
  return { socket: net.connect(port), port };
}
module.exports = { dial };`;
ruleTester.run('require-socket-error-listener (returned object literal)', requireSocketErrorListener, {
  valid: [{ name: 'point 2 (object literal): a returned plain record hands its socket to the caller', code: returnedRecord, languageOptions: COMMONJS }],
  invalid: [
    {
      name: 'point 2 (object literal): factory returning the literal with methods directly, no listener',
      code: returnedLiteral,
      languageOptions: COMMONJS,
      errors: [{ messageId: 'missingErrorListener', line: 4, column: 13, endLine: 4, endColumn: 30 }],
    },
  ],
});
ruleTester.run('require-socket-timeout (returned object literal)', requireSocketTimeout, {
  valid: [{ name: 'point 2 (object literal): a returned plain record hands its socket to the caller', code: returnedRecord, languageOptions: COMMONJS }],
  invalid: [
    {
      name: 'point 2 (object literal): factory returning the literal with methods directly, no timeout',
      code: returnedLiteral,
      languageOptions: COMMONJS,
      errors: [{ messageId: 'missingTimeout', line: 4, column: 13, endLine: 4, endColumn: 30 }],
    },
  ],
});

// Point 9 (object literal): forwarding methods generated from a literal list onto a plain object,
// onto a factory's literal, and onto a literal merged into a prototype (spec 0.1).
const generatedOnLiteral = (listens: string) => `var net = require('net');
var conn = {
  _sock: null,
  open: function (port) { this._sock = net.connect(port); },
};
['on', 'once', 'setTimeout', 'destroy'].forEach(function (m) {
  conn[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
conn.open(7000);
conn.on('${listens}', function (err) { console.error(err); });
conn.setTimeout(30000, function () { conn.destroy(); });`;
const generatedOnFactoryLiteral = `var net = require('net');
function make(port) {
  var wrapper = { _sock: net.connect(port) };
  ['on', 'setTimeout', 'destroy'].forEach(function (m) {
    wrapper[m] = function () { return this._sock[m].apply(this._sock, arguments); };
  });
  return wrapper;
}
var w = make(1);
w.on('error', function () {});
w.setTimeout(1000, function () { w.destroy(); });`;
const generatedIntoPrototype = `var net = require('net');
function Wrapper(port) { this._sock = net.connect(port); }
var methods = {};
['on', 'setTimeout', 'destroy'].forEach(function (m) {
  methods[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
Object.assign(Wrapper.prototype, methods);
var w = new Wrapper(1);
w.on('error', function () {});
w.setTimeout(1000, function () { w.destroy(); });`;
ruleTester.run('require-socket-error-listener (generated methods on literals)', requireSocketErrorListener, {
  valid: [
    { name: 'point 9 (object literal): listener through a forwarder generated onto a plain object', code: generatedOnLiteral('error'), languageOptions: COMMONJS },
    { name: "point 9 (object literal): listener through a forwarder generated onto a factory's literal", code: generatedOnFactoryLiteral, languageOptions: COMMONJS },
    { name: 'point 9 (ES5): forwarders generated onto a literal merged into the prototype', code: generatedIntoPrototype, languageOptions: COMMONJS },
  ],
  invalid: [
    {
      name: "point 9 (object literal): the generated forwarder carries only a 'close' listener",
      code: generatedOnLiteral('close'),
      languageOptions: COMMONJS,
      errors: [{ messageId: 'missingErrorListener', line: 4, column: 40, endLine: 4, endColumn: 57 }],
    },
  ],
});
ruleTester.run('require-socket-timeout (generated methods on literals)', requireSocketTimeout, {
  valid: [
    { name: 'point 9 (object literal): timeout through a forwarder generated onto a plain object', code: generatedOnLiteral('error'), languageOptions: COMMONJS },
    { name: "point 9 (object literal): timeout through a forwarder generated onto a factory's literal", code: generatedOnFactoryLiteral, languageOptions: COMMONJS },
    { name: 'point 9 (ES5): timeout through forwarders merged into the prototype', code: generatedIntoPrototype, languageOptions: COMMONJS },
  ],
  invalid: [],
});
