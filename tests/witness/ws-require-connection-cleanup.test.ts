/**
 * Runtime witness for require-connection-cleanup on `ws` sockets (ws-semantics.md rows f1, f2,
 * f3; spec 8.2): a per-connection `setInterval` never cleared keeps firing after the WebSocket's
 * 'close' (its sends are silently dropped: only a send callback sees the error), while the same
 * interval cleared on 'close' stops with the connection. ws removes closed clients from
 * `wss.clients` by itself.
 */
import { describe, expect, it } from 'vitest';
import { openClient, sleep, startWss } from './ws-loopback.js';

const TICK_MS = 20;
const AFTER_CLOSE_MS = 300;

async function run(clearOnClose: boolean) {
  let ticks = 0;
  let ticksAtClose = -1;
  let sendErrors = 0;
  const errorMessages = new Set<string>();
  const timers: NodeJS.Timeout[] = [];
  let closed!: () => void;
  const whenClosed = new Promise<void>((resolve) => (closed = resolve));
  const server = await startWss((ws) => {
    ws.on('error', () => {});
    const ticker = setInterval(() => {
      ticks++;
      ws.send('tick', (err) => {
        if (err) {
          sendErrors++;
          errorMessages.add(err.message);
        }
      });
    }, TICK_MS);
    timers.push(ticker);
    ws.on('close', () => {
      if (clearOnClose) clearInterval(ticker);
      ticksAtClose = ticks;
      closed();
    });
  });
  const client = await openClient(server.port);
  await sleep(100);
  client.close();
  await Promise.race([whenClosed, sleep(3000)]);
  const clientsAfterClose = server.wss.clients.size;
  await sleep(AFTER_CLOSE_MS);
  const result = { ticksBeforeClose: ticksAtClose, ticksAfterClose: ticks - ticksAtClose, sendErrors, errorMessages, clientsAfterClose };
  for (const t of timers) clearInterval(t);
  await server.close();
  return result;
}

describe('require-connection-cleanup witness with ws (loopback)', () => {
  it("f1/f2: an interval not cleared on 'close' keeps firing; its sends are dropped, seen only by the callback", async () => {
    const result = await run(false);
    expect(result.ticksBeforeClose).toBeGreaterThan(0);
    // About AFTER_CLOSE_MS / TICK_MS = 15 ticks; a loaded machine fires fewer, never none.
    expect(result.ticksAfterClose).toBeGreaterThan(5);
    expect(result.sendErrors).toBeGreaterThanOrEqual(result.ticksAfterClose);
    expect([...result.errorMessages]).toContain('WebSocket is not open: readyState 3 (CLOSED)');
    expect(result.clientsAfterClose).toBe(0);
  });

  it("the interval cleared on 'close' stops with the connection", async () => {
    const result = await run(true);
    expect(result.ticksBeforeClose).toBeGreaterThan(0);
    expect(result.ticksAfterClose).toBe(0);
    expect(result.clientsAfterClose).toBe(0);
  });
});
