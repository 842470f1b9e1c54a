// Runtime witness for no-interleaved-socket-writes (node-semantics row 6): an async 'data'
// handler writes part 1, awaits, writes part 2. Overlapping runs interleave their parts on
// the wire; chaining the handler on a per-socket promise queue keeps every message whole.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

function attachRacy(socket: net.Socket): void {
  socket.on('data', async (chunk) => {
    const name = chunk.toString().trim();
    socket.write(name + '1 ');
    await delay(60);
    socket.write(name + '2 ');
  });
}

function attachQueued(socket: net.Socket): void {
  let chain = Promise.resolve();
  socket.on('data', (chunk) => {
    const name = chunk.toString().trim();
    chain = chain.then(async () => {
      socket.write(name + '1 ');
      await delay(60);
      socket.write(name + '2 ');
    });
  });
}

async function run(attach: (socket: net.Socket) => void): Promise<string[]> {
  const server = net.createServer((socket) => {
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('error', () => {});
    attach(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return new Promise<string[]>((resolve, reject) => {
    const client = net.connect(port, '127.0.0.1');
    client.setNoDelay(true);
    let received = '';
    const timer = setTimeout(() => {
      client.destroy();
      reject(new Error(`timeout, got ${received}`));
    }, 4000);
    client.on('error', reject);
    client.on('data', (d) => {
      received += d;
      const parts = received.trim().split(/\s+/);
      if (parts.length === 8) {
        clearTimeout(timer);
        client.destroy();
        resolve(parts);
      }
    });
    client.on('connect', async () => {
      for (const name of ['A', 'B', 'C', 'D']) {
        client.write(name);
        await delay(15); // separate 'data' events, well inside the handler's await
      }
    });
  });
}

const whole = (parts: string[]) => parts.every((p, i) => (i % 2 === 0 ? p.endsWith('1') && parts[i + 1] === p[0] + '2' : true));

describe('no-interleaved-socket-writes witness (node-semantics row 6)', () => {
  it('an async data handler split by an await: the parts of different messages interleave', async () => {
    const parts = await run(attachRacy);
    expect(parts).toHaveLength(8);
    expect(whole(parts)).toBe(false);
    // Every run wrote its first part before any run wrote its second.
    expect(parts.slice(0, 2)).toEqual(['A1', 'B1']);
  });

  it('the same handler chained on a per-socket promise queue keeps every message whole and in order', async () => {
    const parts = await run(attachQueued);
    expect(parts).toEqual(['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'D1', 'D2']);
  });
});
