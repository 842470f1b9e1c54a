// A line-based chat server. Every connection registers a nickname, then broadcasts lines.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const nicknames = new Map();

async function isBanned(nick) {
  await sleep(5); // a lookup in a ban list service
  return nick === 'mallory';
}

const server = net.createServer((socket) => {
  // No idle timeout: a client that goes silent holds this socket forever.
  socket.on('data', async (chunk) => {
    // TCP has no message boundaries: one chunk may hold half a line or ten, and the
    // last piece of this split may be the first half of the next line.
    for (const line of chunk.toString().split('\n')) {
      const [command, nick] = line.trim().split(' ');
      if (command !== 'NICK') continue;
      if (nicknames.has(nick)) {
        socket.write('ERR taken\n');
        continue;
      }
      if (await isBanned(nick)) continue;
      // Another connection may have taken the nickname during the await.
      nicknames.set(nick, socket);
      socket.write('OK\n');
    }
  });
  // No 'error' listener: one ECONNRESET from one client kills the whole server.
});

server.listen(7000);
