// Issue 11, "objects of every era" (spec 0.1, 0.4): each point of the object model in the
// spellings published code uses (ES5 constructors and prototypes, object literals and
// factories, `self = this`, `fn.call(this)`) beside the class spelling, through the rules that
// depend on it most: an `'error'` listener and an idle timeout per origin.
// Points 6, 7 and 10 (literal lists in loops, fresh objects per pass, awaited replies) are
// covered in the rule files of no-listener-in-loop, require-write-backpressure and
// no-destroy-before-drain; the analysis side of every point in tests/analysis/objects.test.ts.
import requireSocketErrorListener from '../../src/rules/require-socket-error-listener.js';
import requireSocketTimeout from '../../src/rules/require-socket-timeout.js';
import noDestroyBeforeDrain from '../../src/rules/no-destroy-before-drain.js';
import { COMMONJS, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-socket-error-listener (objects of every era)', requireSocketErrorListener, {
  valid: [
    {
      name: "point 1: ES5 prototype method, listener through var me = this and .bind(me)",
      code: `var net = require('net');
function Subagent() {}
Subagent.prototype.connectSocket = function () {
  var me = this;
  this.socket = new net.Socket();
  this.socket.on('error', me.onError.bind(me));
  this.socket.connect(161, 'localhost');
};
Subagent.prototype.onError = function (err) { console.error(err); };`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 1: Object.assign(X.prototype, {...}): the listener is added by another prototype method called in the same segment",
      code: `const net = require('net');
function Client() {}
Object.assign(Client.prototype, {
  open() { this.conn = net.connect(6379); this._attach(); },
  _attach() { this.conn.on('error', (e) => this.emit('error', e)); },
  emit() {},
});`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 1: base constructor adds the listener for its subclass (util.inherits, Base.call(this))",
      code: `const net = require('net');
const util = require('util');
function Base() {}
Base.prototype.watch = function () { this.socket.on('error', () => this.socket.destroy()); };
function Child(port) { Base.call(this); this.socket = net.connect(port); this.watch(); }
util.inherits(Child, Base);`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 1: class method with the listener",
      code: `import net from 'node:net';
export class Subagent {
  connectSocket() {
    this.socket = new net.Socket();
    this.socket.on('error', (err) => this.onError(err));
  }
  onError(err) { console.error(err); }
}`,
    },
    {
      name: "point 2: object-literal methods",
      code: `const net = require('net');
const conn = {
  socket: null,
  open() {
    this.socket = net.connect(7000);
    this.socket.on('error', () => this.reconnect());
  },
  reconnect() {},
};
conn.open();`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 2: factory returning an object literal that holds the socket, listener added by the caller",
      code: `const net = require('net');
function createConn(port) {
  return { socket: net.connect(port), close() { this.socket.end(); } };
}
const c = createConn(7000);
c.socket.on('error', () => c.close());`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 3: var self = this inside a connection listener of a constructor",
      code: `var net = require('net');
function Server() {
  var self = this;
  this.server = net.createServer(function (socket) {
    self.clients.push(socket);
    socket.on('error', function (err) { self.onError(err, socket); });
  });
  this.clients = [];
}
Server.prototype.onError = function (err, socket) { socket.destroy(); };`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 3: helper run with attach.call(this)",
      code: `var net = require('net');
function attach() { this.socket.on('error', () => this.socket.destroy()); }
function Client(port) { this.socket = net.connect(port); attach.call(this); }`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 3: helper run with attach.apply(this, arguments)",
      code: `var net = require('net');
function attach(label) { this.socket.on('error', (e) => console.error(label, e)); }
function Client(port, label) { this.socket = net.connect(port); attach.apply(this, arguments); }`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 3: helper given this through .bind(this)",
      code: `var net = require('net');
function attach() { this.socket.on('error', () => {}); }
function Client(port) { this.socket = net.connect(port); setImmediate.call(null, () => {}); const bound = attach.bind(this); bound(); }`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 4: a receiver that holds one of two sockets: one listener counts for both",
      code: `var net = require('net');
function Client(cfg) {
  this._socket = cfg.path ? net.createConnection(cfg.path) : net.createConnection(cfg.port);
  this._socket.on('error', (err) => this.onError(err));
}
Client.prototype.onError = function () {};`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 8: TLS wrapper with options built by member assignment, both with listeners",
      code: `const net = require('net');
const tls = require('tls');
function upgrade(options) {
  const raw = net.connect(options.port);
  raw.on('error', () => {});
  raw.setTimeout(30000, () => raw.destroy());
  const opts = {};
  for (const key in options) opts[key] = options[key];
  opts.socket = raw;
  const secure = tls.connect(opts);
  secure.on('error', () => raw.destroy());
}`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 9: wrapper whose generated on() forwards to the socket",
      code: `var net = require('net');
function Wrapper(port) { this._sock = net.connect(port); }
['on', 'once', 'setTimeout', 'write', 'end'].forEach(function (m) {
  Wrapper.prototype[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
var w = new Wrapper(7000);
w.on('error', function () {});`,
      languageOptions: COMMONJS,
    },
  ],
  invalid: [
    {
      name: "point 1: ES5 prototype method with no listener",
      code: `var net = require('net');
function Subagent() {}
Subagent.prototype.connectSocket = function () {
  this.socket = new net.Socket();
  this.socket.connect(161, 'localhost');
};`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 17, endLine: 4, endColumn: 33 },
      ],
    },
    {
      name: "point 1: X.prototype = {...} with util.inherits and EventEmitter.call(this), no listener",
      code: `const net = require('net');
const util = require('util');
const EventEmitter = require('events');
function Client() { EventEmitter.call(this); }
util.inherits(Client, EventEmitter);
Client.prototype = {
  open: function () { this.conn = net.connect(6379); },
  send: function (d) { this.conn.write(d); },
};`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 7, column: 35, endLine: 7, endColumn: 52 },
      ],
    },
    {
      name: "point 1: class method with no listener",
      code: `import net from 'node:net';
export class Subagent {
  connectSocket() {
    this.socket = new net.Socket();
  }
}`,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 19, endLine: 4, endColumn: 35 },
      ],
    },
    {
      name: "point 2: object-literal method with no listener",
      code: `const net = require('net');
const conn = {
  socket: null,
  open() {
    this.socket = net.connect(7000);
  },
};
conn.open();`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 5, column: 19, endLine: 5, endColumn: 36 },
      ],
    },
    {
      name: "point 3: var that = this: the listener goes on another socket",
      code: `var net = require('net');
function Client(port) {
  var that = this;
  that.data = net.connect(port);
  that.control = net.connect(port + 1);
  that.control.on('error', () => {});
}`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 4, column: 15, endLine: 4, endColumn: 32 },
      ],
    },
    {
      name: "point 5: ES5: the listener is added by a method called only after an await",
      code: `const net = require('net');
function Client() {}
Client.prototype.open = async function (port) {
  this.socket = net.connect(port);
  await loadConfig();
  this._attach();
};
Client.prototype._attach = function () { this.socket.on('error', () => {}); };
async function loadConfig() {}`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'lateErrorListener', line: 8, column: 42, endLine: 8, endColumn: 75 },
      ],
    },
    {
      name: "point 8: TLS wrapper with options built by member assignment, wrapper without a listener",
      code: `const net = require('net');
const tls = require('tls');
function upgrade(options) {
  const raw = net.connect(options.port);
  raw.on('error', () => {});
  const opts = {};
  for (const key in options) opts[key] = options[key];
  opts.socket = raw;
  const secure = tls.connect(opts);
  secure.write('hello');
}`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 9, column: 18, endLine: 9, endColumn: 35 },
      ],
    },
    {
      name: "point 9: wrapper with forwarding methods but no error listener anywhere",
      code: `var net = require('net');
function Wrapper(port) { this._sock = net.connect(port); }
['on', 'once'].forEach(function (m) {
  Wrapper.prototype[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
var w = new Wrapper(7000);
w.on('data', function () {});`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingErrorListener', line: 2, column: 39, endLine: 2, endColumn: 56 },
      ],
    },
  ],
});

ruleTester.run('require-socket-timeout (objects of every era)', requireSocketTimeout, {
  valid: [
    {
      name: "point 1: constructor function sets the timeout in a prototype method",
      code: `const net = require('net');
function Conn(port) { this.sock = net.connect(port); this.sock.on('error', () => {}); this._arm(); }
Conn.prototype._arm = function () {
  this.sock.setTimeout(30000);
  this.sock.on('timeout', () => this.sock.destroy());
};`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 2: factory returning an object literal, timeout set through a method",
      code: `const net = require('net');
function createConn(port) {
  const state = {
    socket: net.connect(port),
    arm() { this.socket.setTimeout(5000, () => this.socket.destroy()); },
  };
  state.socket.on('error', () => {});
  state.arm();
  return state;
}`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 5: class: this.socket = connect(); this._attach() sets the timeout",
      code: `import net from 'node:net';
export class Client {
  open(port) {
    this.socket = net.connect(port);
    this._attach();
  }
  _attach() {
    this.socket.on('error', () => {});
    this.socket.setTimeout(10000, () => this.socket.destroy());
  }
}`,
    },
    {
      name: "point 8: TLS wrapper: the idle timeout stays with the wrapped socket, the wrapper needs none",
      code: `const net = require('net');
const tls = require('tls');
function upgrade(options) {
  const raw = net.connect(options.port);
  raw.on('error', () => {});
  raw.setTimeout(30000, () => raw.destroy());
  const opts = {};
  opts.socket = raw;
  const secure = tls.connect(opts);
  secure.on('error', () => {});
}`,
      languageOptions: COMMONJS,
    },
    {
      name: "point 9: wrapper whose generated setTimeout() forwards to the socket",
      code: `var net = require('net');
function Wrapper(port) { this._sock = net.connect(port); }
['on', 'once', 'setTimeout', 'destroy'].forEach(function (m) {
  Wrapper.prototype[m] = function () { return this._sock[m].apply(this._sock, arguments); };
});
var w = new Wrapper(7000);
w.on('error', function () {});
w.setTimeout(30000);
w.on('timeout', function () { w.destroy(); });`,
      languageOptions: COMMONJS,
    },
  ],
  invalid: [
    {
      name: "point 1: constructor function whose timeout reaction only reports",
      code: `const net = require('net');
function Conn(port) {
  this.sock = net.connect(port);
  this.sock.on('error', () => {});
  this.sock.setTimeout(30000);
  this.sock.on('timeout', () => this.emit('idle'));
}
Conn.prototype.emit = function () {};`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'timeoutNeverCloses', line: 5, column: 3, endLine: 5, endColumn: 30 },
      ],
    },
    {
      name: "point 2: object-literal method, socket with no timeout",
      code: `const net = require('net');
const client = {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
  },
};
client.open(7000);`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingTimeout', line: 4, column: 19, endLine: 4, endColumn: 36, suggestions: [{ messageId: 'suggestAddTimeout', output: `const net = require('net');
const client = {
  open(port) {
    this.socket = net.connect(port);
    this.socket.setTimeout(30000, () => this.socket.destroy());
    this.socket.on('error', () => {});
  },
};
client.open(7000);` }] },
      ],
    },
    {
      name: "point 4: a receiver that holds one of two sockets with no timeout: each origin reported once",
      code: `var net = require('net');
function Client(cfg) {
  this._socket = cfg.path ? net.createConnection(cfg.path) : net.createConnection(cfg.port);
  this._socket.on('error', () => {});
}`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'missingTimeout', line: 3, column: 29, endLine: 3, endColumn: 59 },
        { messageId: 'missingTimeout', line: 3, column: 62, endLine: 3, endColumn: 92 },
      ],
    },
  ],
});

ruleTester.run('no-destroy-before-drain (objects of every era)', noDestroyBeforeDrain, {
  valid: [
  ],
  invalid: [
    {
      name: "point 4: a receiver that holds one of two sockets: destroy() after write() reported once, not once per socket",
      code: `var net = require('net');
function Client(cfg) {
  this.s = cfg.path ? net.connect(cfg.path) : net.connect(cfg.port);
  this.s.on('error', () => {});
}
Client.prototype.quit = function (payload) {
  this.s.write(payload);
  this.s.destroy();
};`,
      languageOptions: COMMONJS,
      errors: [
        { messageId: 'destroyBeforeDrain', line: 8, column: 3, endLine: 8, endColumn: 19, suggestions: [{ messageId: 'suggestEnd', output: `var net = require('net');
function Client(cfg) {
  this.s = cfg.path ? net.connect(cfg.path) : net.connect(cfg.port);
  this.s.on('error', () => {});
}
Client.prototype.quit = function (payload) {
  this.s.end(payload);
};` }] },
      ],
    },
  ],
});
