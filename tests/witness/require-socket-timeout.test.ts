import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { after, closeServer, listenLoopback } from './loopback.js';

/**
 * node-semantics row 3: an idle peer. The server arms `setTimeout(IDLE_MS)`; the client
 * connects and never sends. We watch whether the server ever closes the connection.
 */
const IDLE_MS = 150;
const OBSERVE_MS = 1000;

async function idlePeerAgainst(onConnection: (socket: net.Socket) => void) {
  const serverSockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    serverSockets.push(socket);
    socket.on('error', () => {});
    onConnection(socket);
  });
  const port = await listenLoopback(server);
  const client = net.connect(port, '127.0.0.1');
  client.on('error', () => {});
  const connectedAt = await new Promise<number>((resolve) => client.once('connect', () => resolve(Date.now())));
  const closedAfter = await Promise.race([
    new Promise<number>((resolve) => client.once('close', () => resolve(Date.now() - connectedAt))),
    after(OBSERVE_MS, -1),
  ]);
  const timeoutEvents = serverSockets.reduce((n, s) => n + ((s as unknown as { timeoutsSeen?: number }).timeoutsSeen ?? 0), 0);
  client.destroy();
  for (const s of serverSockets) s.destroy();
  await closeServer(server);
  return { closedAfter, timeoutEvents };
}

function countTimeouts(socket: net.Socket) {
  const counted = socket as unknown as { timeoutsSeen: number };
  counted.timeoutsSeen = 0;
  socket.on('timeout', () => counted.timeoutsSeen++);
}

describe('require-socket-timeout runtime witness (loopback)', () => {
  it('a server with no timeout keeps an idle peer forever (no default timeout)', async () => {
    const result = await idlePeerAgainst(() => {});
    expect(result.closedAfter).toBe(-1);
  });

  it('flagged: setTimeout without a closing reaction emits "timeout" and closes nothing', async () => {
    const result = await idlePeerAgainst((socket) => {
      countTimeouts(socket);
      socket.setTimeout(IDLE_MS);
      socket.on('timeout', () => {
        // only logs: the reported shape (timeoutNeverCloses)
      });
    });
    expect(result.timeoutEvents).toBeGreaterThanOrEqual(1);
    expect(result.closedAfter).toBe(-1);
  });

  it('fixed: destroying on "timeout" disconnects the idle peer promptly', async () => {
    const result = await idlePeerAgainst((socket) => {
      socket.setTimeout(IDLE_MS, () => socket.destroy());
    });
    expect(result.closedAfter).toBeGreaterThanOrEqual(IDLE_MS - 20);
    expect(result.closedAfter).toBeLessThan(OBSERVE_MS);
  });

  it('end() on "timeout" also closes a cooperative peer', async () => {
    const result = await idlePeerAgainst((socket) => {
      socket.setTimeout(IDLE_MS, () => socket.end());
    });
    // The client answers the FIN (allowHalfOpen is false), so the connection closes.
    expect(result.closedAfter).toBeGreaterThan(0);
    expect(result.closedAfter).toBeLessThan(OBSERVE_MS);
  });
});
