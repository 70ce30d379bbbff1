import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { notFoundHandler, onError, parseFormBody } from "./http.ts";

/** A tiny app with the shared error model, so each spec sees exactly what a client would. */
function appWith(route: (app: Hono) => void): Hono {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFoundHandler);
  route(app);
  return app;
}

const echoForm = appWith((app) => app.post("/form", async (c) => c.json(await parseFormBody(c))));

describe("onError", () => {
  it("answers a deadline that ran out while reading another service's answer as a 503 to retry, not a 500", async () => {
    const app = appWith((a) =>
      a.get("/slow", async () => {
        // What reading a response body throws when the fetch's AbortSignal.timeout fires mid-body.
        throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
      }),
    );
    const res = await app.request("/slow");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(await res.json()).toEqual({ error: { code: "SERVICE_UNAVAILABLE", message: "a service took too long to answer, try again shortly" } });
  });

  it("answers a real slow body read the same way", async () => {
    const upstream = new Response(new ReadableStream({ start() {} }));
    const app = appWith((a) =>
      a.get("/stalled", async (c) => {
        const signal = AbortSignal.timeout(20);
        const body = upstream.body;
        if (!body) throw new Error("no body");
        const reader = body.getReader();
        await new Promise<never>((_, reject) => {
          signal.addEventListener("abort", () => reject(signal.reason));
          void reader.read();
        });
        return c.text("never");
      }),
    );
    const res = await app.request("/stalled");
    expect(res.status).toBe(503);
  });

  it("still answers an unknown fault as a 500 in the error shape", async () => {
    const app = appWith((a) =>
      a.get("/boom", () => {
        throw new Error("boom");
      }),
    );
    const res = await app.request("/boom");
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "INTERNAL", message: "internal error" } });
  });
});

describe("parseFormBody", () => {
  it("reads an urlencoded form as its text fields", async () => {
    const res = await echoForm.request("/form", { method: "POST", body: new URLSearchParams({ a: "1", b: "two words" }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ a: "1", b: "two words" });
  });

  it("reads a multipart form and drops its files", async () => {
    const form = new FormData();
    form.set("name", "Ada");
    form.set("upload", new File(["x"], "x.txt"));
    const res = await echoForm.request("/form", { method: "POST", body: form });
    expect(await res.json()).toEqual({ name: "Ada" });
  });

  it("answers a malformed multipart body with a 400, not a 500", async () => {
    const res = await echoForm.request("/form", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=----nope" },
      body: "this is not multipart at all",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "BAD_REQUEST", message: "form body is malformed" } });
  });

  it("answers a multipart body without a boundary with a 400", async () => {
    const res = await echoForm.request("/form", { method: "POST", headers: { "content-type": "multipart/form-data" }, body: "a=1" });
    expect(res.status).toBe(400);
  });
});

describe("onError", () => {
  /** What drizzle throws when Postgres refuses a value: the driver's error, with its SQLSTATE, as the cause. */
  function driverError(code: string, message: string): Error {
    return new Error("Failed query: insert into t (a) values ($1)", { cause: Object.assign(new Error(message), { code }) });
  }

  it.each([
    ["22021", 'invalid byte sequence for encoding "UTF8": 0x00'],
    ["22P05", "unsupported Unicode escape sequence"],
  ])("maps Postgres %s (text it cannot store) to a 400", async (code, message) => {
    const app = appWith((a) => a.post("/x", () => Promise.reject(driverError(code, message))));
    const res = await app.request("/x", { method: "POST" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
  });

  it("still answers any other database error with a 500 that reveals nothing", async () => {
    const app = appWith((a) => a.post("/x", () => Promise.reject(driverError("23505", "duplicate key value"))));
    const res = await app.request("/x", { method: "POST" });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "INTERNAL", message: "internal error" } });
  });
});
