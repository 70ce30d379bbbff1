import { createHash } from "node:crypto";
import type { Command, Reply } from "./protocol.ts";

/**
 * Upstash accepts Lua scripts whose shebang carries `flags=allow-key-locking` (@upstash/ratelimit
 * sends them); Redis 7 rejects that flag. The bridge drops it, and because the client computed
 * its EVALSHA digest over the original text, it remembers which digest the rewritten script got.
 * A digest it has never seen goes through unchanged, so Redis answers NOSCRIPT and the client
 * falls back to EVAL, which registers the mapping.
 */
const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The script without Upstash-only flags, or undefined when it needs no change. */
export function stripUpstashFlags(script: string): string | undefined {
  const newline = script.indexOf("\n");
  const firstLine = newline === -1 ? script : script.slice(0, newline);
  const shebang = /^#!lua\s+flags=(\S*)\s*$/.exec(firstLine);
  if (!shebang) return undefined;
  const flags = (shebang[1] ?? "").split(",").filter((f) => f !== "");
  const kept = flags.filter((f) => !UPSTASH_ONLY_FLAGS.has(f));
  if (kept.length === flags.length) return undefined;
  const line = kept.length > 0 ? `#!lua flags=${kept.join(",")}` : "#!lua";
  return line + (newline === -1 ? "" : script.slice(newline));
}

export interface PreparedCommand {
  command: Command;
  /** Adjusts the reply, e.g. SCRIPT LOAD answers with the digest the client expects. */
  mapReply?: (reply: Reply) => Reply;
}

export interface ScriptRewriter {
  prepare(command: Command): PreparedCommand;
}

/** Scripts are few and long-lived; the cap only stops a misbehaving client from growing the map. */
const MAX_REMEMBERED_SCRIPTS = 10_000;

export function createScriptRewriter(): ScriptRewriter {
  const digests = new Map<string, string>();

  const rewrite = (script: string): string | undefined => {
    const rewritten = stripUpstashFlags(script);
    if (rewritten === undefined) return undefined;
    if (digests.size >= MAX_REMEMBERED_SCRIPTS) digests.clear();
    digests.set(sha1(script), sha1(rewritten));
    return rewritten;
  };
  const translate = (digest: string) => digests.get(digest.toLowerCase()) ?? digest;

  return {
    prepare(command) {
      const [name = "", first = "", ...rest] = command;
      switch (name.toLowerCase()) {
        case "eval":
        case "eval_ro": {
          const rewritten = rewrite(first);
          return rewritten === undefined ? { command } : { command: [name, rewritten, ...rest] };
        }
        case "evalsha":
        case "evalsha_ro":
          return { command: [name, translate(first), ...rest] };
        case "script": {
          const sub = first.toLowerCase();
          const original = rest[0];
          if (sub === "load" && original !== undefined) {
            const rewritten = rewrite(original);
            if (rewritten === undefined) return { command };
            return { command: [name, first, rewritten], mapReply: () => sha1(original) };
          }
          if (sub === "exists") return { command: [name, first, ...rest.map(translate)] };
          return { command };
        }
        default:
          return { command };
      }
    },
  };
}
