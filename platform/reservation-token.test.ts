import { describe, expect, it } from "vitest";
import { signReservation, verifyReservation } from "./reservation-token.ts";

const claims = { reservationId: "rsv_1234567890", saleId: "fs_1", variantId: "var_1", quantity: 1, buyerKey: "sess_1", currency: "USD" as const, unitPrice: 999, expiresAt: 10_000 };

describe("a flash-sale reservation token", () => {
  it("verifies with the secret that signed it, before it expires", async () => {
    const token = await signReservation("edge-secret", claims);
    expect(await verifyReservation(["other", "edge-secret"], token, 9_999)).toEqual({ ok: true, claims });
  });

  it("is refused from its expiry on", async () => {
    const token = await signReservation("edge-secret", claims);
    expect(await verifyReservation(["edge-secret"], token, 10_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("is refused when signed with another secret or when a claim was changed", async () => {
    const token = await signReservation("edge-secret", claims);
    expect(await verifyReservation(["another"], token, 0)).toEqual({ ok: false, reason: "bad_signature" });
    const forged = `${btoa(JSON.stringify({ ...claims, unitPrice: 1 })).replace(/=+$/, "")}.${token.split(".")[1]}`;
    expect(await verifyReservation(["edge-secret"], forged, 0)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("is refused when it is not a token at all", async () => {
    expect(await verifyReservation(["edge-secret"], "nonsense", 0)).toEqual({ ok: false, reason: "malformed" });
    expect(await verifyReservation(["edge-secret"], "e30.abc", 0)).toEqual({ ok: false, reason: "malformed" });
  });
});
