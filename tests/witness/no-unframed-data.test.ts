/**
 * Runtime witness for no-unframed-data (node-semantics row 5): TCP chunk boundaries are not
 * message boundaries. Several messages corked into one write arrive as one 'data' chunk, and
 * one message written in two parts with a pause arrives as two chunks. Per-chunk JSON.parse
 * (the flagged pattern) loses or rejects messages in both cases; the newline-framed listener
 * with a kept remainder and the length-prefixed listener with accumulation (the valid forms)
 * receive every message.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';

interface Received {
  messages: unknown[];
  failures: number;
  chunks: number;
}

type Attach = (socket: net.Socket, received: Received) => void;

/** The flagged pattern: every chunk is one message. */
const perChunk: Attach = (socket, received) => {
  socket.on('data', (chunk) => {
    received.chunks++;
    try {
      received.messages.push(JSON.parse(chunk.toString()));
    } catch {
      received.failures++;
    }
  });
};

/** Newline-delimited with the remainder carried to the next event. */
const newlineFramed: Attach = (socket, received) => {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received.chunks++;
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        received.messages.push(JSON.parse(line));
      } catch {
        received.failures++;
      }
    }
  });
};

/** Length-prefixed (4-byte big-endian) with accumulation. */
const lengthPrefixed: Attach = (socket, received) => {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    received.chunks++;
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
      const length = pending.readUInt32BE(0);
      received.messages.push(JSON.parse(pending.subarray(4, 4 + length).toString()));
      pending = pending.subarray(4 + length);
    }
  });
};

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Encode = (message: object) => Buffer;
const asLine: Encode = (m) => Buffer.from(`${JSON.stringify(m)}\n`);
const asFrame: Encode = (m) => {
  const body = Buffer.from(JSON.stringify(m));
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
};

/**
 * Sends three messages corked into one segment, then one message in two halves 60 ms apart,
 * and returns what the server listener made of them.
 */
async function exchange(attach: Attach, encode: Encode): Promise<Received> {
  const received: Received = { messages: [], failures: 0, chunks: 0 };
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    attach(socket, received);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  client.on('error', () => {});
  try {
    await new Promise<void>((resolve) => client.once('connect', resolve));
    client.setNoDelay(true);
    // Merge: three messages in one write burst.
    client.cork();
    for (const id of [1, 2, 3]) client.write(encode({ id, kind: 'merged' }));
    client.uncork();
    await delay(60);
    // Split: one message in two parts, the second after a pause.
    const split = encode({ id: 4, kind: 'split', padding: 'x'.repeat(64) });
    client.write(split.subarray(0, 10));
    await delay(60);
    client.write(split.subarray(10));
    await delay(60);
    client.end();
    await delay(30);
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
  return received;
}

describe('no-unframed-data witness (loopback)', () => {
  it('per-chunk JSON.parse fails on merged and split chunks', async () => {
    const received = await exchange(perChunk, asLine);
    // The merged chunk (three lines) and both halves of the split message fail to parse.
    expect(received.failures).toBeGreaterThanOrEqual(2);
    expect(received.messages.length).toBeLessThan(4);
  });

  it('per-chunk parsing of length-prefixed frames fails the same way', async () => {
    const received = await exchange((socket, r) => {
      socket.on('data', (chunk: Buffer) => {
        r.chunks++;
        try {
          r.messages.push(JSON.parse(chunk.subarray(4, 4 + chunk.readUInt32BE(0)).toString()));
        } catch {
          r.failures++;
        }
      });
    }, asFrame);
    // The merged chunk yields only its first message; the split message never parses.
    expect(received.messages.length).toBeLessThan(4);
  });

  it('newline framing with a kept remainder receives every message', async () => {
    const received = await exchange(newlineFramed, asLine);
    expect(received.failures).toBe(0);
    expect(received.messages.map((m) => (m as { id: number }).id)).toEqual([1, 2, 3, 4]);
  });

  it('length-prefixed framing with accumulation receives every message', async () => {
    const received = await exchange(lengthPrefixed, asFrame);
    expect(received.failures).toBe(0);
    expect(received.messages.map((m) => (m as { id: number }).id)).toEqual([1, 2, 3, 4]);
  });
});
