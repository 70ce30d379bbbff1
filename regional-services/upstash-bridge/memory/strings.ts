import type { Reply } from "../protocol.ts";
import { addInteger, globToRegExp, integer, syntaxError, type CommandTable } from "./args.ts";
import { CommandError, wrongType, type Keyspace } from "./keyspace.ts";

/** String values, key expiry and keyspace commands of the in-memory dev store. */

interface SetOptions {
  condition: "nx" | "xx" | undefined;
  get: boolean;
  /** Absolute expiry, `"keep"` for KEEPTTL, undefined to clear any expiry. */
  expiresAt: number | "keep" | undefined;
}

function parseSetOptions(ks: Keyspace, options: string[]): SetOptions {
  const parsed: SetOptions = { condition: undefined, get: false, expiresAt: undefined };
  let expirySet = false;
  for (let i = 0; i < options.length; i++) {
    const option = (options[i] ?? "").toLowerCase();
    if ((option === "nx" || option === "xx") && !parsed.condition) parsed.condition = option;
    else if (option === "get") parsed.get = true;
    else if (option === "keepttl" && !expirySet) {
      parsed.expiresAt = "keep";
      expirySet = true;
    } else if (["ex", "px", "exat", "pxat"].includes(option) && !expirySet && i + 1 < options.length) {
      const n = integer(options[++i]);
      if (n <= 0) throw new CommandError("ERR invalid expire time in 'set' command");
      const ms = option === "ex" || option === "exat" ? n * 1000 : n;
      parsed.expiresAt = option.endsWith("at") ? ms : ks.now() + ms;
      expirySet = true;
    } else throw syntaxError();
  }
  return parsed;
}

function set(ks: Keyspace, [key = "", value = "", ...options]: string[]): Reply {
  const opts = parseSetOptions(ks, options);
  const entry = ks.entry(key);
  if (opts.get && entry && entry.data.type !== "string") throw wrongType();
  const previous = entry?.data.type === "string" ? entry.data.value : null;
  const blocked = (opts.condition === "nx" && entry) || (opts.condition === "xx" && !entry);
  if (!blocked) {
    const expiresAt = opts.expiresAt === "keep" ? entry?.expiresAt : opts.expiresAt;
    ks.put(key, { type: "string", value }, expiresAt);
  }
  if (opts.get) return previous;
  return blocked ? null : "OK";
}

function incrementBy(ks: Keyspace, key: string, by: number): number {
  const entry = ks.entry(key);
  const next = addInteger(ks.read(key, "string"), by);
  ks.put(key, { type: "string", value: String(next) }, entry?.expiresAt);
  return next;
}

/** EXPIRE / PEXPIRE with Redis 7's NX | XX | GT | LT conditions; no expiry counts as infinite. */
function expire(ks: Keyspace, key: string, ms: number, condition: string | undefined): number {
  const entry = ks.entry(key);
  if (!entry) return 0;
  const target = ks.now() + ms;
  const current = entry.expiresAt ?? Infinity;
  const c = condition?.toLowerCase();
  if (c !== undefined && !["nx", "xx", "gt", "lt"].includes(c)) throw new CommandError(`ERR Unsupported option ${condition}`);
  const allowed = c === undefined || (c === "nx" && entry.expiresAt === undefined) || (c === "xx" && entry.expiresAt !== undefined) || (c === "gt" && target > current) || (c === "lt" && target < current);
  if (!allowed) return 0;
  if (ms <= 0) ks.delete(key);
  else entry.expiresAt = target;
  return 1;
}

function ttl(ks: Keyspace, key: string, unitMs: number): number {
  const entry = ks.entry(key);
  if (!entry) return -2;
  if (entry.expiresAt === undefined) return -1;
  return Math.round((entry.expiresAt - ks.now()) / unitMs);
}

const countKeys = (ks: Keyspace, keys: string[], count: (key: string) => boolean) => keys.filter(count).length;

export const stringCommands: CommandTable = {
  ping: { arity: -1, run: (_ks, [message]) => message ?? "PONG" },
  get: { arity: 2, run: (ks, [key = ""]) => ks.read(key, "string") ?? null },
  set: { arity: -3, run: set },
  mget: { arity: -2, run: (ks, keys) => keys.map((k) => (ks.entry(k)?.data.type === "string" ? (ks.read(k, "string") ?? null) : null)) },
  mset: {
    arity: -3,
    run(ks, args) {
      if (args.length % 2 !== 0) throw new CommandError("ERR wrong number of arguments for 'mset' command");
      for (let i = 0; i < args.length; i += 2) ks.put(args[i] ?? "", { type: "string", value: args[i + 1] ?? "" }, undefined);
      return "OK";
    },
  },
  incr: { arity: 2, run: (ks, [key = ""]) => incrementBy(ks, key, 1) },
  decr: { arity: 2, run: (ks, [key = ""]) => incrementBy(ks, key, -1) },
  incrby: { arity: 3, run: (ks, [key = "", by]) => incrementBy(ks, key, integer(by)) },
  decrby: { arity: 3, run: (ks, [key = "", by]) => incrementBy(ks, key, -integer(by)) },
  del: { arity: -2, run: (ks, keys) => countKeys(ks, keys, (k) => ks.delete(k)) },
  exists: { arity: -2, run: (ks, keys) => countKeys(ks, keys, (k) => ks.entry(k) !== undefined) },
  expire: { arity: -3, run: (ks, [key = "", s, condition]) => expire(ks, key, integer(s) * 1000, condition) },
  pexpire: { arity: -3, run: (ks, [key = "", ms, condition]) => expire(ks, key, integer(ms), condition) },
  ttl: { arity: 2, run: (ks, [key = ""]) => ttl(ks, key, 1000) },
  pttl: { arity: 2, run: (ks, [key = ""]) => ttl(ks, key, 1) },
  keys: {
    arity: 2,
    run(ks, [pattern = ""]) {
      const matcher = globToRegExp(pattern);
      return [...ks.keys()].filter((k) => matcher.test(k));
    },
  },
  flushdb: {
    arity: -1,
    run(ks, [mode]) {
      if (mode !== undefined && !["async", "sync"].includes(mode.toLowerCase())) throw syntaxError();
      ks.flush();
      return "OK";
    },
  },
};
