// The main job: lint the bundled example project with the recommended config and show the findings.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples');
const eslint = new ESLint({ cwd: examples, overrideConfigFile: path.join(examples, 'eslint.config.js') });
const results = await eslint.lintFiles(['src']);
const formatter = await eslint.loadFormatter('stylish');
process.stdout.write(await formatter.format(results));
const count = results.reduce((n, r) => n + r.messages.length, 0);
const crashed = results.some((r) => r.messages.some((m) => m.fatal));
console.log(`${count} finding(s) in ${results.length} example file(s): each marks a real failure described in examples/src.`);
// Findings are the point of the example; only a parse failure is an error here.
process.exitCode = crashed ? 1 : 0;
