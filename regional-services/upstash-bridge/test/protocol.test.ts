import { describe, expect, it } from "vitest";
import { createBridgeApp } from "../app.ts";
import { createMemoryBackend } from "../memory/backend.ts";

/** The wire protocol itself, exercised with app.request() over the in-memory store. */
const TOKEN = "protocol-test-token";

function bridge() {
  const app = createBridgeApp({ token: TOKEN, backend: createMemoryBackend() });
  return async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(`http://bridge${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
}

describe("Upstash REST protocol", () => {
  it("answers one command at POST / with { result }", async () => {
    const post = bridge();
    expect(await post("/", ["set", "k", "v"])).toEqual({ status: 200, body: { result: "OK" } });
    expect(await post("/", ["get", "k"])).toEqual({ status: 200, body: { result: "v" } });
    expect(await post("/", ["get", "absent"])).toEqual({ status: 200, body: { result: null } });
  });

  it("accepts numbers and booleans as arguments, as the client sends them", async () => {
    const post = bridge();
    await post("/", ["set", "n", 41]);
    expect(await post("/", ["incrby", "n", 1])).toEqual({ status: 200, body: { result: 42 } });
    expect(await post("/", ["set", "flag", true])).toEqual({ status: 200, body: { result: "OK" } });
    expect(await post("/", ["get", "flag"])).toEqual({ status: 200, body: { result: "true" } });
  });

  it("answers a failing command at POST / with 400 { error }", async () => {
    const post = bridge();
    await post("/", ["set", "k", "v"]);
    expect(await post("/", ["incr", "k"])).toEqual({ status: 400, body: { error: "ERR value is not an integer or out of range" } });
    expect(await post("/", ["eval", "return 1", 0])).toEqual({
      status: 400,
      body: { error: "ERR command not supported by the in-memory dev store: 'eval'" },
    });
  });

  it("answers each pipelined command on its own, errors included, with 200", async () => {
    const post = bridge();
    const res = await post("/pipeline", [["set", "a", "1"], ["incr", "a"], ["hget", "a", "f"], ["get", "a"]]);
    expect(res).toEqual({
      status: 200,
      body: [
        { result: "OK" },
        { result: 2 },
        { error: "WRONGTYPE Operation against a key holding the wrong kind of value" },
        { result: "2" },
      ],
    });
  });

  it("runs POST /multi-exec all or nothing", async () => {
    const post = bridge();
    expect(await post("/multi-exec", [["set", "t", "1"], ["incr", "t"]])).toEqual({ status: 200, body: [{ result: "OK" }, { result: 2 }] });
    const aborted = await post("/multi-exec", [["set", "t", "100"], ["get"]]);
    expect(aborted.status).toBe(400);
    expect(aborted.body).toEqual({ error: expect.stringMatching(/^EXECABORT .*wrong number of arguments for 'get'/) });
    expect(await post("/", ["get", "t"])).toEqual({ status: 200, body: { result: "2" } });
    const refused = await post("/multi-exec", [["set", "t", "100"], ["select", "1"]]);
    expect(refused.status).toBe(400);
    expect(await post("/", ["get", "t"])).toEqual({ status: 200, body: { result: "2" } });
  });

  it("base64-encodes every string with Upstash-Encoding: base64, but not integers or nil", async () => {
    const post = bridge();
    const b64 = { "upstash-encoding": "base64" };
    const enc = (s: string) => Buffer.from(s).toString("base64");
    expect(await post("/", ["set", "k", "ünïcode"], b64)).toEqual({ status: 200, body: { result: enc("OK") } });
    expect(await post("/", ["get", "k"], b64)).toEqual({ status: 200, body: { result: enc("ünïcode") } });
    await post("/", ["hset", "h", "f", "v"]);
    const res = await post("/pipeline", [["hgetall", "h"], ["incr", "n"], ["get", "none"], ["mget", "k", "none"]], b64);
    expect(res.body).toEqual([{ result: [enc("f"), enc("v")] }, { result: 1 }, { result: null }, { result: [enc("ünïcode"), null] }]);
  });

  it("requires the bearer token", async () => {
    const app = createBridgeApp({ token: TOKEN, backend: createMemoryBackend() });
    const send = (headers: Record<string, string>) => app.request("/", { method: "POST", headers, body: '["ping"]' });
    expect((await send({})).status).toBe(401);
    expect((await send({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await send({ authorization: TOKEN })).status).toBe(401);
    expect(await (await send({ authorization: `Bearer ${TOKEN}` })).json()).toEqual({ result: "PONG" });
  });

  it("rejects bodies that are not commands with 400, naming the problem", async () => {
    const post = bridge();
    expect(await post("/", "not json")).toEqual({ status: 400, body: { error: expect.stringMatching(/^ERR invalid request body/) } });
    expect(await post("/", [])).toEqual({ status: 400, body: { error: expect.stringMatching(/at least its name/) } });
    expect(await post("/", [["get", "k"]])).toEqual({ status: 400, body: { error: expect.stringMatching(/at \[0\]/) } });
    expect(await post("/pipeline", [])).toEqual({ status: 400, body: { error: expect.stringMatching(/at least one command/) } });
    expect(await post("/pipeline", [["get", "k"], "get"])).toEqual({ status: 400, body: { error: expect.stringMatching(/at \[1\]/) } });
  });

  it("answers unknown endpoints with 404", async () => {
    const post = bridge();
    expect((await post("/get/k", [])).status).toBe(404);
  });
});
