import { z } from "zod";

/**
 * The Upstash Redis REST protocol, as @upstash/redis speaks it: a command is a JSON array
 * (`["set", "k", "v"]`), a reply is `{ result }` or `{ error }`. Redis replies are strings (bulk or
 * status), integers, nil or arrays of those; backends may hand strings over as raw bytes.
 */
export type Reply = string | number | null | Uint8Array | readonly Reply[];

/** What the bridge sends back for one command. */
export type JsonReply = string | number | null | JsonReply[];

/** The outcome of one command: Redis answers each command of a pipeline on its own. */
export type CommandResult = { result: Reply } | { error: string };

/** A command as Redis receives it: name first, every argument a string. */
export type Command = readonly string[];

/** The client sends numbers and booleans unquoted; Redis wants every argument as a string. */
const argument = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const commandSchema = z.array(argument).min(1, "a command needs at least its name");
const commandListSchema = z.array(commandSchema).min(1, "send at least one command");

function explain(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at [${issue.path.join("][")}]` : "";
  return `ERR invalid request body${where}: ${issue?.message ?? "malformed"}`;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** `POST /`: one command. */
export function parseCommand(body: unknown): Parsed<Command> {
  const parsed = commandSchema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: explain(parsed.error) };
}

/** `POST /pipeline` and `POST /multi-exec`: a list of commands. */
export function parseCommands(body: unknown): Parsed<Command[]> {
  const parsed = commandListSchema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: explain(parsed.error) };
}

const utf8 = new TextDecoder();

/**
 * Encodes a reply for JSON. With `Upstash-Encoding: base64` every string, nested ones and "OK"
 * included, goes out as base64 of its bytes, so binary values survive JSON; integers and nil
 * stay as they are, which is what the client's decoder expects.
 */
export function encodeReply(reply: Reply, base64: boolean): JsonReply {
  if (reply === null || typeof reply === "number") return reply;
  if (typeof reply === "string") return base64 ? Buffer.from(reply, "utf8").toString("base64") : reply;
  if (reply instanceof Uint8Array) {
    return base64 ? Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength).toString("base64") : utf8.decode(reply);
  }
  return reply.map((item) => encodeReply(item, base64));
}

/** One pipeline entry on the wire. */
export function encodeResult(result: CommandResult, base64: boolean): { result: JsonReply } | { error: string } {
  return "error" in result ? { error: result.error } : { result: encodeReply(result.result, base64) };
}

/** Redis error text from anything a backend threw, always starting with an error code. */
export function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return /^[A-Z]+ /.test(message) ? message : `ERR ${message}`;
}
