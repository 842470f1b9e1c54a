// A client for a small key-value protocol.
import net from 'node:net';

export class KvClient {
  constructor(port) {
    this.port = port;
  }

  connect() {
    this.socket = net.connect(this.port, '127.0.0.1');
    // The idle timeout emits 'timeout', and nothing here closes the socket when it fires.
    this.socket.setTimeout(10_000);
    this.socket.on('error', (err) => this.onError(err));
  }

  send(line) {
    this.socket.write(`${line}\n`);
  }

  close() {
    this.socket.write('QUIT\n');
    // destroy() drops whatever is still queued: QUIT may never reach the server.
    this.socket.destroy();
  }

  onError(err) {
    console.error('kv client error', err.message);
  }
}
