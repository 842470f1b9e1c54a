import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { walkAst } from '../../src/analysis/index.js';
import { awaitsSocket } from '../../src/analysis/socket-waits.js';
import { analyze } from './analyze.js';

/** For each `await` of the snippet, in source order: whether it waits on the file's sockets. */
function awaited(code: string): boolean[] {
  const analyzed = analyze(code);
  const { analysis } = analyzed;
  const sockets = new Set(analysis.sockets);
  const result: boolean[] = [];
  walkAst(analysis.sourceCode.ast, analysis.sourceCode.visitorKeys, (node) => {
    if (node.type === 'AwaitExpression') result.push(awaitsSocket(analysis, (node as TSESTree.AwaitExpression).argument, sockets));
  });
  return result;
}

describe('awaitsSocket: an awaited value that waits on the socket (spec 5)', () => {
  it('counts promises made around the socket: events.once, stream.finished, a promise over end()', () => {
    const code = `import net from 'node:net';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
net.createServer(async (socket) => {
  await once(socket, 'finish');
  await finished(socket);
  await new Promise((resolve) => socket.end(resolve));
  await new Promise((resolve) => socket.write('x', resolve));
});`;
    expect(awaited(code)).toEqual([true, true, true, true]);
  });

  it('counts a promise returned by a call that was handed the socket, also through a binding (issue 11, point 10)', () => {
    const code = `import net from 'node:net';
import { readReply } from './protocol.js';
export async function quit() {
  const socket = net.connect(25);
  const reply = readReply(socket);
  socket.write('QUIT\\r\\n');
  await reply;
  await Promise.race([readReply(socket), timeout(100)]);
  await readReply(socket).then((r) => r.code);
}`;
    expect(awaited(code)).toEqual([true, true, true]);
  });

  it('counts a reader made from the socket, and a same-module method that listens on it', () => {
    const code = `import net from 'node:net';
import { createAsyncReader, decodeFrame } from './codec.js';
class Client {
  constructor() { this.socket = net.connect(5672); }
  readResponse() { return new Promise((resolve) => this.socket.once('data', resolve)); }
  async run() {
    const read = createAsyncReader(this.socket);
    await decodeFrame(read);
    await this.readResponse();
  }
}`;
    expect(awaited(code)).toEqual([true, true]);
  });

  it('does not count awaits unrelated to the socket: a database insert, a log flush, a sleep, a property of the socket', () => {
    const code = `import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
net.createServer(async (socket) => {
  socket.write('bye');
  await db.insert({ peer: socket.remoteAddress });
  await logger.flush();
  await sleep(100);
  await new Promise((resolve) => setTimeout(resolve, 10));
  socket.destroy();
});`;
    expect(awaited(code)).toEqual([false, false, false, false]);
  });
});
