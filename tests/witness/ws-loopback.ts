// Loopback helpers of the `ws` witnesses (ws-semantics.md): a WebSocketServer on an ephemeral
// 127.0.0.1 port, a `ws` client, and a hostile raw peer that completes a real handshake and then
// sends exactly the bytes a test wants (ws-semantics.md's `h.js`).
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export interface Wss {
  wss: WebSocketServer;
  port: number;
  /** Terminates every connection and closes the server. */
  close(): Promise<void>;
}

/** A WebSocketServer on 127.0.0.1:<ephemeral>, with `onConnection` as its 'connection' listener. */
export async function startWss(onConnection: (ws: WebSocket, req: import('node:http').IncomingMessage) => void): Promise<Wss> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('error', () => {});
  wss.on('connection', onConnection);
  await once(wss, 'listening');
  const port = (wss.address() as net.AddressInfo).port;
  return {
    wss,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** A `ws` client connected to 127.0.0.1:port, once open. */
export async function openClient(port: number): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  ws.on('error', () => {});
  await once(ws, 'open');
  return ws;
}

/**
 * A raw TCP peer that completes the opening handshake (101) and then does nothing by itself.
 * Rejects after `ms` if the server never answers.
 */
export function rawHandshake(port: number, ms = 3000): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    const bail = setTimeout(() => {
      socket.destroy();
      reject(new Error('no handshake response'));
    }, ms);
    bail.unref();
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      clearTimeout(bail);
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
      else resolve(socket);
    };
    socket.on('data', onData);
    socket.write(
      'GET / HTTP/1.1\r\n' +
        `Host: 127.0.0.1:${port}\r\n` +
        'Upgrade: websocket\r\n' +
        'Connection: Upgrade\r\n' +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    );
  });
}

/** One client-to-server frame (masked, as RFC 6455 requires of clients). */
export function maskedFrame(opcode: number, payload: Buffer = Buffer.alloc(0), fin = true): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : Buffer.alloc(4);
  header[0] = (fin ? 0x80 : 0) | opcode;
  if (length < 126) header[1] = 0x80 | length;
  else {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  }
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i] ^= mask[i % 4];
  return Buffer.concat([header, mask, masked]);
}

/** Resolves with the WebSocket's close code, or `null` if it is still open after `ms`. */
export function closeCodeWithin(ws: WebSocket, ms: number): Promise<number | null> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
  return Promise.race([
    new Promise<number>((resolve) => ws.once('close', (code: number) => resolve(code))),
    sleep(ms).then(() => null),
  ]);
}
