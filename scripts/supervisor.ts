import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Keeps child processes running, as a production orchestrator would: a child that exits without
 * being asked to is started again after a backoff that doubles from `initialDelayMs` up to
 * `maxDelayMs`, and starts over once a run has stayed up for `resetAfterMs`. `npm run dev` uses it
 * so one crashed service (or wrangler) is restarted instead of taking the whole stack down.
 *
 *   start ─► running ──exit──► rest of its group killed ─► waiting (0.5 s, 1 s … 30 s) ─► start
 *                 └──stop()──► group SIGTERM (SIGKILL after the grace period) ──► stopped
 */
export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A run that lasted this long counts as healthy: the next crash waits `initialDelayMs` again. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 500, maxDelayMs: 30_000, resetAfterMs: 60_000 };

/** The wait before the restart that follows the `crashes`-th crash in a row (1-based). */
export function backoffDelay(crashes: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, crashes - 1));
}

export interface ChildSpec {
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Each line the child writes to stdout or stderr. */
  onLine?: (line: string) => void;
}

export interface SupervisorOptions extends Partial<BackoffOptions> {
  /** The supervisor's own messages ("orders exited (SIGKILL); restarting in 1 s (attempt 2)"). */
  log?: (name: string, message: string) => void;
  /** How long a child may take to stop on SIGTERM before it is killed. */
  stopGraceMs?: number;
}

export interface Supervised {
  readonly name: string;
  /** The running process's id; undefined while waiting to restart or once stopped. */
  readonly pid: number | undefined;
  /** How many times this child has been started, restarts included. */
  readonly starts: number;
  /** Stops the child for good: no further restarts. */
  stop(): Promise<void>;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** Signals every process in the child's group; one already gone is not an error. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is empty: everything in it has exited
  }
}

/** Starts `spec` and keeps it running until `stop()`. */
export function supervise(spec: ChildSpec, options: SupervisorOptions = {}): Supervised {
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options };
  const say = options.log ?? ((name, message) => console.error(`${name}: ${message}`));
  let proc: ChildProcess | undefined;
  let startedAt = 0;
  let crashes = 0;
  let starts = 0;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = () => {
    timer = undefined;
    starts += 1;
    startedAt = Date.now();
    // Its own process group: wrangler runs workerd beneath it, and a leftover workerd would hold
    // the port the restarted wrangler needs, so the whole group goes with its leader.
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    proc = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream && spec.onLine) createInterface({ input: stream }).on("line", spec.onLine);
    }
    // Without a listener, a failed signal or spawn would throw in the supervisor itself.
    child.on("error", (err) => say(spec.name, `process error: ${err.message}`));
    exited = new Promise<void>((done) => child.once("exit", () => done()));
    child.once("exit", (code, signal) => {
      proc = undefined;
      signalGroup(child, "SIGKILL");
      if (stopping) return;
      crashes = Date.now() - startedAt >= backoff.resetAfterMs ? 1 : crashes + 1;
      const delay = backoffDelay(crashes, backoff);
      say(spec.name, `exited (${signal ?? code}); restarting in ${seconds(delay)} (attempt ${starts + 1})`);
      timer = setTimeout(start, delay);
    });
  };

  const stop = async () => {
    stopping = true;
    if (timer) clearTimeout(timer);
    const child = proc;
    if (child && child.exitCode === null && child.signalCode === null) {
      const kill = setTimeout(() => signalGroup(child, "SIGKILL"), options.stopGraceMs ?? 10_000);
      signalGroup(child, "SIGTERM");
      await exited;
      clearTimeout(kill);
    }
  };

  start();
  return {
    name: spec.name,
    get pid() {
      return proc?.pid;
    },
    get starts() {
      return starts;
    },
    stop,
  };
}
