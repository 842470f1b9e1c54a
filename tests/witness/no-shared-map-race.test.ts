// Runtime witness for no-shared-map-race (node-semantics row 9): two connections register the
// same id. The check-then-act across an await lets both succeed; reserving the key
// synchronously before the await gives exactly one registration.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Handler = (registry: Map<string, net.Socket | null>, id: string, socket: net.Socket) => Promise<'OK' | 'DUPLICATE'>;

/** The flagged pattern: has(id), await, set(id). */
const racy: Handler = async (clients, id, socket) => {
  if (clients.has(id)) return 'DUPLICATE';
  await delay(20); // authenticate, load a profile...
  clients.set(id, socket);
  return 'OK';
};

/** The fix: reserve the key in the segment of the check. */
const reserved: Handler = async (clients, id, socket) => {
  if (clients.has(id)) return 'DUPLICATE';
  clients.set(id, null);
  await delay(20);
  clients.set(id, socket);
  return 'OK';
};

const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function run(handler: Handler): Promise<{ replies: string[]; registered: number; overwritten: boolean }> {
  const clients = new Map<string, net.Socket | null>();
  const accepted: net.Socket[] = [];
  const server = net.createServer((socket) => {
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('error', () => {});
    accepted.push(socket);
    socket.once('data', async (chunk) => {
      const reply = await handler(clients, chunk.toString().trim(), socket);
      socket.end(reply + '\n');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const ask = () =>
    new Promise<string>((resolve, reject) => {
      const client = net.connect(port, '127.0.0.1', () => client.write('alice\n'));
      let reply = '';
      const timer = setTimeout(() => {
        client.destroy();
        reject(new Error('timeout'));
      }, 3000);
      client.on('data', (d) => (reply += d));
      client.on('error', reject);
      client.on('close', () => {
        clearTimeout(timer);
        resolve(reply.trim());
      });
    });
  const replies = await Promise.all([ask(), ask()]);
  const stored = clients.get('alice');
  return { replies: replies.sort(), registered: clients.size, overwritten: accepted.length === 2 && stored === accepted[1] };
}

describe('no-shared-map-race witness (node-semantics row 9)', () => {
  it('check-then-act across an await: both connections are told OK, the first socket is silently overwritten', async () => {
    const result = await run(racy);
    expect(result.replies).toEqual(['OK', 'OK']);
    expect(result.registered).toBe(1);
  });

  it('synchronous reservation before the await: one registration, the second client is told DUPLICATE', async () => {
    const result = await run(reserved);
    expect(result.replies).toEqual(['DUPLICATE', 'OK']);
    expect(result.registered).toBe(1);
  });
});
