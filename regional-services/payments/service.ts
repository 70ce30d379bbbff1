import type { ServiceEnv } from "../shared/env.ts";
import { databaseOptions, onDatabase, serveService } from "../shared/lifecycle.ts";
import { createRedis, type Redis } from "../shared/redis.ts";
import type { RunningService } from "../shared/server.ts";
import { createPaymentsApp } from "./app.ts";
import { openPaymentsDatabase, type PaymentsDb } from "./db.ts";
import { SandboxProvider } from "./providers/sandbox.ts";
import { reconcileTask } from "./reconcile.ts";
import { SandboxWebhookDispatcher, type WebhookDeliveryOptions } from "./providers/sandbox-webhooks.ts";

export interface StartOptions {
  env: ServiceEnv;
  /** A throwaway in-memory PGlite database instead of `env.dataDir` (ignored with a database URL). */
  memory?: boolean;
  /** Tuning of the sandbox's webhook deliveries (tests make duplicates certain, for instance). */
  webhooks?: WebhookDeliveryOptions;
}

/**
 * Starts the payments service: opens and migrates its database, then runs it (see runPayments).
 * `close()` undoes it all in reverse.
 */
export async function start(options: StartOptions): Promise<RunningService> {
  const { env } = options;
  const handle = await openPaymentsDatabase(databaseOptions(env, options.memory));
  return onDatabase(handle, (db) => runPayments({ db, env, ...(options.webhooks ? { webhooks: options.webhooks } : {}) }));
}

/**
 * Runs the service on an open database: listens, and starts the sandbox provider's webhook
 * deliveries to the service's own /webhooks/sandbox. `close()` leaves the database open.
 */
export async function runPayments(options: { db: PaymentsDb; env: ServiceEnv; webhooks?: WebhookDeliveryOptions; redis?: Redis }): Promise<RunningService> {
  const { db, env } = options;
  const secret = env.raw.PAYMENTS_WEBHOOK_SECRET;
  const dispatcher = new SandboxWebhookDispatcher(db, secret, options.webhooks);
  const provider = new SandboxProvider({ db, webhookSecret: secret, onEvent: (afterMs) => dispatcher.kickAfter(afterMs) });
  const redis = options.redis ?? createRedis(env.raw);
  // The dispatcher delivers to this very service, at the URL it is reached at.
  const deliveries = { start: (url: string) => dispatcher.start(`${url}/webhooks/sandbox`), stop: () => dispatcher.stop() };
  // Payments left in processing by a crash (and a lost webhook) are brought to the provider's state.
  const reconciling = reconcileTask({ db, provider }, { stuckAfterMs: env.raw.PAYMENTS_RECONCILE_AFTER_MS, intervalMs: env.raw.PAYMENTS_RECONCILE_INTERVAL_MS });
  return serveService("payments", env, createPaymentsApp({ db, provider, env, redis }), [deliveries, reconciling]);
}
