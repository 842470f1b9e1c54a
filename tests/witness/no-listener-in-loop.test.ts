import net from 'node:net';
import { describe, expect, it } from 'vitest';

const EVENTS = 20;

/**
 * A server whose data handler runs `onData` for each message; a client that sends EVENTS
 * separate messages, each after the previous reply (one 'data' event each). Resolves with
 * the socket's 'close' listener count seen at every data event and the warnings printed.
 */
function run(onData: (socket: net.Socket) => void): Promise<{ counts: number[]; warnings: string[] }> {
  return new Promise((resolve, reject) => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => {
      if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    const bail = setTimeout(() => reject(new Error('timed out')), 10_000);
    const counts: number[] = [];
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.on('data', () => {
        onData(socket);
        counts.push(socket.listenerCount('close'));
        socket.write('ok');
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      const client = net.connect(port, '127.0.0.1');
      let sent = 0;
      client.on('error', () => {});
      const send = () => {
        sent++;
        client.write(`message ${sent}`);
      };
      client.on('connect', send);
      client.on('data', () => {
        if (sent < EVENTS) send();
        else client.end();
      });
      client.on('close', () => {
        server.close();
        clearTimeout(bail);
        // Warnings are emitted on the next tick.
        setImmediate(() => {
          process.off('warning', onWarning);
          resolve({ counts, warnings });
        });
      });
    });
  });
}

describe('no-listener-in-loop witness (loopback)', () => {
  it("node-semantics row 7: a 'close' listener added in the 'data' handler grows per event and trips MaxListeners at the 11th", async () => {
    const flagged = await run((socket) => {
      socket.on('close', () => undefined);
    });
    expect(flagged.counts).toHaveLength(EVENTS);
    const base = flagged.counts[0] - 1;
    // One more listener per data event, with no bound.
    expect(flagged.counts[EVENTS - 1] - base).toBe(EVENTS);
    expect(flagged.warnings).toHaveLength(1);
    expect(flagged.warnings[0]).toMatch(/11 close listeners added to \[Socket\]/);

    // The fix: register once per socket (outside the handler); the count stays constant.
    const registered = new WeakSet<net.Socket>();
    const fixed = await run((socket) => {
      if (registered.has(socket)) return;
      registered.add(socket);
      socket.on('close', () => undefined);
    });
    expect(new Set(fixed.counts).size).toBe(1);
    expect(fixed.warnings).toHaveLength(0);
  });
});
