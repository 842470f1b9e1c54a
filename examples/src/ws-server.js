// A WebSocket notification server on the `ws` package, written the way such servers ship.
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error('server', err));

const subscribers = new Set();

wss.on('connection', (ws, req) => {
  // No 'error' listener: one malformed frame from this client (a bad opcode, an oversized
  // payload) emits 'error' on `ws` and the whole server process exits. ws sets no idle
  // timeout either, and there is no ping/pong heartbeat: a client whose network vanished
  // stays "open" forever.
  subscribers.add(ws);

  // One interval per connection, never cleared: it keeps firing (and keeps `ws` alive)
  // after the client has gone.
  const stats = setInterval(() => {
    ws.send(JSON.stringify({ type: 'stats', subscribers: subscribers.size }));
  }, 1000);

  ws.on('message', (data) => {
    const request = JSON.parse(data);
    if (request.type === 'bye') {
      ws.send(JSON.stringify({ type: 'goodbye' }));
      // terminate() drops the socket at once: the goodbye above, still in ws's buffer, is lost.
      ws.terminate();
    }
  });

  ws.on('close', () => subscribers.delete(ws));
});

// Broadcast to every subscriber with no look at `bufferedAmount`: one slow reader makes ws
// buffer every notification for it in memory.
export function notifyAll(event) {
  for (const client of subscribers) {
    client.send(JSON.stringify(event));
  }
}
