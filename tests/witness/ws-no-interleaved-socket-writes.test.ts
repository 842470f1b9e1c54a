/**
 * Runtime witness for no-interleaved-socket-writes on `ws` sockets (ws-semantics.md rows h1, h2;
 * spec 8.2): one reply sent as two `send()` calls with an `await` between interleaves with the
 * reply to the next request (`A1 B1 A2 B2`); the same reply sent whole in one `send()` cannot.
 * One `send()` is one atomic message: two async senders pushing big messages concurrently never
 * mix bytes inside a message.
 */
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { openClient, sleep, startWss } from './ws-loopback.js';

const WORK_MS = 50;

/** Two requests sent back to back; resolves with the messages the client got, in order. */
async function exchange(handler: (ws: WebSocket, id: string) => Promise<void>, expected: number): Promise<string[]> {
  const server = await startWss((ws) => {
    ws.on('error', () => {});
    ws.on('message', (data) => void handler(ws, String(data)));
  });
  const client = await openClient(server.port);
  const got: string[] = [];
  const done = new Promise<void>((resolve) => {
    client.on('message', (data) => {
      got.push(String(data));
      if (got.length === expected) resolve();
    });
  });
  client.send('A');
  client.send('B');
  await Promise.race([done, sleep(3000)]);
  client.terminate();
  await server.close();
  return got;
}

describe('no-interleaved-socket-writes witness with ws (loopback)', () => {
  it('h2: a reply split over two send() calls across an await interleaves with the next reply', async () => {
    const got = await exchange(async (ws, id) => {
      ws.send(`${id}1`);
      await sleep(WORK_MS);
      ws.send(`${id}2`);
    }, 4);
    expect(got).toEqual(['A1', 'B1', 'A2', 'B2']);
  });

  it('the fix: the whole reply in one send() arrives whole, one message per request', async () => {
    const got = await exchange(async (ws, id) => {
      const first = `${id}1`;
      await sleep(WORK_MS);
      ws.send(`${first} ${id}2`);
    }, 2);
    expect(got).toEqual(['A1 A2', 'B1 B2']);
  });

  it('h1: two async senders of 256 KiB messages never mix bytes inside a message', async () => {
    const SIZE = 256 * 1024;
    const EACH = 12;
    const server = await startWss((ws) => {
      ws.on('error', () => {});
      const sender = async (byte: number) => {
        for (let i = 0; i < EACH; i++) {
          ws.send(Buffer.alloc(SIZE, byte));
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      };
      void sender(0x41);
      void sender(0x42);
    });
    const client = await openClient(server.port);
    const messages: Buffer[] = [];
    await Promise.race([
      new Promise<void>((resolve) =>
        client.on('message', (data: Buffer) => {
          messages.push(data);
          if (messages.length === 2 * EACH) resolve();
        }),
      ),
      sleep(5000),
    ]);
    client.terminate();
    await server.close();
    expect(messages).toHaveLength(2 * EACH);
    const whole = messages.filter((m) => m.length === SIZE && (m.every((b) => b === 0x41) || m.every((b) => b === 0x42)));
    expect(whole).toHaveLength(2 * EACH);
    // Both senders really ran concurrently: their messages alternate rather than come in two runs.
    const order = messages.map((m) => String.fromCharCode(m[0])).join('');
    expect(order).not.toBe('A'.repeat(EACH) + 'B'.repeat(EACH));
  });
});
