import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appFetch } from "./catalog-helpers.ts";

/**
 * `/readyz` asks every regional service of every configured region; `/healthz` stays liveness
 * only. The not-ready cases call the edge app with REGIONS pointing at a closed loopback port.
 */
interface Readiness {
  status: string;
  message?: string;
  regions: Record<string, Record<string, string>>;
}

const READY = { catalog: "ready", orders: "ready", payments: "ready", customers: "ready" };
/** Nothing listens on port 1 of the loopback: connections are refused at once. */
const CLOSED = "http://127.0.0.1:1";

/** The test stack's own region; the test config also holds a deliberately broken "failing" one. */
function localOnly(): Record<string, Record<string, string>> {
  const all = JSON.parse(env.REGIONS) as Record<string, Record<string, string>>;
  return { local: all.local ?? {} };
}

describe("edge readiness", () => {
  it("is ready when every service of the test stack answers", async () => {
    const res = await appFetch("/readyz", { REGIONS: JSON.stringify(localOnly()) });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json<Readiness>()).toEqual({ status: "ready", regions: { local: READY } });
  });

  it("answers 503 with Retry-After, naming the region and service that is down", async () => {
    const local = localOnly();
    const regions = JSON.stringify({ ...local, eu: { ...local.local, orders: CLOSED } });
    const res = await appFetch("/readyz", { REGIONS: regions });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await res.json<Readiness>();
    expect(body.status).toBe("not_ready");
    expect(body.regions).toEqual({ local: READY, eu: { ...READY, orders: "unreachable" } });
    expect(body.message).toBe("not ready: eu/orders unreachable");
  });

  it("stays live on /healthz while the services are down", async () => {
    const down = JSON.stringify({ local: { catalog: CLOSED, orders: CLOSED, payments: CLOSED, customers: CLOSED } });
    expect((await appFetch("/healthz", { REGIONS: down })).status).toBe(200);
    expect((await appFetch("/readyz", { REGIONS: down })).status).toBe(503);
  });
});
