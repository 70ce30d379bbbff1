import { Client } from "@neondatabase/serverless";

/**
 * Aims a kill at the moment that hurts: polls `database` until `query` (a count) is above zero —
 * say, a payment between asking the provider and writing its answer — and calls `kill` right
 * then, or after `timeoutMs` regardless. True if the moment was found.
 */
export async function killWhen(database: string, query: string, kill: () => void, timeoutMs: number): Promise<boolean> {
  const client = new Client(database);
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query(query);
      if (((rows[0] as { n: number } | undefined)?.n ?? 0) > 0) {
        kill();
        return true;
      }
    }
    kill();
    return false;
  } finally {
    await client.end();
  }
}

/** A payment is in flight: inserted, provider answer not yet written. */
export const PAYMENT_IN_FLIGHT = "select count(*)::int as n from payments where status = 'processing'";
/** An order is placed and waiting for its payment. */
export const ORDER_AWAITING_PAYMENT = "select count(*)::int as n from orders where status = 'pending_payment'";
