// Bounded child processes for the end-to-end tests: every command gets a deadline, and on expiry its
// whole process group is killed (npm, npx and git hooks spawn grandchildren).
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

export interface RunOptions {
  cwd: string;
  timeoutMs: number;
  env?: Record<string, string>;
  /** Run `command` through `/bin/sh -c` (recipes are shell lines). */
  shell?: boolean;
}

/**
 * The environment a user's shell would give the tools: without the `npm_*` variables that `npm test`
 * sets (a nested `npm`/`npx` would otherwise use this repository as its prefix), without git's
 * global and system config (a developer's hooksPath or signing setup must not leak in), and
 * without colours so output can be matched.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE_OPTIONS' || key.startsWith('VITEST') || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = options.shell
      ? spawn('/bin/sh', ['-c', command], { cwd: options.cwd, env: options.env ?? cleanEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started), timedOut });
    });
  });
}

/** Kill the process group led by `pid` (the child was spawned detached, so it leads its own group). */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** `run`, failing with the command's output when it does not exit with `expected` (default 0). */
export async function runOk(command: string, args: readonly string[], options: RunOptions, expected = 0): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.timedOut || result.code !== expected) {
    throw new Error(
      `${command} ${args.join(' ')} in ${options.cwd} ${result.timedOut ? `timed out after ${options.timeoutMs} ms` : `exited ${result.code}`}\n` +
        `--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`,
    );
  }
  return result;
}
