import type { Reply } from "../protocol.ts";
import { CommandError, type Keyspace } from "./keyspace.ts";

/**
 * One command of the dev store. `arity` follows Redis's COMMAND convention, counting the name:
 * positive means exactly that many, negative means at least that many.
 */
export interface CommandSpec {
  arity: number;
  run(keyspace: Keyspace, args: string[]): Reply;
}

export type CommandTable = Record<string, CommandSpec>;

export const syntaxError = () => new CommandError("ERR syntax error");

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

/** A 64-bit Redis integer, limited here to what a JS number holds exactly. */
export function integer(text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || !INTEGER.test(text) || !Number.isSafeInteger(n)) {
    throw new CommandError("ERR value is not an integer or out of range");
  }
  return n;
}

/** A sorted-set score: any finite float, or ±inf. */
export function score(text: string | undefined): number {
  const lower = text?.toLowerCase();
  if (lower === "inf" || lower === "+inf") return Infinity;
  if (lower === "-inf") return -Infinity;
  const n = Number(text);
  if (text === undefined || text.trim() === "" || !Number.isFinite(n)) throw new CommandError("ERR value is not a valid float");
  return n;
}

/** Scores go out as Redis prints doubles: shortest form, `inf` / `-inf` for the infinities. */
export function formatScore(n: number): string {
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  return String(n);
}

/** Adds `by` to an integer text, refusing to leave the exactly representable range. */
export function addInteger(current: string | undefined, by: number): number {
  const next = (current === undefined ? 0 : integer(current)) + by;
  if (!Number.isSafeInteger(next)) throw new CommandError("ERR increment or decrement would overflow");
  return next;
}

/** Redis-style glob (`*`, `?`, `[abc]`, `[^a]`, `[a-z]`, `\x`) as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === "*") source += "[\\s\\S]*";
    else if (c === "?") source += "[\\s\\S]";
    else if (c === "\\" && i + 1 < glob.length) source += escape(glob.charAt(++i));
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) {
        source += "\\[";
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith("^");
      if (negate) body = body.slice(1);
      source += `[${negate ? "^" : ""}${body.replace(/[\\\]]/g, "\\$&")}]`;
      i = end;
    } else source += escape(c);
  }
  return new RegExp(`^${source}$`);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
