// A 2,000-line socket module for editor timing: line-framed TCP services, one in ten without an idle
// timeout (so the rule has findings to report), in JavaScript or annotated TypeScript.

export function socketModule(lines: number, typescript: boolean): { text: string; missing: number } {
  const t = (annotation: string) => (typescript ? `: ${annotation}` : '');
  const out: string[] = ["import net from 'node:net';", ''];
  let missing = 0;
  for (let i = 0; out.length < lines - 25; i++) {
    const armed = i % 10 !== 9;
    if (!armed) missing++;
    out.push(
      `// Service ${i}: answers each line with its length.`,
      `function reply${i}(socket${t('net.Socket')}, line${t('string')})${t('void')} {`,
      `  socket.write(\`\${line.length}\\n\`);`,
      '}',
      '',
      `const server${i} = net.createServer((socket${t('net.Socket')}) => {`,
      armed ? `  socket.setTimeout(${30_000 + i}, () => socket.destroy());` : '  // no idle timeout here',
      "  socket.on('error', () => socket.destroy());",
      "  socket.setEncoding('utf8');",
      "  let pending = '';",
      `  socket.on('data', (chunk${t('string')}) => {`,
      '    pending += chunk;',
      "    let newline = pending.indexOf('\\n');",
      '    while (newline !== -1) {',
      `      reply${i}(socket, pending.slice(0, newline));`,
      '      pending = pending.slice(newline + 1);',
      "      newline = pending.indexOf('\\n');",
      '    }',
      '  });',
      '});',
      `server${i}.listen(0, '127.0.0.1');`,
      '',
    );
  }
  while (out.length < lines - 1) out.push(`// padding ${out.length}`);
  out.push('export {};');
  return { text: `${out.join('\n')}\n`, missing };
}
