/**
 * Runtime witness for no-destroy-before-drain on `ws` sockets (ws-semantics.md rows e1, e2, e4;
 * spec 8.2): `terminate()` right after a big `send()` (or behind a backlog of sends) destroys the
 * socket with the data still buffered, so the client gets the message cut off (0 of 1, close
 * 1006); `close()` sends the close frame after the data, and every message arrives (close 1000).
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sleep, startWss } from './ws-loopback.js';

interface Received {
  messages: number;
  bytes: number;
  code: number;
}

/** A server that sends `count` messages of `size` bytes on connection, then ends it with `end`. */
async function transfer(size: number, count: number, end: (ws: WebSocket) => void): Promise<Received> {
  const server = await startWss((ws) => {
    ws.on('error', () => {});
    const message = Buffer.alloc(size, 0x61);
    for (let i = 0; i < count; i++) ws.send(message);
    end(ws);
  });
  const client = new WebSocket(`ws://127.0.0.1:${server.port}`);
  client.on('error', () => {});
  const received: Received = { messages: 0, bytes: 0, code: 0 };
  client.on('message', (data: Buffer) => {
    received.messages++;
    received.bytes += data.length;
  });
  const closed = new Promise<number>((resolve) => client.once('close', (code: number) => resolve(code)));
  received.code = await Promise.race([closed, sleep(8000).then(() => -1)]);
  client.terminate();
  await server.close();
  return received;
}

const BIG = 16 * 1024 * 1024;
const MIB = 1024 * 1024;

describe('no-destroy-before-drain witness with ws (loopback)', () => {
  it('e1: send(16 MiB) then terminate(): the client gets 0 of 1 messages and close 1006; close() delivers it with 1000', async () => {
    const terminated = await transfer(BIG, 1, (ws) => ws.terminate());
    expect(terminated).toEqual({ messages: 0, bytes: 0, code: 1006 });
    const closed = await transfer(BIG, 1, (ws) => ws.close(1000, 'done'));
    expect(closed).toEqual({ messages: 1, bytes: BIG, code: 1000 });
  });

  it('e2: 10 × send(1 MiB) then terminate() loses the tail; close() delivers all 10', async () => {
    const terminated = await transfer(MIB, 10, (ws) => ws.terminate());
    expect(terminated.messages).toBeLessThan(10);
    expect(terminated.bytes).toBe(terminated.messages * MIB);
    expect(terminated.code).toBe(1006);
    const closed = await transfer(MIB, 10, (ws) => ws.close(1000, 'done'));
    expect(closed).toEqual({ messages: 10, bytes: 10 * MIB, code: 1000 });
  });
});
