// A TCP relay that forwards a client's bytes to an upstream server.
import net from 'node:net';

net
  .createServer((client) => {
    client.setTimeout(60_000, () => client.destroy());
    client.on('error', () => client.destroy());
    const upstream = net.connect(9000, '127.0.0.1');
    upstream.setTimeout(60_000, () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('data', (chunk) => {
      // The result of write() is ignored: a slow upstream buffers without bound.
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('end', () => upstream.end());
  })
  .listen(7001);
