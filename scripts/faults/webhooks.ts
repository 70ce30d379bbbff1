import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@neondatabase/serverless";
import { SANDBOX_SIGNATURE_HEADER, signWebhook } from "../../regional-services/payments/providers/sandbox-signature.ts";

/**
 * Webhook faults, aimed at the sandbox provider's own delivery queue (sandbox_webhook_events in
 * the payments database, drained by providers/sandbox-webhooks.ts): events can be given up on
 * before they are sent (lost), pushed back (delayed), or sent again after delivery (duplicated),
 * all without changing the service under test.
 */
export interface Interference {
  /** Events affected so far. */
  readonly affected: number;
  stop(): Promise<void>;
}

/** Repeats `statement` (which returns affected rows) every few ms until stopped. */
function interfere(url: string, statement: string): Interference {
  let affected = 0;
  let stopped = false;
  const loop = (async () => {
    const client = new Client(url);
    await client.connect();
    try {
      while (!stopped) {
        try {
          affected += (await client.query(statement)).rowCount ?? 0;
        } catch {
          // the database may be restarting under another fault; keep trying
        }
        await sleep(2);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return {
    get affected() {
      return affected;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** Every webhook that becomes due is given up on before it is sent. */
export const loseWebhooks = (paymentsDb: string) =>
  interfere(paymentsDb, "update sandbox_webhook_events set state = 'failed', last_error = 'lost by the fault run' where state = 'pending' and attempts = 0");

/** Every webhook not yet tried waits `seconds` first. */
export const delayWebhooks = (paymentsDb: string, seconds: number) =>
  interfere(
    paymentsDb,
    `update sandbox_webhook_events set next_attempt_at = now() + interval '${seconds} seconds', last_error = 'delayed by the fault run' where state = 'pending' and attempts = 0 and last_error is null`,
  );

/** Sends every webhook delivered since `since` `times` more times, signed as the sandbox signs them. */
export async function redeliver(paymentsDb: string, paymentsUrl: string, secret: string, since: Date, times: number): Promise<number> {
  const client = new Client(paymentsDb);
  await client.connect();
  let rows: { payload: unknown }[];
  try {
    rows = (await client.query("select payload from sandbox_webhook_events where state = 'delivered' and created_at >= $1", [since])).rows as { payload: unknown }[];
  } finally {
    await client.end();
  }
  let sent = 0;
  for (const { payload } of rows) {
    const body = JSON.stringify(payload);
    await Promise.all(
      Array.from({ length: times }, async () => {
        const res = await fetch(`${paymentsUrl}/webhooks/sandbox`, {
          method: "POST",
          headers: { "content-type": "application/json", [SANDBOX_SIGNATURE_HEADER]: await signWebhook(secret, body) },
          body,
        });
        await res.body?.cancel();
        if (res.ok) sent++;
      }),
    );
  }
  return sent;
}

