// Runtime witness for require-write-backpressure (node-semantics row 8), on 127.0.0.1 only.
// A peer that never reads: a loop that ignores write()'s result keeps buffering in this
// process (writableLength grows without bound; stopped here at 50 MB), while the same loop
// with the drain wait stops at the high-water mark and waits.
import net from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

const CHUNK = Buffer.alloc(64 * 1024, 0x61);
const LIMIT = 50 * 1024 * 1024;

/** A server whose connections are paused forever: the peer that does not read. */
async function nonReadingPeer(): Promise<{ server: net.Server; port: number; accepted: net.Socket[] }> {
  const accepted: net.Socket[] = [];
  const server = net.createServer((socket) => {
    socket.pause();
    socket.on('error', () => {});
    accepted.push(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as net.AddressInfo).port, accepted };
}

async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

function close(peer: { server: net.Server; accepted: net.Socket[] }, socket: net.Socket): Promise<void> {
  socket.destroy();
  for (const s of peer.accepted) s.destroy();
  return new Promise((resolve) => peer.server.close(() => resolve()));
}

describe('require-write-backpressure witness', () => {
  it('a loop that ignores write() buffers without bound against a peer that does not read', async () => {
    const peer = await nonReadingPeer();
    const socket = await connect(peer.port);
    let firstFalseAt = -1;
    let written = 0;
    // The flagged shape: for (...) socket.write(chunk), result ignored. Bounded here by LIMIT.
    while (socket.writableLength < LIMIT) {
      const ok = socket.write(CHUNK);
      written += CHUNK.length;
      if (!ok && firstFalseAt === -1) firstFalseAt = written;
      // Yield now and then so the kernel takes what it can: the growth is not a burst artefact.
      if (written % (4 * 1024 * 1024) === 0) await new Promise((r) => setImmediate(r));
    }
    expect(firstFalseAt).toBeGreaterThan(0);
    expect(socket.writableLength).toBeGreaterThanOrEqual(LIMIT);
    // Everything beyond what the kernel absorbed sits in this process's memory.
    expect(written - socket.writableLength).toBeLessThan(LIMIT);
    await close(peer, socket);
  });

  it('the same loop with the drain wait stays at the high-water mark', async () => {
    const peer = await nonReadingPeer();
    const socket = await connect(peer.port);
    let maxBuffered = 0;
    let waiting = false;
    const stop = new Promise<'stopped'>((resolve) => setTimeout(() => resolve('stopped'), 1500));
    const loop = (async () => {
      for (let written = 0; written < LIMIT * 2; written += CHUNK.length) {
        const ok = socket.write(CHUNK);
        maxBuffered = Math.max(maxBuffered, socket.writableLength);
        if (!ok) {
          waiting = true;
          // The fix: wait for 'drain' (never comes from this peer: the loop waits, it does not buffer).
          const result = await Promise.race([once(socket, 'drain').then(() => 'drained' as const), stop]);
          if (result === 'stopped') return;
          waiting = false;
        }
      }
    })();
    await Promise.race([loop, stop]);
    expect(waiting).toBe(true);
    expect(maxBuffered).toBeLessThanOrEqual(socket.writableHighWaterMark + CHUNK.length);
    expect(socket.writableLength).toBeLessThan(1024 * 1024);
    await close(peer, socket);
    await loop;
  });
});
