import type { Reply } from "../protocol.ts";
import { addInteger, formatScore, integer, score, syntaxError, type CommandTable } from "./args.ts";
import { CommandError, type Keyspace } from "./keyspace.ts";

/** Hashes, sets and (basic) sorted sets of the in-memory dev store. */

function pairs(args: string[], command: string): Array<[string, string]> {
  if (args.length === 0 || args.length % 2 !== 0) throw new CommandError(`ERR wrong number of arguments for '${command}' command`);
  const out: Array<[string, string]> = [];
  for (let i = 0; i < args.length; i += 2) out.push([args[i] ?? "", args[i + 1] ?? ""]);
  return out;
}

function removeMembers(ks: Keyspace, key: string, members: string[], type: "hash" | "set" | "zset"): number {
  const collection = ks.read(key, type);
  if (!collection) return 0;
  const removed = members.filter((m) => collection.delete(m)).length;
  ks.dropIfEmpty(key, collection);
  return removed;
}

/** Members by ascending score, ties broken by member, as Redis orders them. */
function sortedMembers(zset: Map<string, number>): Array<[string, number]> {
  return [...zset].sort(([a, sa], [b, sb]) => sa - sb || (a < b ? -1 : a > b ? 1 : 0));
}

function zadd(ks: Keyspace, [key = "", ...args]: string[]): Reply {
  let i = 0;
  const flags = new Set<string>();
  while (i < args.length && ["nx", "xx", "ch"].includes((args[i] ?? "").toLowerCase())) flags.add((args[i++] ?? "").toLowerCase());
  if (flags.has("nx") && flags.has("xx")) throw new CommandError("ERR XX and NX options at the same time are not compatible");
  const entries = pairs(args.slice(i), "zadd").map(([s, member]) => [score(s), member] as const);
  const zset = ks.collection(key, "zset");
  let added = 0;
  let changed = 0;
  for (const [s, member] of entries) {
    const current = zset.get(member);
    if ((current === undefined && flags.has("xx")) || (current !== undefined && flags.has("nx"))) continue;
    if (current === undefined) added++;
    else if (current !== s) changed++;
    zset.set(member, s);
  }
  ks.dropIfEmpty(key, zset);
  return flags.has("ch") ? added + changed : added;
}

/** ZRANGE by index only (with REV and WITHSCORES); BYSCORE / BYLEX are beyond the dev store. */
function zrange(ks: Keyspace, [key = "", start, stop, ...options]: string[]): Reply {
  let withScores = false;
  let reverse = false;
  for (const option of options.map((o) => o.toLowerCase())) {
    if (option === "withscores") withScores = true;
    else if (option === "rev") reverse = true;
    else if (option === "byscore" || option === "bylex" || option === "limit") throw new CommandError(`ERR ZRANGE ${option.toUpperCase()} is not supported by the in-memory dev store`);
    else throw syntaxError();
  }
  const zset = ks.read(key, "zset");
  if (!zset) return [];
  const members = sortedMembers(zset);
  if (reverse) members.reverse();
  const from = integer(start);
  const to = integer(stop);
  const first = Math.max(0, from < 0 ? members.length + from : from);
  const last = Math.min(members.length - 1, to < 0 ? members.length + to : to);
  if (first > last) return [];
  return members.slice(first, last + 1).flatMap(([m, s]) => (withScores ? [m, formatScore(s)] : [m]));
}

export const collectionCommands: CommandTable = {
  hset: {
    arity: -4,
    run(ks, [key = "", ...args]) {
      const fields = pairs(args, "hset");
      const hash = ks.collection(key, "hash");
      let added = 0;
      for (const [field, value] of fields) {
        if (!hash.has(field)) added++;
        hash.set(field, value);
      }
      return added;
    },
  },
  hget: { arity: 3, run: (ks, [key = "", field = ""]) => ks.read(key, "hash")?.get(field) ?? null },
  hgetall: { arity: 2, run: (ks, [key = ""]) => [...(ks.read(key, "hash") ?? [])].flat() },
  hdel: { arity: -3, run: (ks, [key = "", ...fields]) => removeMembers(ks, key, fields, "hash") },
  hincrby: {
    arity: 4,
    run(ks, [key = "", field = "", by]) {
      const increment = integer(by);
      const hash = ks.collection(key, "hash");
      try {
        const next = addInteger(hash.get(field), increment);
        hash.set(field, String(next));
        return next;
      } finally {
        ks.dropIfEmpty(key, hash);
      }
    },
  },
  sadd: {
    arity: -3,
    run(ks, [key = "", ...members]) {
      const set = ks.collection(key, "set");
      return members.filter((m) => !set.has(m) && set.add(m)).length;
    },
  },
  srem: { arity: -3, run: (ks, [key = "", ...members]) => removeMembers(ks, key, members, "set") },
  smembers: { arity: 2, run: (ks, [key = ""]) => [...(ks.read(key, "set") ?? [])] },
  sismember: { arity: 3, run: (ks, [key = "", member = ""]) => (ks.read(key, "set")?.has(member) ? 1 : 0) },
  zadd: { arity: -4, run: zadd },
  zrange: { arity: -4, run: zrange },
  zrem: { arity: -3, run: (ks, [key = "", ...members]) => removeMembers(ks, key, members, "zset") },
  zcard: { arity: 2, run: (ks, [key = ""]) => ks.read(key, "zset")?.size ?? 0 },
};
