import { resolve } from "node:path";
import { z } from "zod";
import { DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { setLogLevel } from "../../platform/log.ts";
import { SERVICES, type ServiceName } from "../../contracts/services.ts";
import { DEFAULT_FULFILMENT_REFUND_LIMIT } from "../../domain/refunds.ts";

/**
 * The only place a regional service reads `process.env`. Every setting has an embedded local
 * default so `npm run dev` needs no configuration; production sets the real values.
 */
// Re-exported: the services' own modules keep importing their name type from their env.
export { SERVICES, type ServiceName };

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  catalog: 8801,
  orders: 8802,
  payments: 8803,
  customers: 8804,
};

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const envSchema = z.object({
  NODE_ENV: z.string().default("development"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  DATA_DIR: z.string().default(".data"),
  EDGE_SIGNING_SECRET: z.string().min(16).default(DEV_SECRETS.EDGE_SIGNING_SECRET),
  SERVICE_SIGNING_SECRET: z.string().min(16).default(DEV_SECRETS.SERVICE_SIGNING_SECRET),
  MERCHANT_TOKEN: z.string().min(16).default(DEV_SECRETS.MERCHANT_TOKEN),
  PAYMENTS_WEBHOOK_SECRET: z.string().min(16).default(DEV_SECRETS.PAYMENTS_WEBHOOK_SECRET),
  /** A real Redis behind the local Upstash bridge; without it the bridge keeps data in memory (dev only). */
  REDIS_URL: optionalUrl,
  UPSTASH_BRIDGE_PORT: z.coerce.number().int().default(8079),
  UPSTASH_REDIS_REST_URL: z.string().default("http://127.0.0.1:8079"),
  UPSTASH_REDIS_REST_TOKEN: z.string().default(DEV_SECRETS.UPSTASH_REDIS_REST_TOKEN),
  HOST: z.string().default("127.0.0.1"),
  CATALOG_URL: z.string().default(`http://127.0.0.1:${DEFAULT_PORTS.catalog}`),
  ORDERS_URL: z.string().default(`http://127.0.0.1:${DEFAULT_PORTS.orders}`),
  PAYMENTS_URL: z.string().default(`http://127.0.0.1:${DEFAULT_PORTS.payments}`),
  CUSTOMERS_URL: z.string().default(`http://127.0.0.1:${DEFAULT_PORTS.customers}`),
  CATALOG_DATABASE_URL: optionalUrl,
  ORDERS_DATABASE_URL: optionalUrl,
  PAYMENTS_DATABASE_URL: optionalUrl,
  CUSTOMERS_DATABASE_URL: optionalUrl,
  /**
   * Connections per service's Postgres pool. 50 shoppers checking out at once keep more than 10
   * statements in flight in orders; more connections than cores × a few only queue in Postgres.
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(20),
  /** Payments reconciliation: a payment in processing this long is asked about at the provider. */
  PAYMENTS_RECONCILE_AFTER_MS: z.coerce.number().int().positive().default(60_000),
  PAYMENTS_RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(15_000),
  /** The most a fulfilment-role staff member or an API token may refund at once, minor units of any currency. */
  FULFILMENT_REFUND_LIMIT: z.coerce.number().int().min(0).default(DEFAULT_FULFILMENT_REFUND_LIMIT),
  /** How often orders looks for payments owed back (taken after the order ended unpaid) to refund. */
  OWED_REFUNDS_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  /**
   * Lets webhooks go to loopback and private addresses: `npm run dev` and the test stacks only (a
   * receiver on 127.0.0.1). Ignored with NODE_ENV=production, where they are always refused (SSRF).
   */
  WEBHOOKS_ALLOW_PRIVATE: z.enum(["true", "false"], { error: "WEBHOOKS_ALLOW_PRIVATE must be true or false" }).default("false"),
  /** Customers: days a webhook delivery that is over (succeeded or failed) stays in the log. */
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Orders: `stock.low` is published when a variant's sellable units fall to this or below. */
  LOW_STOCK_THRESHOLD: z.coerce.number().int().min(0).default(5),
  CATALOG_PORT: z.coerce.number().int().default(DEFAULT_PORTS.catalog),
  ORDERS_PORT: z.coerce.number().int().default(DEFAULT_PORTS.orders),
  PAYMENTS_PORT: z.coerce.number().int().default(DEFAULT_PORTS.payments),
  CUSTOMERS_PORT: z.coerce.number().int().default(DEFAULT_PORTS.customers),
});

export type RawEnv = z.output<typeof envSchema>;

/** What one service needs to know about itself and its neighbours. */
export interface ServiceEnv {
  service: ServiceName;
  port: number;
  host: string;
  /** postgres:// URL, or undefined for the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  raw: Readonly<RawEnv>;
}

const SERVICE_SECRETS = ["EDGE_SIGNING_SECRET", "SERVICE_SIGNING_SECRET", "MERCHANT_TOKEN", "PAYMENTS_WEBHOOK_SECRET", "UPSTASH_REDIS_REST_TOKEN"] as const;

/** The secrets still at their published dev value: every one of them, when nothing was set. */
export function devSecretsIn(raw: Readonly<RawEnv>): string[] {
  return SERVICE_SECRETS.filter((name) => raw[name] === DEV_SECRETS[name]);
}

/**
 * Parses the environment. With NODE_ENV=production a secret left at its published dev default is
 * refused, so a forgotten variable stops the process at start-up instead of running it open.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Readonly<RawEnv> {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid environment: ${problems}`);
  }
  const leftAtDev = parsed.data.NODE_ENV === "production" ? devSecretsIn(parsed.data) : [];
  if (leftAtDev.length > 0) {
    throw new Error(`refusing to start with NODE_ENV=production: ${leftAtDev.join(", ")} still ${leftAtDev.length === 1 ? "has its" : "have their"} published development value; set real secrets`);
  }
  setLogLevel(parsed.data.LOG_LEVEL);
  return Object.freeze(parsed.data);
}

export function serviceEnv(service: ServiceName, raw: Readonly<RawEnv> = loadEnv()): ServiceEnv {
  const upper = service.toUpperCase() as Uppercase<ServiceName>;
  return Object.freeze({
    service,
    port: raw[`${upper}_PORT`],
    host: raw.HOST,
    databaseUrl: raw[`${upper}_DATABASE_URL`],
    dataDir: resolve(raw.DATA_DIR, service, "pgdata"),
    raw,
  });
}

/** Whether webhooks may go to loopback and private addresses: asked for, and never in production. */
export function webhooksAllowPrivate(raw: Pick<RawEnv, "WEBHOOKS_ALLOW_PRIVATE" | "NODE_ENV">): boolean {
  return raw.WEBHOOKS_ALLOW_PRIVATE === "true" && raw.NODE_ENV !== "production";
}
