import { describe, expect, it } from "vitest";
import { PAYMENT_STATUSES } from "../../../contracts/payments/api.ts";
import type { ProviderStatus } from "../providers/provider.ts";
import { signWebhook, verifyWebhookSignature, WEBHOOK_TOLERANCE_MS } from "../providers/sandbox-signature.ts";
import { nextStatus } from "../transitions.ts";

const REPORTS: ProviderStatus[] = ["succeeded", "failed", "requires_action", "cancelled"];

describe("payment status transitions", () => {
  it("moves a processing payment to whatever the provider reports", () => {
    for (const reported of REPORTS) expect(nextStatus("processing", reported)).toBe(reported);
  });

  it("moves a payment awaiting the shopper to a settled status only", () => {
    expect(nextStatus("requires_action", "succeeded")).toBe("succeeded");
    expect(nextStatus("requires_action", "failed")).toBe("failed");
    expect(nextStatus("requires_action", "cancelled")).toBe("cancelled");
    expect(nextStatus("requires_action", "requires_action")).toBeUndefined();
  });

  it("never moves a settled payment again, so nothing is captured or announced twice", () => {
    for (const settled of PAYMENT_STATUSES.filter((s) => s === "succeeded" || s === "failed" || s === "cancelled")) {
      for (const reported of REPORTS) expect(nextStatus(settled, reported)).toBeUndefined();
    }
  });
});

describe("sandbox webhook signatures", () => {
  const secret = "a-webhook-secret-for-tests";
  const body = JSON.stringify({ id: "evt_1" });

  it("verifies its own signature over the timestamp and the raw body", async () => {
    expect(await verifyWebhookSignature(secret, body, await signWebhook(secret, body))).toBe(true);
  });

  it("refuses another body, another secret, a missing header and a stale timestamp", async () => {
    const now = Date.now();
    const header = await signWebhook(secret, body, now);
    expect(await verifyWebhookSignature(secret, `${body} `, header, now)).toBe(false);
    expect(await verifyWebhookSignature("another-secret-entirely", body, header, now)).toBe(false);
    expect(await verifyWebhookSignature(secret, body, null, now)).toBe(false);
    expect(await verifyWebhookSignature(secret, body, header, now + WEBHOOK_TOLERANCE_MS + 1)).toBe(false);
  });

  it("accepts any of several signatures, so the secret can be rotated", async () => {
    const now = Date.now();
    const good = (await signWebhook(secret, body, now)).split(",")[1] ?? "";
    expect(await verifyWebhookSignature(secret, body, `t=${now},v1=${"0".repeat(64)},${good}`, now)).toBe(true);
  });
});
