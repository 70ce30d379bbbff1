import { Redis } from "ioredis";
import type { RedisBackend, TransactionResult } from "./backend.ts";
import { errorText, type Command, type CommandResult, type Reply } from "./protocol.ts";

/**
 * ioredis reshapes the reply of HGETALL into an object, keyed by the exact lower-case name;
 * sending the name upper-cased keeps the flat array Redis (and Upstash) return.
 */
const RESHAPED_BY_IOREDIS = new Set(["hgetall"]);

type PipelineOutcome = [error: Error | null, result: unknown];

/** ioredis in buffer mode answers with Buffers, numbers, null and arrays of those. */
function toReply(value: unknown): Reply {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(toReply);
  // Lua scripts can return an error inside an array; Upstash shows it as its text.
  if (value instanceof Error) return errorText(value);
  return String(value);
}

function toResults(outcomes: PipelineOutcome[] | null): CommandResult[] {
  return (outcomes ?? []).map(([error, result]) => (error ? { error: errorText(error) } : { result: toReply(result) }));
}

function isExecAbort(err: unknown): err is Error & { previousErrors?: Error[] } {
  return err instanceof Error && err.message.startsWith("EXECABORT");
}

/**
 * A real Redis behind the bridge. One connection carries every client's commands: each request's
 * commands go out as one pipeline (MULTI/EXEC included), which ioredis writes in one piece, so
 * requests never interleave inside a transaction.
 */
export async function createIoredisBackend(url: string): Promise<RedisBackend> {
  const redis = new Redis(url, {
    // A bridge should fail a request quickly when Redis is down, not queue it for minutes.
    maxRetriesPerRequest: 2,
    lazyConnect: true,
    connectionName: "upstash-bridge",
  });
  await redis.connect();

  const add = (target: { callBuffer(name: string, ...args: string[]): unknown }, [name = "", ...args]: Command) =>
    target.callBuffer(RESHAPED_BY_IOREDIS.has(name) ? name.toUpperCase() : name, ...args);

  return {
    kind: "redis",
    async pipeline(commands) {
      const pipeline = redis.pipeline();
      for (const command of commands) add(pipeline, command);
      return toResults(await pipeline.exec());
    },
    async transaction(commands: readonly Command[]): Promise<TransactionResult> {
      const multi = redis.multi();
      for (const command of commands) add(multi, command);
      try {
        return { ok: true, results: toResults(await multi.exec()) };
      } catch (err) {
        if (!isExecAbort(err)) throw err;
        const causes = (err.previousErrors ?? []).map((e) => e.message).join("; ");
        return { ok: false, error: causes ? `${err.message} (${causes})` : err.message };
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
