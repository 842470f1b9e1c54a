/**
 * Runtime witness for require-socket-error-listener on `ws` sockets (ws-semantics.md rows a1, a3,
 * a5; spec 8.2): one invalid frame from any client crashes a server whose connection WebSocket has
 * no 'error' listener, and does not with one; a WebSocketServer on a port in use crashes without
 * its own 'error' listener. The servers run in a child process (fixtures/ws-error-server.mjs).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { maskedFrame, rawHandshake } from './ws-loopback.js';

const fixture = fileURLToPath(new URL('./fixtures/ws-error-server.mjs', import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the fixture; when it prints `PORT <n>`, `peer(port)` plays the client. Killed after 8 s. */
function runFixture(args: string[], peer?: (port: number) => Promise<void>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let started = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /PORT (\d+)/.exec(stdout);
      if (match && peer && !started) {
        started = true;
        peer(Number(match[1])).catch((error: Error) => (stderr += `PEER ${error.message}`));
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A raw client that completes the handshake, then sends one frame and stays. */
const sendOne = (frame: Buffer) => async (port: number) => {
  const socket = await rawHandshake(port);
  socket.write(frame);
  // Let the server close it; the child's exit ends this socket anyway.
  setTimeout(() => socket.destroy(), 3000).unref();
};

const OPCODE_3 = maskedFrame(0x3);
const INVALID_UTF8 = maskedFrame(0x1, Buffer.from([0xff, 0xfe]));

describe('require-socket-error-listener witness with ws (loopback)', () => {
  it('a1: one invalid frame crashes a server whose connection has no error listener', async () => {
    const [opcode, utf8] = await Promise.all([
      runFixture(['frame', 'without'], sendOne(OPCODE_3)),
      runFixture(['frame', 'without'], sendOne(INVALID_UTF8)),
    ]);
    for (const outcome of [opcode, utf8]) {
      expect(outcome.code).toBe(1);
      expect(outcome.stdout).toContain('CONNECTED');
      expect(outcome.stdout).not.toContain('ALIVE');
      expect(outcome.stderr).toContain("Unhandled 'error' event");
      expect(outcome.stderr).toContain("Emitted 'error' event on WebSocket instance");
    }
    expect(opcode.stderr).toContain('Invalid WebSocket frame: invalid opcode 3');
    expect(opcode.stderr).toContain('WS_ERR_INVALID_OPCODE');
    expect(utf8.stderr).toContain('WS_ERR_INVALID_UTF8');
  });

  it("a3: with ws.on('error') the same frame reaches the listener, the connection closes 1006 and the server lives", async () => {
    const [opcode, utf8] = await Promise.all([
      runFixture(['frame', 'with'], sendOne(OPCODE_3)),
      runFixture(['frame', 'with'], sendOne(INVALID_UTF8)),
    ]);
    for (const outcome of [opcode, utf8]) {
      expect(outcome.code).toBe(0);
      expect(outcome.stderr).toBe('');
      expect(outcome.stdout).toMatch(/CLOSE 1006\nALIVE\n$/);
    }
    expect(opcode.stdout).toContain('ERROR WS_ERR_INVALID_OPCODE Invalid WebSocket frame: invalid opcode 3');
    expect(utf8.stdout).toContain('ERROR WS_ERR_INVALID_UTF8');
  });

  it("a5: new WebSocketServer({ port }) on a port in use crashes without wss.on('error'), lives with it", async () => {
    const [without, withListener] = await Promise.all([runFixture(['inuse', 'without']), runFixture(['inuse', 'with'])]);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('listen EADDRINUSE');
    expect(without.stderr).toContain("Emitted 'error' event on WebSocketServer instance");
    expect(without.stdout).not.toContain('ALIVE');
    expect(withListener.code).toBe(0);
    expect(withListener.stdout).toBe('WSS ERROR EADDRINUSE\nALIVE\n');
  });
});
