/**
 * Runtime witness for require-socket-timeout on `ws` sockets (ws-semantics.md rows c1, c4, c5;
 * spec 8.2): ws sets no idle timeout, so a peer that completes the handshake and then goes
 * silent stays connected forever; the canonical ping/pong heartbeat terminates it on its second
 * tick, while a healthy `ws` client (which answers pings by itself) stays connected.
 */
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket, { type WebSocketServer } from 'ws';
import { openClient, rawHandshake, sleep, startWss } from './ws-loopback.js';

const HEARTBEAT_MS = 150;
const OBSERVE_MS = 700;

/** The canonical heartbeat of the ws README: terminate when no pong came since the last ping. */
function heartbeat(wss: WebSocketServer): NodeJS.Timeout {
  const alive = new WeakMap<WebSocket, boolean>();
  wss.on('connection', (ws) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
  });
  const interval = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  interval.unref();
  return interval;
}

interface Connection {
  ws: WebSocket;
  openedAt: number;
  closedAfter: number;
}

async function run(withHeartbeat: boolean) {
  const connections: Connection[] = [];
  const server = await startWss((ws) => {
    const entry: Connection = { ws, openedAt: Date.now(), closedAfter: -1 };
    ws.on('error', () => {});
    ws.on('close', () => (entry.closedAfter = Date.now() - entry.openedAt));
    connections.push(entry);
  });
  const interval = withHeartbeat ? heartbeat(server.wss) : null;
  const silent = await rawHandshake(server.port);
  silent.pause(); // never reads, never writes: a dead peer
  const healthy = await openClient(server.port);
  await sleep(OBSERVE_MS);
  const [silentConn, healthyConn] = connections;
  const result = {
    silentClosedAfter: silentConn.closedAfter,
    silentState: silentConn.ws.readyState,
    healthyState: healthyConn.ws.readyState,
    socketTimeout: (silentConn.ws as unknown as { _socket: net.Socket })._socket.timeout,
  };
  if (interval) clearInterval(interval);
  silent.destroy();
  healthy.terminate();
  await server.close();
  return result;
}

describe('require-socket-timeout witness with ws (loopback)', () => {
  it('c1: without a heartbeat a silent peer stays OPEN: ws disables the socket timeout', async () => {
    const result = await run(false);
    expect(result.silentState).toBe(WebSocket.OPEN);
    expect(result.silentClosedAfter).toBe(-1);
    expect(result.socketTimeout).toBe(0);
    expect(result.healthyState).toBe(WebSocket.OPEN);
  });

  it('c4/c5: the ping/pong heartbeat terminates the silent peer on its second tick; a healthy client stays', async () => {
    const result = await run(true);
    expect(result.silentState).toBe(WebSocket.CLOSED);
    // Not before one whole interval without a pong, never at the first ping.
    expect(result.silentClosedAfter).toBeGreaterThanOrEqual(HEARTBEAT_MS);
    expect(result.silentClosedAfter).toBeLessThan(OBSERVE_MS);
    expect(result.healthyState).toBe(WebSocket.OPEN);
  });
});
