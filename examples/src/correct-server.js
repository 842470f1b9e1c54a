// The same chat server written correctly: nothing here is reported.
import net from 'node:net';
import readline from 'node:readline';

const nicknames = new Map();

net
  .createServer((socket) => {
    socket.setTimeout(30_000, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    // One 'close' listener per socket, registered once: not one per NICK line.
    let current = null;
    socket.once('close', () => {
      if (current) nicknames.delete(current);
    });
    const lines = readline.createInterface({ input: socket });
    lines.on('line', (line) => {
      const [command, nick] = line.trim().split(' ');
      if (command !== 'NICK') return;
      if (nicknames.has(nick)) {
        socket.write('ERR taken\n');
        return;
      }
      if (current) nicknames.delete(current);
      current = nick;
      nicknames.set(nick, socket);
      socket.write('OK\n');
    });
  })
  .listen(7002);
