import { describe, expect, it } from "vitest";
import { signatureHeader, verifyEdgeshopSignature } from "./signature.ts";

describe("webhook signatures (Edgeshop-Signature: t=…,v1=…)", () => {
  const secret = "whsec_test_secret";
  const body = JSON.stringify({ id: "evt_orders_1", type: "order.paid", created: 1_700_000_000, data: { orderId: "o1" } });
  const t = 1_700_000_000;

  it("is HMAC-SHA256 of '<t>.<body>' in hex, as any HMAC library computes it", async () => {
    // Computed apart, with Node's createHmac("sha256", secret).update(`${t}.${body}`).digest("hex").
    const expected = "196c215fd1b59bc798106ee32c3dbf85160e41e01e6200cfc0fe47ccfaf92262";
    expect(await signatureHeader(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("verifies what it signed, within the tolerance", async () => {
    const header = await signatureHeader(secret, body, t);
    expect(await verifyEdgeshopSignature(secret, header, body, 300, t + 299)).toEqual({ ok: true, timestamp: t });
  });

  it("refuses another body, another secret, an old or future timestamp, and a missing or malformed header", async () => {
    const header = await signatureHeader(secret, body, t);
    const refusals = [
      await verifyEdgeshopSignature(secret, header, body.replace("o1", "o2"), 300, t),
      await verifyEdgeshopSignature("whsec_other", header, body, 300, t),
      await verifyEdgeshopSignature(secret, header, body, 300, t + 301),
      await verifyEdgeshopSignature(secret, header, body, 300, t - 301),
      await verifyEdgeshopSignature(secret, undefined, body, 300, t),
      await verifyEdgeshopSignature(secret, header.replace(/t=\d+,/, ""), body, 300, t),
      await verifyEdgeshopSignature(secret, `t=${t}`, body, 300, t),
      // A timestamp moved forward does not carry the old signature with it.
      await verifyEdgeshopSignature(secret, header.replace(`t=${t}`, `t=${t + 10}`), body, 300, t),
    ];
    for (const verdict of refusals) expect(verdict.ok).toBe(false);
  });

  it("accepts any one of several v1 signatures, as during a secret rotation", async () => {
    const old = (await signatureHeader("whsec_old", body, t)).split(",")[1];
    const current = await signatureHeader(secret, body, t);
    expect((await verifyEdgeshopSignature(secret, `${current},${old}`, body, 300, t)).ok).toBe(true);
    expect((await verifyEdgeshopSignature("whsec_old", `${current},${old}`, body, 300, t)).ok).toBe(true);
  });
});
