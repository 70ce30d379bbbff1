import type { BackoffPolicy } from "../../domain/webhooks/backoff.ts";
import { webhooksAllowPrivate, type ServiceEnv } from "../shared/env.ts";
import { rateLimit } from "../shared/rate-limit.ts";
import { createRedis } from "../shared/redis.ts";
import { databaseOptions, onDatabase, serveService } from "../shared/lifecycle.ts";
import type { RunningService } from "../shared/server.ts";
import { createCustomersApp } from "./app.ts";
import { openCustomersDatabase } from "./db.ts";
import { signInLimiter, type SignInLimits } from "./sign-in-limit.ts";
import { signUpLimiter, type SignUpLimits } from "./sign-up-limit.ts";
import { ensureDevOwner } from "./staff.ts";
import { WebhookDispatcher } from "./webhooks/dispatcher.ts";
import { createOrdersWebhookConsumer } from "./webhooks/feed.ts";
import { deliveryRetention } from "./webhooks/retention.ts";

export interface StartOptions {
  env: ServiceEnv;
  /** A throwaway in-memory PGlite database instead of `env.dataDir` (ignored with a database URL). */
  memory?: boolean;
  /** Sign-in limits (tests use small ones); the defaults suit production. */
  signInLimits?: SignInLimits;
  /** Sign-up limits (tests use small ones); the defaults suit production. */
  signUpLimits?: SignUpLimits;
  /** Prefix of the rate-limit keys in Redis, so tests sharing one Redis stay apart. */
  redisPrefix?: string;
  /** Make the dev owner (staff.ts `ensureDevOwner`) when there is no owner: test stacks only, never production. */
  devOwner?: boolean;
  /** Webhook retries (tests use short ones) and how often the orders feed and due deliveries are polled. */
  webhooks?: { backoff?: BackoffPolicy; intervalMs?: number };
}

/**
 * Starts the customers service: opens and migrates its database, connects the sign-in limiter to
 * Redis (Upstash REST), follows the orders feed for webhooks and sends them, and listens.
 * `close()` stops the webhook work and the server, then closes the database.
 */
export async function start(options: StartOptions): Promise<RunningService> {
  const { env } = options;
  return onDatabase(await openCustomersDatabase(databaseOptions(env, options.memory)), async (db) => {
    if (options.devOwner && env.raw.NODE_ENV !== "production") await ensureDevOwner(db);
    const redis = createRedis(env.raw);
    const limiter = signInLimiter((key, rule) => rateLimit(redis, key, rule), {
      prefix: `${options.redisPrefix ?? ""}customers:signin:`,
      ...(options.signInLimits ? { limits: options.signInLimits } : {}),
    });
    const allowPrivate = webhooksAllowPrivate(env.raw);
    const intervalMs = options.webhooks?.intervalMs;
    const webhookTasks = [
      createOrdersWebhookConsumer({ db, baseUrl: env.raw.ORDERS_URL, secret: env.raw.SERVICE_SIGNING_SECRET, intervalMs }),
      new WebhookDispatcher({ db, policy: { allowPrivate }, ...options.webhooks }),
      deliveryRetention(db, env.raw.WEBHOOK_DELIVERY_RETENTION_DAYS),
    ];
    const app = createCustomersApp({
      db,
      limiter,
      signUpLimiter: signUpLimiter((key, rule) => rateLimit(redis, key, rule), {
        prefix: `${options.redisPrefix ?? ""}customers:signup:`,
        ...(options.signUpLimits ? { limits: options.signUpLimits } : {}),
      }),
      devMailbox: env.raw.NODE_ENV !== "production",
      signingSecrets: [env.raw.EDGE_SIGNING_SECRET, env.raw.SERVICE_SIGNING_SECRET],
      merchantToken: env.raw.MERCHANT_TOKEN,
      edgeSecrets: [env.raw.EDGE_SIGNING_SECRET],
      webhooksAllowPrivate: allowPrivate,
    });
    return serveService("customers", env, app, webhookTasks);
  });
}
