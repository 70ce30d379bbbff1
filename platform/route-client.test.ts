import { createRoute, z } from "@hono/zod-openapi";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors.ts";
import { callRoute, type Transport } from "./route-client.ts";

/**
 * callRoute against a real Hono app standing in for a sibling service: how each kind of answer
 * reaches the caller.
 */
const pingRoute = createRoute({
  method: "get",
  path: "/ping/{id}",
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: { description: "pong", content: { "application/json": { schema: z.object({ id: z.string() }) } } } },
});

function sibling(answer: (id: string) => Response): Transport {
  const app = new Hono();
  app.get("/ping/:id", (c) => answer(c.req.param("id")));
  return async (method, path) => app.request(path, { method });
}

async function failure(transport: Transport): Promise<AppError> {
  const err = await callRoute("pinger", pingRoute, { params: { id: "a b" } }, transport).catch((e: unknown) => e);
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe("callRoute", () => {
  it("answers a 2xx's JSON body, with the params encoded into the path", async () => {
    const res = await callRoute("pinger", pingRoute, { params: { id: "a b" } }, sibling((id) => Response.json({ id })));
    expect(res).toEqual({ status: 200, body: { id: "a b" } });
  });

  it("takes a 2xx whose body is not JSON for the sibling's failure (502), never for the caller's bad JSON", async () => {
    const err = await failure(sibling(() => new Response("<html>proxy error</html>", { status: 200, headers: { "content-type": "text/html" } })));
    expect([err.code, err.status]).toEqual(["BAD_GATEWAY", 502]);
    expect(err.message).toBe("the pinger service answered 200 with a body that is not JSON");
  });

  it("relays a sibling's own 4xx error and turns a 5xx into a retryable 503", async () => {
    const refused = await failure(sibling(() => Response.json({ error: { code: "NOT_FOUND", message: "no such ping" } }, { status: 404 })));
    expect([refused.code, refused.message]).toEqual(["NOT_FOUND", "no such ping"]);
    const broken = await failure(sibling(() => new Response("boom", { status: 500 })));
    expect([broken.code, broken.status]).toEqual(["SERVICE_UNAVAILABLE", 503]);
  });
});
