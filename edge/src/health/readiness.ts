import { Hono } from "hono";
import { allRegions, SERVICE_NAMES, type RegionalService } from "../regions.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * `GET /readyz`: can this edge serve shoppers? `/healthz` only says the Worker is alive; this asks
 * every regional service of every configured region for its `/healthz`, with a short timeout, so
 * a load balancer (or `npm run dev`) sends no one here while a service is still down.
 *
 *   200 { status: "ready",     regions: { local: { catalog: "ready", … } } }
 *   503 { status: "not_ready", regions: { local: { orders: "unreachable", … } }, message } + Retry-After
 */
export type ServiceReadiness = "ready" | "unreachable" | `unhealthy (${number})`;

/** A service that has not answered by then counts as not ready: a probe must answer quickly itself. */
const CHECK_TIMEOUT_MS = 1_500;
const RETRY_AFTER_SECONDS = "5";

async function check(baseUrl: string): Promise<ServiceReadiness> {
  try {
    const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    await res.body?.cancel();
    return res.ok ? "ready" : `unhealthy (${res.status})`;
  } catch {
    return "unreachable";
  }
}

export const readinessRoutes = new Hono<EdgeEnv>();

readinessRoutes.get("/readyz", async (c) => {
  const checks = Object.entries(allRegions(c.env)).flatMap(([region, urls]) =>
    SERVICE_NAMES.map(async (service) => ({ region, service, state: await check(urls[service]) })),
  );
  const results = await Promise.all(checks);
  const regions: Record<string, Partial<Record<RegionalService, ServiceReadiness>>> = {};
  for (const { region, service, state } of results) (regions[region] ??= {})[service] = state;
  c.header("cache-control", "no-store");
  const notReady = results.filter((r) => r.state !== "ready");
  if (notReady.length === 0) return c.json({ status: "ready", regions });
  c.header("retry-after", RETRY_AFTER_SECONDS);
  const message = `not ready: ${notReady.map((r) => `${r.region}/${r.service} ${r.state}`).join(", ")}`;
  return c.json({ status: "not_ready", message, regions }, 503);
});
