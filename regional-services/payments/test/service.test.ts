import { afterAll, describe, expect, it } from "vitest";
import { signedFetch } from "../../../platform/signed-fetch.ts";
import { loadEnv, serviceEnv } from "../../shared/env.ts";
import { createScratchDatabase, type ScratchDatabase } from "../../shared/testing.ts";
import type { PaymentView } from "../contract.ts";
import { TEST_CARDS } from "../providers/sandbox-cards.ts";
import { start } from "../service.ts";
import { availableDrivers, CARD, startReplayBridge } from "./harness.ts";

const drivers = await availableDrivers();

describe.each(drivers)("start() (%s)", (driver) => {
  let scratch: ScratchDatabase | undefined;
  afterAll(async () => {
    await scratch?.drop();
  });

  it("runs the whole payment flow on a random port and closes cleanly", async () => {
    scratch = driver === "postgres" ? await createScratchDatabase("payments_start") : undefined;
    const bridge = await startReplayBridge();
    const redisEnv = { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token };
    const raw = loadEnv({ PAYMENTS_PORT: "0", ...redisEnv, ...(scratch ? { PAYMENTS_DATABASE_URL: scratch.url } : {}) });
    const service = await start({ env: serviceEnv("payments", raw), memory: true });
    try {
      expect(service).toMatchObject({ name: "payments", url: `http://127.0.0.1:${service.port}` });
      expect(await (await fetch(`${service.url}/healthz`)).json()).toEqual({ status: "ok", service: "payments" });

      const tokenRes = await signedFetch(raw.EDGE_SIGNING_SECRET, service.url, "/payments/tokens", { json: { card: TEST_CARDS.requiresAction, ...CARD } });
      const { token } = (await tokenRes.json()) as { token: string };
      const created = await signedFetch(raw.SERVICE_SIGNING_SECRET, service.url, "/payments", {
        json: { orderId: "ord_start", amount: 999, currency: "USD", token },
        headers: { "idempotency-key": "ord_start" },
      });
      const { payment } = (await created.json()) as { payment: PaymentView };
      expect(payment.status).toBe("requires_action");
      await signedFetch(raw.SERVICE_SIGNING_SECRET, service.url, `/payments/${payment.id}/confirm`, { method: "POST" });

      const feed = await signedFetch(raw.SERVICE_SIGNING_SECRET, service.url, "/internal/events?after=0");
      const { events } = (await feed.json()) as { events: { type: string; payload: unknown }[] };
      expect(events.map((e) => e.type)).toEqual(["payment.requires_action", "payment.succeeded"]);
      expect(events[1]?.payload).toEqual({ paymentId: payment.id, orderId: "ord_start", amount: 999, currency: "USD" });
    } finally {
      await service.close();
      await bridge.close();
    }
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
  });
});
