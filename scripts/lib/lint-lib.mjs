// Shared helpers of the corpus runner, the crash sweep and the benchmark: which files are
// linted, how each is parsed, the plugin config, and how one file is linted without letting
// a rule exception escape.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PLUGIN_PREFIX = 'socket-concurrency';

/** The built plugin (`dist/`): every script lints with whatever rules it exports. */
export async function loadPlugin() {
  const entry = path.join(ROOT, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const mod = await import(entry);
  return mod.default;
}

// ------------------------------------------------------------------ files

const LINTED_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts']);
const DECLARATION = /\.d\.[cm]?ts$/;
/** A line this long means generated code: a minified or bundled file, an inlined wasm blob. */
export const MAX_LINE_LENGTH = 5000;

export function isLintableName(name) {
  if (DECLARATION.test(name) || /\.min\.[cm]?js$/.test(name)) return false;
  return LINTED_EXTENSIONS.has(path.extname(name));
}

/** The reason a readable file is not linted (generated code), or null. */
export function skipReason(text) {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start > MAX_LINE_LENGTH) return `line longer than ${MAX_LINE_LENGTH} characters (minified or bundled)`;
    start = end + 1;
  }
  return null;
}

/**
 * The lintable files under `dir`, sorted. `skipNodeModules`: a package's own files only (not
 * its nested node_modules); the sweep walks node_modules itself and passes false.
 */
export function listFiles(dir, { skipNodeModules = true } = {}) {
  const out = [];
  const walk = (current) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (skipNodeModules && entry.name === 'node_modules') continue;
        if (entry.name === '.git') continue;
        walk(full);
      } else if (entry.isFile() && isLintableName(entry.name)) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out.sort();
}

// ------------------------------------------------------------------ parsing

const ESM_SYNTAX = /^[ \t]*(?:import[ \t]*[\w{*'"]|export[ \t]*[\w{*]|export[ \t]+default\b)/m;

/** `module` for .mjs/.mts/.ts and for .js/.cjs files with import/export statements, else `commonjs`. */
export function sourceTypeOf(file, text) {
  const ext = path.extname(file);
  if (ext === '.mjs' || ext === '.mts') return 'module';
  if (ext === '.ts' || ext === '.cts') return ext === '.cts' ? 'commonjs' : 'module';
  return ESM_SYNTAX.test(text) ? 'module' : 'commonjs';
}

export function isTypeScript(file) {
  return /\.[cm]?ts$/.test(file);
}

/** Node's globals, so that core `no-undef` (bench) measures real work, not a flood of reports. */
const NODE_GLOBALS = Object.fromEntries(
  [
    ...Object.getOwnPropertyNames(globalThis),
    'require',
    'module',
    'exports',
    '__dirname',
    '__filename',
    'window',
    'self',
    'document',
  ].map((name) => [name, 'readonly']),
);

/**
 * The flat config for one file. `rules` is a rules record; `typed` turns on
 * `parserOptions.projectService` for TypeScript files (with `tsconfigRootDir`); `aliases`
 * registers the plugin under more namespaces (the corpus runs `recommended` alongside `all`).
 */
export function configFor(file, text, { plugin, rules, typed = null, sourceType = sourceTypeOf(file, text), aliases = [] }) {
  const languageOptions = { ecmaVersion: 'latest', sourceType, globals: NODE_GLOBALS };
  if (isTypeScript(file)) {
    languageOptions.parser = tsParser;
    languageOptions.parserOptions = typed
      ? { projectService: true, tsconfigRootDir: typed.tsconfigRootDir }
      : {};
  } else if (sourceType === 'commonjs') {
    languageOptions.parserOptions = { ecmaFeatures: { globalReturn: true } };
  }
  return [
    {
      files: ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.ts', '**/*.cts', '**/*.mts'],
      plugins: Object.fromEntries([PLUGIN_PREFIX, ...aliases].map((name) => [name, plugin])),
      languageOptions,
      // Inline `/* eslint-disable */` or `/* eslint rule: ... */` comments in third-party code
      // must neither hide the plugin's reports nor turn other rules on.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      rules,
    },
  ];
}

/** The rule a crash came from: ESLint appends `Rule: "<id>"` to a rule exception's message. */
export function crashRule(error) {
  const match = /Rule: "([^"]+)"/.exec(String(error?.message ?? ''));
  return match ? match[1] : error?.ruleId ?? null;
}

/**
 * Lints one file. Returns `{ messages, parseError, crash, times }`: `parseError` is the fatal
 * message when the file does not parse, `crash` an exception thrown out of ESLint (a rule
 * exception: ESLint rethrows those), `times` ESLint's per-rule stats when `stats` is set.
 */
export function lintText(linter, file, text, config, { stats = false } = {}) {
  try {
    const options = { filename: lintName(file), fix: false, stats };
    const result = stats ? linter.verifyAndFix(text, config, options) : { messages: linter.verify(text, config, options) };
    const messages = result.messages;
    if (messages.length > 0 && messages[0].ruleId === null && messages[0].line === 0) {
      // e.g. "No matching configuration found": the file was not linted at all.
      throw new Error(`not linted: ${messages[0].message}`);
    }
    const fatal = messages.find((message) => message.fatal);
    return {
      messages: fatal ? [] : messages,
      parseError: fatal ?? null,
      crash: null,
      times: stats ? linter.getTimes() : null,
    };
  } catch (error) {
    return {
      messages: [],
      parseError: null,
      crash: { rule: crashRule(error), message: String(error?.message ?? error), stack: String(error?.stack ?? error) },
      times: null,
    };
  }
}

export function newLinter() {
  return new Linter({ configType: 'flat', cwd: ROOT });
}

/**
 * The name a file is linted under. ESLint ignores paths outside its cwd and under
 * node_modules, so a file below a node_modules folder is linted as
 * `<repo>/.lint/<path after the last node_modules>` (same extension and package layout).
 */
export function lintName(file) {
  file = path.resolve(file);
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  if (at !== -1) return path.join(ROOT, '.lint', file.slice(at + marker.length));
  return file;
}

export function countLines(text) {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines - 1 : lines;
}

// ------------------------------------------------------------------ the corpus

export function corpusPackages() {
  return JSON.parse(readFileSync(path.join(ROOT, 'corpus', 'packages.json'), 'utf8'));
}

export function corpusCacheDir() {
  return path.resolve(process.env.CORPUS_CACHE || path.join(homedir(), '.cache', 'socket-concurrency-corpus'));
}

export function installedVersion(cache, name) {
  try {
    return JSON.parse(readFileSync(path.join(cache, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/**
 * Installs the corpus packages at their exact versions into `cache` (outside the repo), from
 * the npm registry, without install scripts. Reuses the folder when every package is already
 * there at the right version. Returns the cache's node_modules.
 */
export function ensureCorpus({ log = console.error } = {}) {
  const cache = corpusCacheDir();
  const packages = corpusPackages();
  const missing = packages.filter((pkg) => installedVersion(cache, pkg.name) !== pkg.version);
  if (missing.length > 0) {
    log(`corpus: installing ${missing.map((p) => `${p.name}@${p.version}`).join(', ')} into ${cache}`);
    mkdirSync(cache, { recursive: true });
    const manifest = {
      name: 'socket-concurrency-corpus',
      private: true,
      description: 'Installed by eslint-plugin-socket-concurrency scripts/corpus.mjs; safe to delete',
      dependencies: Object.fromEntries(packages.map((pkg) => [pkg.name, pkg.version])),
    };
    writeFileSync(path.join(cache, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(
      npm,
      ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', '--loglevel=error'],
      { cwd: cache, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const still = packages.filter((pkg) => installedVersion(cache, pkg.name) !== pkg.version);
    if (still.length > 0) {
      throw new Error(`corpus: not installed at the right version: ${still.map((p) => `${p.name}@${p.version}`).join(', ')}`);
    }
  }
  return path.join(cache, 'node_modules');
}

export function packageRoot(nodeModules, name) {
  return path.join(nodeModules, name);
}

export function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
