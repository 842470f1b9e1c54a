import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SIZE = 64 * 1024 * 1024;

/** A server that writes SIZE bytes then closes with `close`; a client that reads slowly. Resolves with the bytes received. */
function transfer(close: (socket: net.Socket) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const bail = setTimeout(() => reject(new Error('transfer timed out')), 30_000);
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.write(Buffer.alloc(SIZE, 0x61));
      close(socket);
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      const client = net.connect(port, '127.0.0.1');
      let received = 0;
      client.on('error', () => {});
      client.on('data', (chunk: Buffer) => {
        received += chunk.length;
        // A slow reader: the server's writes back up behind it.
        client.pause();
        setTimeout(() => client.resume(), 1);
      });
      client.on('close', () => {
        clearTimeout(bail);
        server.close();
        resolve(received);
      });
    });
  });
}

function runFixture(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const fixture = fileURLToPath(new URL('./fixtures/write-after-end.mjs', import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fixture, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stderr });
    });
  });
}

describe('no-destroy-before-drain witness (loopback)', () => {
  it('node-semantics row 1: write(64 MB) then destroy() loses data silently; end() delivers all of it', async () => {
    const destroyed = await transfer((socket) => socket.destroy());
    const ended = await transfer((socket) => socket.end());
    expect(destroyed).toBeLessThan(SIZE);
    expect(ended).toBe(SIZE);
  });

  it('node-semantics row 2: write after end() crashes the process without an error listener; the guarded write does not', async () => {
    const crashed = await runFixture([]);
    expect(crashed.code).not.toBe(0);
    expect(crashed.stderr).toContain('ERR_STREAM_WRITE_AFTER_END');
    const fixed = await runFixture(['fixed']);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).not.toContain('ERR_STREAM_WRITE_AFTER_END');
  });
});
