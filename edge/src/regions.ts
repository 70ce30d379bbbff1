import { z } from "zod";
import { AppError } from "../../platform/errors.ts";

/**
 * Which regional services serve a request is configuration, not code: `REGIONS` maps a region
 * name to its service base URLs. One region locally; later several, chosen by location.
 */
export const SERVICE_NAMES = ["catalog", "orders", "payments", "customers"] as const;
export type RegionalService = (typeof SERVICE_NAMES)[number];

const regionSchema = z.object({
  catalog: z.url(),
  orders: z.url(),
  payments: z.url(),
  customers: z.url(),
});
const regionsSchema = z.record(z.string(), regionSchema);
export type Region = z.output<typeof regionSchema>;

let parsedFrom: string | undefined;
let parsed: Record<string, Region> = {};

function regions(raw: string): Record<string, Region> {
  if (raw !== parsedFrom) {
    const result = regionsSchema.safeParse(JSON.parse(raw));
    if (!result.success) throw new AppError("MISCONFIGURED", "REGIONS is not a valid region map");
    parsed = result.data;
    parsedFrom = raw;
  }
  return parsed;
}

/** The base URL of `service` in the region that serves this request. */
export function serviceUrl(env: Pick<Env, "REGIONS" | "DEFAULT_REGION">, service: RegionalService): string {
  const region = regions(env.REGIONS)[env.DEFAULT_REGION];
  if (!region) throw new AppError("MISCONFIGURED", `region ${env.DEFAULT_REGION} is not configured`);
  return region[service];
}

/** Every configured region by name, for checks that cover them all (the readiness probe). */
export function allRegions(env: Pick<Env, "REGIONS">): Readonly<Record<string, Region>> {
  return regions(env.REGIONS);
}
