import { createHash, timingSafeEqual } from "node:crypto";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { log } from "../../platform/log.ts";
import { refuse, type RedisBackend } from "./backend.ts";
import { encodeResult, errorText, parseCommand, parseCommands, type Command, type CommandResult } from "./protocol.ts";
import { createScriptRewriter, type PreparedCommand, type ScriptRewriter } from "./scripts.ts";

export interface BridgeAppOptions {
  token: string;
  backend: RedisBackend;
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Compares digests so the time taken says nothing about how much of the token was right. */
function authorized(header: string | undefined, expected: Buffer): boolean {
  const token = header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
  return token !== undefined && timingSafeEqual(digest(token), expected);
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

type Slot = { refused: string } | PreparedCommand;

function prepareAll(commands: readonly Command[], scripts: ScriptRewriter): Slot[] {
  return commands.map((command) => {
    const refused = refuse(command);
    return refused ? { refused } : scripts.prepare(command);
  });
}

function finish(slot: PreparedCommand, result: CommandResult): CommandResult {
  return slot.mapReply && "result" in result ? { result: slot.mapReply(result.result) } : result;
}

/** Runs a pipeline, answering refused commands in place without sending them. */
async function runPipeline(backend: RedisBackend, slots: Slot[]): Promise<CommandResult[]> {
  const toSend = slots.filter((s): s is PreparedCommand => !("refused" in s));
  const results = toSend.length > 0 ? await backend.pipeline(toSend.map((s) => s.command)) : [];
  let next = 0;
  return slots.map((slot) => ("refused" in slot ? { error: slot.refused } : finish(slot, results[next++] ?? { error: "ERR no reply" })));
}

/**
 * The Upstash Redis REST protocol over a Redis backend: `POST /` runs one command, `POST /pipeline`
 * several in order, `POST /multi-exec` several as one MULTI/EXEC transaction.
 */
export function createBridgeApp(options: BridgeAppOptions): Hono {
  const app = new Hono();
  const expected = digest(options.token);
  const scripts = createScriptRewriter();
  const { backend } = options;

  app.onError((err, c) => {
    log("error", "upstash bridge request failed", { path: c.req.path, error: errorText(err) });
    return c.json({ error: errorText(err) }, 500);
  });
  app.notFound((c) => c.json({ error: `ERR no such endpoint: ${c.req.method} ${c.req.path}` }, 404));
  app.use("*", async (c, next) => {
    if (!authorized(c.req.header("authorization"), expected)) return c.json({ error: "Unauthorized" }, 401);
    await next();
  });
  app.use("*", bodyLimit({ maxSize: 16 * 1024 * 1024, onError: (c) => c.json({ error: "ERR request body too large" }, 413) }));

  const base64 = (c: Context) => c.req.header("upstash-encoding")?.toLowerCase() === "base64";

  app.post("/", async (c) => {
    const parsed = parseCommand(await readJson(c));
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const [result = { error: "ERR no reply" }] = await runPipeline(backend, prepareAll([parsed.value], scripts));
    const body = encodeResult(result, base64(c));
    return "error" in body ? c.json(body, 400) : c.json(body);
  });

  app.post("/pipeline", async (c) => {
    const parsed = parseCommands(await readJson(c));
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const results = await runPipeline(backend, prepareAll(parsed.value, scripts));
    return c.json(results.map((r) => encodeResult(r, base64(c))));
  });

  app.post("/multi-exec", async (c) => {
    const parsed = parseCommands(await readJson(c));
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const slots = prepareAll(parsed.value, scripts);
    const refused = slots.find((s): s is { refused: string } => "refused" in s);
    if (refused) return c.json({ error: `EXECABORT Transaction discarded because of previous errors. (${refused.refused})` }, 400);
    const prepared = slots as PreparedCommand[];
    const outcome = await backend.transaction(prepared.map((s) => s.command));
    if (!outcome.ok) return c.json({ error: outcome.error }, 400);
    const results = prepared.map((slot, i) => finish(slot, outcome.results[i] ?? { error: "ERR no reply" }));
    return c.json(results.map((r) => encodeResult(r, base64(c))));
  });

  return app;
}
