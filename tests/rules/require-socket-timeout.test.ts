import rule from '../../src/rules/require-socket-timeout.js';
import { createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-socket-timeout', rule, {
  valid: [
    // The fix of node-semantics row 3: an idle timeout whose reaction destroys the socket.
    `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(30_000);
  socket.on('timeout', () => socket.destroy());
});`,
  ],
  invalid: [
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
});`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 2,
          column: 19,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'suggestAddTimeout',
              output: `import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(30000, () => socket.destroy());
  socket.on('data', (chunk) => socket.write(chunk));
});`,
            },
          ],
        },
      ],
    },
  ],
});
