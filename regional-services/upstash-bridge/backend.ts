import type { Command, CommandResult } from "./protocol.ts";

/** A transaction either ran (each command with its own outcome, as EXEC reports) or was discarded. */
export type TransactionResult = { ok: true; results: CommandResult[] } | { ok: false; error: string };

/**
 * Where the bridge sends commands: a real Redis (ioredis) or the in-memory dev store.
 * Both answer per command, so one bad command never hides the others' results.
 */
export interface RedisBackend {
  /** Which store answers; logged at start so nobody mistakes the dev store for Redis. */
  readonly kind: "redis" | "memory";
  /** Runs the commands in order, pipelined; not atomic. */
  pipeline(commands: readonly Command[]): Promise<CommandResult[]>;
  /**
   * MULTI/EXEC: all commands run with nothing interleaved, or (when one cannot even be queued,
   * e.g. an unknown command) none of them runs.
   */
  transaction(commands: readonly Command[]): Promise<TransactionResult>;
  close(): Promise<void>;
}

/**
 * Commands that change the state of the connection itself. The bridge shares its connections
 * among all clients, as Upstash does, so these are refused rather than passed through.
 */
const CONNECTION_COMMANDS = new Set([
  "auth", "hello", "select", "quit", "reset", "client", "multi", "exec", "discard", "watch", "unwatch",
  "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe", "monitor",
  "blpop", "brpop", "blmove", "brpoplpush", "bzpopmin", "bzpopmax", "blmpop", "bzmpop", "wait", "shutdown",
]);

/** An error for a command the bridge will not forward, or undefined when it may go ahead. */
export function refuse(command: Command): string | undefined {
  const name = (command[0] ?? "").toLowerCase();
  return CONNECTION_COMMANDS.has(name) ? `ERR command '${name}' is not available over the REST bridge` : undefined;
}
