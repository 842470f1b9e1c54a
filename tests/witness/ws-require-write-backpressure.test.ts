/**
 * Runtime witness for require-write-backpressure on `ws` sockets (ws-semantics.md rows d1, d2,
 * d3; spec 8.2): `send()` returns nothing and buffers without bound for a peer that does not read
 * (bufferedAmount grows with every send, one slow subscriber holds every broadcast), while a
 * `bufferedAmount` check keeps the buffer at its bound and drops the rest.
 */
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { openClient, rawHandshake, sleep, startWss } from './ws-loopback.js';

const MESSAGE = Buffer.alloc(64 * 1024, 0x61);
const SENDS = 320; // 20 MiB in all
const BOUND = 1024 * 1024;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A server connection whose peer completed the handshake and never reads. */
async function nonReadingPeer() {
  let connection: WebSocket | undefined;
  const server = await startWss((ws) => {
    ws.on('error', () => {});
    connection = ws;
  });
  const peer = await rawHandshake(server.port);
  peer.pause();
  while (!connection) await sleep(5);
  return { server, peer, ws: connection };
}

describe('require-write-backpressure witness with ws (loopback)', () => {
  it('d1: a send loop to a peer that never reads grows bufferedAmount with every batch; send() returns undefined', async () => {
    const { server, peer, ws } = await nonReadingPeer();
    const samples: number[] = [];
    const returned = new Set<unknown>();
    for (let i = 1; i <= SENDS; i++) {
      returned.add(ws.send(MESSAGE) as unknown);
      if (i % 80 === 0) {
        // Let the kernel take what it can: the growth is not a burst artefact.
        await yieldToLoop();
        await sleep(10);
        samples.push(ws.bufferedAmount);
      }
    }
    expect([...returned]).toEqual([undefined]);
    expect(samples).toHaveLength(4);
    for (let i = 1; i < samples.length; i++) expect(samples[i] - samples[i - 1]).toBeGreaterThan(4 * 1024 * 1024);
    // 20 MiB sent, the kernel took a few MB at most: the rest sits in this process.
    expect(samples[3]).toBeGreaterThan(12 * 1024 * 1024);
    peer.destroy();
    await server.close();
  });

  it('d3: the same loop behind `if (ws.bufferedAmount < 1 MiB)` stays at the bound and drops the rest', async () => {
    const { server, peer, ws } = await nonReadingPeer();
    let sent = 0;
    let dropped = 0;
    let maxBuffered = 0;
    for (let i = 1; i <= SENDS; i++) {
      if (ws.bufferedAmount < BOUND) {
        ws.send(MESSAGE);
        sent++;
      } else dropped++;
      maxBuffered = Math.max(maxBuffered, ws.bufferedAmount);
      if (i % 80 === 0) {
        await yieldToLoop();
        await sleep(10);
      }
    }
    // The kernel absorbs a few MB before anything stays buffered; then nothing more is queued.
    expect(maxBuffered).toBeLessThan(BOUND + MESSAGE.length + 1024);
    expect(ws.bufferedAmount).toBeLessThan(BOUND + MESSAGE.length + 1024);
    expect(sent + dropped).toBe(SENDS);
    expect(dropped).toBeGreaterThan(SENDS / 2);
    peer.destroy();
    await server.close();
  });

  it('d2 vs d3: a broadcast over wss.clients lets one slow subscriber hold every message; the bounded broadcast does not', async () => {
    for (const bounded of [false, true]) {
      const server = await startWss((ws) => ws.on('error', () => {}));
      const slow = await rawHandshake(server.port);
      slow.pause();
      const fast = await openClient(server.port);
      let received = 0;
      fast.on('message', () => received++);
      const sentTo = new Map<WebSocket, number>();
      for (let i = 1; i <= SENDS; i++) {
        for (const client of server.wss.clients) {
          if (bounded && client.bufferedAmount >= BOUND) continue;
          client.send(MESSAGE);
          sentTo.set(client, (sentTo.get(client) ?? 0) + 1);
        }
        if (i % 16 === 0) await yieldToLoop();
      }
      const clients = [...server.wss.clients];
      const slowSide = clients.reduce((a, b) => (a.bufferedAmount > b.bufferedAmount ? a : b));
      const fastSide = clients.find((c) => c !== slowSide)!;
      // Everything sent to the fast client arrives.
      const deadline = Date.now() + 5000;
      while (received < sentTo.get(fastSide)! && Date.now() < deadline) await sleep(10);
      expect(received).toBe(sentTo.get(fastSide));
      if (!bounded) {
        expect(sentTo.get(fastSide)).toBe(SENDS);
        expect(sentTo.get(slowSide)).toBe(SENDS);
        expect(slowSide.bufferedAmount).toBeGreaterThan(12 * 1024 * 1024);
      } else {
        expect(sentTo.get(slowSide)!).toBeLessThan(SENDS / 2);
        expect(slowSide.bufferedAmount).toBeLessThan(BOUND + MESSAGE.length + 1024);
        // The fast subscriber is not punished for the slow one.
        expect(sentTo.get(fastSide)!).toBeGreaterThan(SENDS / 2);
      }
      fast.terminate();
      slow.destroy();
      await server.close();
    }
  });
});
