/**
 * Runtime witness for no-listener-in-loop on `ws` sockets (ws-semantics.md rows g1, g2; spec
 * 8.2): listeners added to the WebSocket in every 'message' grow without bound (Node warns once,
 * at 11), and a 'message' listener added per message multiplies the work (0+1+...+19 = 190 inner
 * runs after 20 messages); registered once per connection, the counts stay flat and nothing warns.
 */
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { openClient, sleep, startWss } from './ws-loopback.js';

const MESSAGES = 20;

interface Outcome {
  closeListeners: number[];
  messageListeners: number[];
  innerRuns: number;
  warnings: string[];
}

/** One connection; `onMessage` runs in its 'message' listener; the client sends MESSAGES messages. */
async function run(onMessage: (ws: WebSocket, outcome: Outcome) => void): Promise<Outcome> {
  const outcome: Outcome = { closeListeners: [], messageListeners: [], innerRuns: 0, warnings: [] };
  const onWarning = (warning: Error) => {
    if (warning.name === 'MaxListenersExceededWarning') outcome.warnings.push(warning.message);
  };
  process.on('warning', onWarning);
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let seen = 0;
  const server = await startWss((ws) => {
    ws.on('error', () => {});
    ws.on('message', () => {
      onMessage(ws, outcome);
      outcome.closeListeners.push(ws.listenerCount('close'));
      outcome.messageListeners.push(ws.listenerCount('message'));
      if (++seen === MESSAGES) done();
    });
  });
  const client = await openClient(server.port);
  for (let i = 1; i <= MESSAGES; i++) client.send(`message ${i}`);
  await Promise.race([finished, sleep(5000)]);
  // Warnings are emitted on the next tick.
  await sleep(20);
  process.off('warning', onWarning);
  client.terminate();
  await server.close();
  return outcome;
}

describe('no-listener-in-loop witness with ws (loopback)', () => {
  it("g1: ws.on('close') added in every 'message' grows to 21 listeners and trips MaxListeners once", async () => {
    const flagged = await run((ws) => {
      ws.on('close', () => undefined);
    });
    expect(flagged.closeListeners).toHaveLength(MESSAGES);
    // The server's client tracking holds one 'close' listener of its own.
    expect(flagged.closeListeners[MESSAGES - 1]).toBe(MESSAGES + 1);
    expect(flagged.warnings).toHaveLength(1);
    expect(flagged.warnings[0]).toMatch(/11 close listeners added to \[WebSocket\]/);

    // The fix: register once per connection; the count stays flat.
    const registered = new WeakSet<WebSocket>();
    const fixed = await run((ws) => {
      if (registered.has(ws)) return;
      registered.add(ws);
      ws.on('close', () => undefined);
    });
    expect(new Set(fixed.closeListeners)).toEqual(new Set([2]));
    expect(fixed.warnings).toEqual([]);
  });

  it("g2: ws.on('message') inside the 'message' listener runs 190 inner times after 20 messages", async () => {
    const flagged = await run((ws, outcome) => {
      ws.on('message', () => outcome.innerRuns++);
    });
    expect(flagged.innerRuns).toBe((MESSAGES * (MESSAGES - 1)) / 2);
    expect(flagged.messageListeners[MESSAGES - 1]).toBe(MESSAGES + 1);
    expect(flagged.warnings).toHaveLength(1);
    expect(flagged.warnings[0]).toMatch(/11 message listeners added to \[WebSocket\]/);

    const registered = new WeakSet<WebSocket>();
    const fixed = await run((ws, outcome) => {
      if (registered.has(ws)) return;
      registered.add(ws);
      ws.on('message', () => outcome.innerRuns++);
    });
    // Registered during the first message: runs for the 19 that follow, once each.
    expect(fixed.innerRuns).toBe(MESSAGES - 1);
    expect(new Set(fixed.messageListeners)).toEqual(new Set([2]));
    expect(fixed.warnings).toEqual([]);
  });
});
