import type { Context } from "hono";
import { log } from "../../../platform/log.ts";
import { cartIdFor } from "../middleware/session.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * At sign-in the customers service answers with the merchant's tags on the account; the edge
 * tells the customer's cart, whose promotion preview then shows tag-limited promotions. The tags
 * stay in the cart (not in the session cookie, where the shopper could read the merchant's labels)
 * until the next sign-in. A stale preview is safe: orders judges tags on its own replica at
 * checkout, and the cart is told when it no longer holds. A failure costs only the preview.
 */
export async function tellCartCustomerTags(c: Context<EdgeEnv>, customerId: string, tags: readonly string[]): Promise<void> {
  try {
    await c.env.CART.getByName(cartIdFor({ id: c.get("session").id, customerId })).setCustomerTags(customerId, [...tags]);
  } catch (err) {
    log("warn", "customer tags not told to the cart at sign-in", { requestId: c.get("requestId"), customerId, error: err instanceof Error ? err.message : String(err) });
  }
}
