import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { killWhen, ORDER_AWAITING_PAYMENT, PAYMENT_IN_FLIGHT } from "./aim.ts";
import type { PrivatePostgres } from "./postgres.ts";
import type { PrivateRedis } from "./redis.ts";
import type { ChildName, FaultStack } from "./stack.ts";
import { delayWebhooks, loseWebhooks, redeliver } from "./webhooks.ts";

/** The faults `npm run test:faults` injects, in turn (main.ts runs them; report.ts prints the outcome). */
export interface Phase {
  name: string;
  /** False: shoppers send the checkout once and walk away (see ShopperOptions). */
  retryCheckout?: boolean;
  /** Injects the fault and heals it; returns a note on what was done. */
  inject(ctx: Context): Promise<string>;
}

export interface Context {
  stack: FaultStack;
  pg: PrivatePostgres;
  redis: PrivateRedis;
  since: Date;
}

const until = async (what: string, ok: () => Promise<boolean>, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
};
/** Payments the reconciliation job moved, as the payments service logged them. */
export function reconciledSince(logFile: string, offset: number): number {
  const text = readFileSync(logFile, "utf8").slice(offset);
  return text.split("\n").filter((line) => line.includes("stuck payment reconciled")).length;
}
export const logSize = (logFile: string) => (existsSync(logFile) ? readFileSync(logFile, "utf8").length : 0);
const healthy = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
/** The supervisor has started `name` again since `starts`, and it answers: not the dying one answering. */
const restarted = (stack: FaultStack, name: ChildName, starts: number, url: string) => async () => stack.starts(name) > starts && (await healthy(url)());

/**
 * Kills `service` with SIGKILL at a moment its database shows `aim` (or after 10 s without one) and
 * waits until the supervisor has it back; answers whether the kill hit such a moment.
 */
async function killService({ stack, pg }: Context, service: "orders" | "payments", aim: string): Promise<boolean> {
  const starts = stack.starts(service);
  const aimed = await killWhen(pg.url(service), aim, () => stack.kill9(service), 10_000);
  await until(`${service} restarted`, restarted(stack, service, starts, `${stack.urls[service]}/healthz`));
  return aimed;
}

/** killService, told as a phase's note. */
async function killAimed(ctx: Context, service: "orders" | "payments", aim: string, what: string): Promise<string> {
  const pid = ctx.stack.pid(service);
  const aimed = await killService(ctx, service, aim);
  return `pid ${pid} killed${aimed ? ` with ${what}` : ""}, back as ${ctx.stack.pid(service)}`;
}

export const PHASES: Phase[] = [
  { name: "no fault (baseline)", inject: async () => (await sleep(5_000), "") },
  {
    name: "kill -9 orders",
    // Aimed at a checkout between placing its order and hearing about the payment.
    inject: (ctx) => killAimed(ctx, "orders", ORDER_AWAITING_PAYMENT, "an order awaiting payment"),
  },
  {
    name: "kill -9 payments",
    inject: (ctx) => killAimed(ctx, "payments", PAYMENT_IN_FLIGHT, "a payment in flight"),
  },
  {
    name: "Postgres restarted",
    async inject({ pg }) {
      await pg.restart();
      return "private cluster restarted (-m immediate)";
    },
  },
  {
    name: "Redis stopped",
    async inject({ redis }) {
      const pid = redis.pid;
      await redis.stop();
      await sleep(6_000);
      await redis.start();
      return `redis-server ${pid} killed for 6 s, restarted empty as ${redis.pid}`;
    },
  },
  {
    name: "catalog down",
    async inject({ stack }) {
      await stack.down("catalog");
      await sleep(8_000);
      stack.up("catalog");
      await until("catalog back", healthy(`${stack.urls.catalog}/healthz`));
      return "catalog stopped for 8 s";
    },
  },
  {
    name: "webhooks lost + payments killed mid-payment, shoppers walk away",
    retryCheckout: false,
    async inject(ctx) {
      const { pg } = ctx;
      const lose = loseWebhooks(pg.url("payments"));
      // With the webhooks gone and nobody retrying, a payment the crash leaves in processing has
      // only reconciliation to finish it. The kill is aimed at a moment one is in flight.
      const aimed: boolean[] = [];
      for (let i = 0; i < 2; i++) {
        await sleep(1_500);
        aimed.push(await killService(ctx, "payments", PAYMENT_IN_FLIGHT));
      }
      await sleep(2_000);
      await lose.stop();
      return `${lose.affected} webhooks dropped; payments killed twice, ${aimed.filter(Boolean).length} of them with a payment in processing`;
    },
  },
  {
    name: "webhooks delayed 10 s",
    async inject({ pg }) {
      const delay = delayWebhooks(pg.url("payments"), 10);
      await sleep(8_000);
      await delay.stop();
      return `${delay.affected} webhooks delayed`;
    },
  },
  {
    name: "webhooks delivered 5 times",
    async inject({ stack, pg, since }) {
      await sleep(4_000);
      const sent = await redeliver(pg.url("payments"), stack.urls.payments, process.env.PAYMENTS_WEBHOOK_SECRET ?? DEV_SECRETS.PAYMENTS_WEBHOOK_SECRET, since, 4);
      return `${sent} extra deliveries (each delivered event 1 + 4 times)`;
    },
  },
  {
    name: "Worker reloaded mid-session",
    async inject({ stack }) {
      const pid = stack.pid("edge");
      const starts = stack.starts("edge");
      stack.kill9("edge");
      await until("the Worker back", restarted(stack, "edge", starts, `${stack.edgeUrl}/healthz`), 180_000);
      return `wrangler ${pid} killed, back as ${stack.pid("edge")}`;
    },
  },
];

