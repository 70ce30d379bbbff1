import { describe, expect, it } from "vitest";
import { hmacHex, MAX_SIGNATURE_AGE_MS, sha256Hex, signRequest, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from "./signing.ts";

const SECRET = "a-test-signing-secret-of-some-length";
const PATH = "/orders/checkout?x=1";
const BODY = JSON.stringify({ cartId: "cart-1" });

async function signed(options: { idempotencyKey?: string; actor?: string; now?: number } = {}) {
  const headers = await signRequest(SECRET, "POST", PATH, BODY, options);
  return { signature: headers[SIGNATURE_HEADER], timestamp: headers[TIMESTAMP_HEADER] };
}

describe("request signatures", () => {
  it("verify for the very request that was signed", async () => {
    const received = { ...(await signed({ idempotencyKey: "key-1" })), idempotencyKey: "key-1" };
    expect(await verifySignature(SECRET, "POST", PATH, BODY, received)).toEqual({ ok: true });
  });

  it("cover the actor an admin request is for: dropped, added or swapped, the signature fails", async () => {
    const asReader = { ...(await signed({ actor: "reader" })), actor: "reader" };
    expect(await verifySignature(SECRET, "POST", PATH, BODY, asReader)).toEqual({ ok: true });
    const noActor = await signed();
    const checks = await Promise.all([
      verifySignature(SECRET, "POST", PATH, BODY, { ...asReader, actor: "owner" }),
      verifySignature(SECRET, "POST", PATH, BODY, { ...asReader, actor: undefined }),
      verifySignature(SECRET, "POST", PATH, BODY, { ...noActor, actor: "owner" }),
    ]);
    expect(checks.map((c) => c.ok)).toEqual([false, false, false]);
    // A request without an actor signs exactly as it did before actors existed.
    const now = Date.now();
    const before = await hmacHex(SECRET, `GET\n${PATH}\n${await sha256Hex("")}\n${now}\n`);
    expect((await signRequest(SECRET, "GET", PATH, "", { now }))[SIGNATURE_HEADER]).toBe(before);
  });

  it("are refused when the method, path, body or secret differ", async () => {
    const received = await signed();
    const checks = await Promise.all([
      verifySignature(SECRET, "PUT", PATH, BODY, received),
      verifySignature(SECRET, "POST", "/orders/checkout?x=2", BODY, received),
      verifySignature(SECRET, "POST", PATH, `${BODY} `, received),
      verifySignature("another-secret-of-some-length", "POST", PATH, BODY, received),
    ]);
    expect(checks.map((c) => c.ok)).toEqual([false, false, false, false]);
  });

  it("are refused once older than the allowed age, or without a timestamp", async () => {
    const received = await signed({ now: Date.now() - MAX_SIGNATURE_AGE_MS - 1_000 });
    expect(await verifySignature(SECRET, "POST", PATH, BODY, received)).toEqual({ ok: false, reason: "signature has expired" });
    expect(await verifySignature(SECRET, "POST", PATH, BODY, { signature: received.signature, timestamp: undefined })).toEqual({
      ok: false,
      reason: "request is not signed",
    });
  });

  it("still accept the clock as a bare number, as older callers pass it", async () => {
    const headers = await signRequest(SECRET, "GET", PATH, "", Date.now() - 1_000);
    const received = { signature: headers[SIGNATURE_HEADER], timestamp: headers[TIMESTAMP_HEADER] };
    expect(await verifySignature(SECRET, "GET", PATH, "", received)).toEqual({ ok: true });
  });
});

describe("the Idempotency-Key is part of the signature", () => {
  it("so a captured request replayed under another key is refused", async () => {
    const received = await signed({ idempotencyKey: "key-1" });
    const replay = await verifySignature(SECRET, "POST", PATH, BODY, { ...received, idempotencyKey: "key-2" });
    expect(replay).toEqual({ ok: false, reason: "signature does not match" });
  });

  it("so a key cannot be added to, or dropped from, a signed request", async () => {
    const withoutKey = await signed();
    const withKey = await signed({ idempotencyKey: "key-1" });
    expect((await verifySignature(SECRET, "POST", PATH, BODY, { ...withoutKey, idempotencyKey: "key-1" })).ok).toBe(false);
    expect((await verifySignature(SECRET, "POST", PATH, BODY, withKey)).ok).toBe(false);
    expect((await verifySignature(SECRET, "POST", PATH, BODY, withoutKey)).ok).toBe(true);
  });
});
