import { request } from "node:http";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { signRequest } from "../../../platform/signing.ts";
import { openDatabase, type DatabaseHandle } from "../db.ts";
import { MAX_BODY_BYTES } from "../../../contracts/limits.ts";
import { createServiceApp, listen, requireSignature, type RunningServer, type ServiceApp } from "../server.ts";
import { availableDrivers, createScratchDatabase, type Driver, type ScratchDatabase } from "../testing.ts";

/**
 * What every service gets from createServiceApp and requireSignature, over a real socket: the
 * body limit in front of the signature check, and signatures that cover the Idempotency-Key.
 */
const SECRET = "server-test-signing-secret";
const ERROR_SHAPE = { error: { code: expect.any(String), message: expect.any(String) } };

function echoApp(): ServiceApp {
  const app = createServiceApp("orders");
  app.post("/echo", requireSignature([SECRET]), async (c) => c.json({ key: c.req.header("idempotency-key") ?? null, bytes: (await c.req.text()).length }));
  return app;
}

let server: RunningServer;
let url: string;

beforeAll(async () => {
  server = await listen(echoApp(), 0);
  url = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

/**
 * POSTs on a connection of its own (the server may answer before the body is sent, and must not
 * leave a half-read connection in fetch's shared pool); a stream goes out chunked.
 */
function postUnsigned(body: string | Readable): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/echo`, { method: "POST", agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on("error", reject);
    if (typeof body === "string") req.end(body);
    else body.pipe(req);
  });
}

describe("the body limit of every service", () => {
  it("answers an oversized body with 413 in the shared error shape, before reading it to check a signature", async () => {
    const res = await postUnsigned("x".repeat(MAX_BODY_BYTES + 1));
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  it("counts a streamed body without Content-Length as it arrives", async () => {
    const chunk = "y".repeat(64 * 1024);
    const chunks = Array.from({ length: Math.ceil(MAX_BODY_BYTES / chunk.length) + 1 }, () => chunk);
    const res = await postUnsigned(Readable.from(chunks));
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject(ERROR_SHAPE);
  });

  it("lets a signed body under the limit through", async () => {
    const res = await signedFetch(SECRET, url, "/echo", { json: { text: "z".repeat(1000) } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ key: null, bytes: 1011 });
  });
});

describe("signatures over the Idempotency-Key", () => {
  it("accept a request signed with the key it carries", async () => {
    const res = await signedFetch(SECRET, url, "/echo", { json: { a: 1 }, headers: { "Idempotency-Key": "key-1" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ key: "key-1" });
  });

  it("refuse a captured request replayed under another key", async () => {
    const body = JSON.stringify({ a: 1 });
    const signed = await signRequest(SECRET, "POST", "/echo", body, { idempotencyKey: "key-1" });
    const send = (key: string) =>
      fetch(`${url}/echo`, { method: "POST", headers: { ...signed, "content-type": "application/json", "idempotency-key": key }, body });
    expect((await send("key-1")).status).toBe(200);
    const replay = await send("key-2");
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ error: { code: "BAD_SIGNATURE", message: "signature does not match" } });
  });

  it("refuse a key added to a request signed without one", async () => {
    const signed = await signRequest(SECRET, "POST", "/echo", "");
    const res = await fetch(`${url}/echo`, { method: "POST", headers: { ...signed, "idempotency-key": "key-9" } });
    expect(res.status).toBe(401);
  });
});

/**
 * The safety net behind the schemas: should NUL slip past validation into a query, Postgres refuses
 * it, and the service answers 400 rather than 500, on both drivers.
 */
describe.each(await availableDrivers())("text Postgres cannot store, on %s", (driver: Driver) => {
  let handle: DatabaseHandle<Record<string, never>>;
  let scratch: ScratchDatabase | undefined;
  let app: ServiceApp;

  beforeAll(async () => {
    scratch = driver === "postgres" ? await createScratchDatabase("server_nul") : undefined;
    handle = await openDatabase({ schema: {}, migrationsFolder: "", dataDir: "memory://", url: scratch?.url });
    await handle.db.execute(sql`create table notes (body text, data jsonb)`);
    app = createServiceApp("customers");
    app.post("/notes", async (c) => {
      const { body } = await c.req.json<{ body: string }>();
      await handle.db.execute(sql`insert into notes (body, data) values (${body}, ${JSON.stringify({ body })})`);
      return c.json({ ok: true }, 201);
    });
  });
  afterAll(async () => {
    await handle.close();
    await scratch?.drop();
  });

  const post = (body: string) => app.request("/notes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ body }) });

  it("answers NUL with a 400 in the shared error shape", async () => {
    const res = await post("a\u0000b");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
  });

  it("still stores ordinary text", async () => {
    expect((await post("Zoë 🚀")).status).toBe(201);
  });
});
