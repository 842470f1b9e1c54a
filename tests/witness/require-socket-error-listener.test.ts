/**
 * Runtime witness for require-socket-error-listener (node-semantics row 4): one client that
 * resets its connection kills a server whose accepted socket has no 'error' listener, and does
 * not kill the same server with the listener. The server runs in a child process.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/error-listener-server.mjs', import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the fixture, connects, waits for its greeting, then resets the connection. */
function resetAgainst(mode: 'with' | 'without'): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let connected = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /PORT (\d+)/.exec(stdout);
      if (match && !connected) {
        connected = true;
        const client = net.connect(Number(match[1]), '127.0.0.1');
        client.on('error', () => {});
        // Once the server has written to us, its socket is open and reading: reset it.
        client.once('data', () => client.resetAndDestroy());
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('require-socket-error-listener witness (loopback)', () => {
  it('a reset from one client crashes the server without an error listener', async () => {
    const outcome = await resetAgainst('without');
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/ECONNRESET/);
    expect(outcome.stderr).toMatch(/Unhandled 'error' event/);
    expect(outcome.stdout).not.toMatch(/ALIVE/);
  });

  it('with an error listener the reset arrives as an error and the server lives', async () => {
    const outcome = await resetAgainst('with');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/ERROR ECONNRESET/);
    expect(outcome.stdout).toMatch(/CLOSE hadError=true/);
    expect(outcome.stdout).toMatch(/ALIVE errors=1/);
  });
});
