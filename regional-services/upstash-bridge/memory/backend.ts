import type { RedisBackend, TransactionResult } from "../backend.ts";
import { errorText, type Command, type CommandResult } from "../protocol.ts";
import type { CommandSpec } from "./args.ts";
import { collectionCommands } from "./collections.ts";
import { Keyspace } from "./keyspace.ts";
import { stringCommands } from "./strings.ts";

/**
 * The bridge's store when no REDIS_URL is set: enough of Redis for local development, nothing
 * more. It lives in one process and forgets everything on restart, so it is never used in tests
 * of the Redis paths of the services, nor in production.
 */
const COMMANDS: Readonly<Record<string, CommandSpec>> = { ...stringCommands, ...collectionCommands };

type Lookup = { ok: true; spec: CommandSpec; args: string[] } | { ok: false; error: string };

function lookup(command: Command): Lookup {
  const [raw = "", ...args] = command;
  const name = raw.toLowerCase();
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!spec) return { ok: false, error: `ERR command not supported by the in-memory dev store: '${name}'` };
  const count = command.length;
  if (spec.arity > 0 ? count !== spec.arity : count < -spec.arity) {
    return { ok: false, error: `ERR wrong number of arguments for '${name}' command` };
  }
  return { ok: true, spec, args };
}

function run(keyspace: Keyspace, found: Lookup): CommandResult {
  if (!found.ok) return { error: found.error };
  try {
    return { result: found.spec.run(keyspace, found.args) };
  } catch (err) {
    return { error: errorText(err) };
  }
}

export function createMemoryBackend(now: () => number = Date.now): RedisBackend {
  const keyspace = new Keyspace(now);
  return {
    kind: "memory",
    async pipeline(commands) {
      return commands.map((command) => run(keyspace, lookup(command)));
    },
    async transaction(commands): Promise<TransactionResult> {
      // As with MULTI/EXEC: a command that cannot be queued discards the whole transaction;
      // once queued, everything runs synchronously, so nothing can interleave.
      const found = commands.map(lookup);
      const refused = found.find((f) => !f.ok);
      if (refused && !refused.ok) {
        return { ok: false, error: `EXECABORT Transaction discarded because of previous errors. (${refused.error})` };
      }
      return { ok: true, results: found.map((f) => run(keyspace, f)) };
    },
    async close() {
      keyspace.flush();
    },
  };
}
