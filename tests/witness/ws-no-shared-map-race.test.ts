/**
 * Runtime witness for no-shared-map-race on `ws` sockets (ws-semantics.md row i1; spec 8.2): an
 * async 'message' listener re-enters per socket like an async 'data' listener. Two clients join
 * as `alice`: with `has(name)` → `await lookup()` → `set(name, ws)` both are told OK and the first
 * is silently overwritten; with the name reserved in the segment of the check, one is told TAKEN.
 */
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { openClient, sleep, startWss } from './ws-loopback.js';

const LOOKUP_MS = 50;

type Join = (users: Map<string, WebSocket>, pending: Set<string>, name: string, ws: WebSocket) => Promise<'OK' | 'TAKEN'>;

/** The flagged shape: check, await, act. */
const naive: Join = async (users, _pending, name, ws) => {
  if (users.has(name)) return 'TAKEN';
  await sleep(LOOKUP_MS); // look the user up
  users.set(name, ws);
  return 'OK';
};

/** The fix: reserve the name before the await. */
const reserve: Join = async (users, pending, name, ws) => {
  if (users.has(name) || pending.has(name)) return 'TAKEN';
  pending.add(name);
  try {
    await sleep(LOOKUP_MS);
    users.set(name, ws);
    return 'OK';
  } finally {
    pending.delete(name);
  }
};

async function run(join: Join) {
  const users = new Map<string, WebSocket>();
  const pending = new Set<string>();
  const accepted: WebSocket[] = [];
  const server = await startWss((ws) => {
    ws.on('error', () => {});
    accepted.push(ws);
    ws.on('message', async (data) => {
      ws.send(await join(users, pending, String(data), ws));
    });
  });
  const clients = await Promise.all([openClient(server.port), openClient(server.port)]);
  const replies = await Promise.all(
    clients.map(
      (client) =>
        new Promise<string>((resolve) => {
          client.once('message', (data) => resolve(String(data)));
          sleep(3000).then(() => resolve('NO REPLY'));
          client.send('alice');
        }),
    ),
  );
  const result = { replies: [...replies].sort(), registered: users.size, holder: accepted.indexOf(users.get('alice')!) };
  for (const client of clients) client.terminate();
  await server.close();
  return result;
}

describe('no-shared-map-race witness with ws (loopback)', () => {
  it('i1: check-then-act across an await tells both clients OK and keeps only the second', async () => {
    const result = await run(naive);
    expect(result.replies).toEqual(['OK', 'OK']);
    expect(result.registered).toBe(1);
    // Two OKs, one entry: one of the two connections was overwritten without anyone noticing.
    expect(result.holder).toBeGreaterThanOrEqual(0);
  });

  it('the reservation in the segment of the check: one OK, one TAKEN', async () => {
    const result = await run(reserve);
    expect(result.replies).toEqual(['OK', 'TAKEN']);
    expect(result.registered).toBe(1);
  });
});
