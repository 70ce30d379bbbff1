import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../src/middleware/body-limit.ts";
import { appFetch, edge } from "./catalog-helpers.ts";

/**
 * The edge refuses an oversized body with 413 before any route reads it, whether the client
 * declares its length or streams it, and whatever the route (even one that does not exist).
 */
interface ErrorJson {
  error: { code: string; message: string };
}

async function expectTooLarge(res: Response): Promise<void> {
  expect(res.status).toBe(413);
  const body = await res.json<ErrorJson>();
  expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
  expect(body.error.message).toContain(`${MAX_BODY_BYTES / 1024} KB`);
}

const json = (body: string): RequestInit => ({ method: "POST", headers: { "content-type": "application/json", origin: "http://localhost" }, body });

/** A body of `total` bytes that is produced only as it is read, counting what was read. */
function lazyBody(total: number, chunk = 64 * 1024): { stream: ReadableStream<Uint8Array>; read: () => number } {
  let produced = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced >= total) return controller.close();
      const size = Math.min(chunk, total - produced);
      produced += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, read: () => produced };
}

describe("request body limit", () => {
  it("refuses a body whose Content-Length is over the limit, on a real route and on no route", async () => {
    const big = JSON.stringify({ variantId: "x", quantity: 1, pad: "a".repeat(MAX_BODY_BYTES) });
    await expectTooLarge(await edge("/api/cart/items", json(big)));
    await expectTooLarge(await edge("/no-such-route", json(big)));
    await expectTooLarge(await edge("/account/signin", { method: "POST", headers: { origin: "http://localhost" }, body: new URLSearchParams({ email: "a".repeat(MAX_BODY_BYTES) }) }));
  });

  it("stops reading a streamed 60 MB body without Content-Length at the limit", async () => {
    const { stream, read } = lazyBody(60 * 1024 * 1024);
    const res = await appFetch("/no-such-route", {}, { method: "POST", headers: { "content-type": "application/json" }, body: stream });
    await expectTooLarge(res);
    expect(read()).toBeLessThan(4 * MAX_BODY_BYTES);
  });

  it("lets a body within the limit through to the route, streamed or not", async () => {
    const payload = JSON.stringify({ variantId: "var_does_not_exist", quantity: 1 });
    const declared = await edge("/api/cart/items", json(payload));
    expect(declared.status).toBe(404);
    expect((await declared.json<ErrorJson>()).error.code).toBe("VARIANT_NOT_FOUND");
    const streamed = await appFetch("/api/cart/items", {}, { method: "POST", headers: { "content-type": "application/json" }, body: new Blob([payload]).stream() });
    expect(streamed.status).toBe(404);
    expect((await streamed.json<ErrorJson>()).error.code).toBe("VARIANT_NOT_FOUND");
  });
});
