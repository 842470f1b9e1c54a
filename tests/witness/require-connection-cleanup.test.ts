// Runtime witness for require-connection-cleanup, on 127.0.0.1 only: a per-connection
// interval keeps firing after its connection closed (and keeps the socket reachable);
// the same interval cleared on 'close' stops with the connection.
import net from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(cleanup: boolean): Promise<{ ticksAfterClose: number; writeErrors: number }> {
  let ticks = 0;
  let ticksAtClose = -1;
  let writeErrors = 0;
  const timers: NodeJS.Timeout[] = [];
  const closed = new Promise<void>((resolve) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      const heartbeat = setInterval(() => {
        ticks++;
        socket.write('PING\r\n', (err) => {
          if (err) writeErrors++;
        });
      }, 10);
      timers.push(heartbeat);
      socket.on('close', () => {
        if (cleanup) clearInterval(heartbeat);
        ticksAtClose = ticks;
        server.close();
        resolve();
      });
    });
    server.listen(0, '127.0.0.1', async () => {
      const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      client.on('error', () => {});
      await once(client, 'connect');
      await sleep(50);
      client.destroy();
    });
  });
  await closed;
  await sleep(200);
  const ticksAfterClose = ticks - ticksAtClose;
  for (const t of timers) clearInterval(t);
  return { ticksAfterClose, writeErrors };
}

describe('require-connection-cleanup witness', () => {
  it('an interval not cleared on close keeps firing after the connection is gone', async () => {
    const { ticksAfterClose, writeErrors } = await run(false);
    expect(ticksAfterClose).toBeGreaterThan(5);
    // Every tick after close writes to a destroyed socket.
    expect(writeErrors).toBeGreaterThan(0);
  });

  it("the interval cleared on 'close' stops with the connection", async () => {
    const { ticksAfterClose } = await run(true);
    expect(ticksAfterClose).toBe(0);
  });
});
