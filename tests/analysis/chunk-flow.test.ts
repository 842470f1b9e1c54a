import { describe, expect, it } from 'vitest';
import { chunkFlowOf } from '../../src/analysis/chunk-flow.js';
import { analyze } from './analyze.js';

/** Whether the first `'data'` listener of the snippet keeps the chunk in state that outlives the call. */
function accumulates(code: string): boolean {
  const { analysis } = analyze(code, { sourceType: 'commonjs', filename: 'file.js' });
  const listener = analysis.listeners.find((l) => l.event === 'data');
  if (!listener) throw new Error('no data listener');
  const flow = chunkFlowOf(analysis, listener.functions[0]);
  if (!flow) throw new Error('no chunk flow');
  return flow.accumulates;
}

describe('chunk flow: accumulation in state that outlives the call', () => {
  it('a field of this under a local alias (`var self = this`) outlives the call', () => {
    const code = `var net = require('net');
function Conn(port) { this.pending = null; this.socket = net.connect(port); this.socket.on('data', this.onData.bind(this)); }
Conn.prototype.onData = function (buffer) {
  var self = this;
  if (self.pending) buffer = Buffer.concat([self.pending, buffer]);
  if (buffer.length < 4) { self.pending = buffer; return; }
  var size = buffer.readInt32BE(0);
};`;
    expect(accumulates(code)).toBe(true);
  });

  it('a field of a local object made in the call does not', () => {
    const code = `var net = require('net');
var socket = net.connect(7000);
socket.on('data', function (chunk) {
  var frame = {};
  frame.body = chunk;
  JSON.parse(frame.body);
});`;
    expect(accumulates(code)).toBe(false);
  });
});
