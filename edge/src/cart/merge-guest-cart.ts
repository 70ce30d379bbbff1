import type { CartLine } from "../../../domain/cart.ts";
import { AppError } from "../../../platform/errors.ts";
import { log } from "../../../platform/log.ts";
import { cartIdFor } from "../middleware/session.ts";

/**
 * At sign-in the guest's cart joins the customer's. The steps are ordered so a failure or a
 * repeat at any point loses nothing and doubles nothing:
 *  1. read the guest lines (nothing changes yet);
 *  2. `mergeFrom` into the customer's cart, which the cart object applies at most once per source
 *     cart, so a second tab signing in at the same moment adds nothing;
 *  3. only then remove the merged lines from the guest cart. A line added to the guest cart in
 *     between was not merged, so it is not removed either.
 * If step 2 fails the session stays a guest session and a retry starts over safely. A customer's
 * cart held by a checkout (another browser at the payment step) does not fail it: the cart sets
 * the lines aside and adds them when that checkout ends, so signing in works and step 3 still holds.
 * A guest cart held by a checkout is left as it is: that checkout goes on under its key and is
 * settled on the guest cart; if it fails, its lines join the customer's cart then (cart-hold.ts).
 */
export interface MergeOutcome {
  /** How many guest lines were carried over (0 when the guest cart was empty, held or already merged). */
  mergedLines: number;
  /** The guest cart is held by a checkout, so nothing was merged. */
  held: boolean;
}

function storedLine(line: CartLine): CartLine {
  const { id, variantId, productSlug, title, sku, imageUrl, unitPrice, quantity, productId, categorySlugs } = line;
  return { id, variantId, productSlug, title, sku, imageUrl, unitPrice, quantity, productId, categorySlugs };
}

export async function mergeGuestCart(env: Env, guestSessionId: string, customerId: string, requestId?: string): Promise<MergeOutcome> {
  const sourceId = cartIdFor({ id: guestSessionId });
  const guest = env.CART.getByName(sourceId);
  const guestCart = await guest.view();
  if (guestCart.lines.length === 0) return { mergedLines: 0, held: false };
  if (guestCart.locked) return { mergedLines: 0, held: true };

  const target = env.CART.getByName(cartIdFor({ id: guestSessionId, customerId }));
  // A customer's cart held by a checkout in another browser takes the lines aside (`deferred`) and
  // adds them when that checkout ends, so the sign-in goes through and the lines still move once.
  const result = await target.mergeFrom(sourceId, guestCart.lines.map(storedLine), guestCart.currency);
  if (!result.ok) {
    // Nothing has changed yet.
    throw new AppError(result.code, `your cart could not be brought over: ${result.message}; try again in a moment`);
  }

  for (const line of guestCart.lines) {
    const removed = await guest.removeItem(line.id);
    // LINE_NOT_FOUND means another tab's sign-in removed it first, which is fine.
    if (!removed.ok && removed.code !== "LINE_NOT_FOUND") {
      log("warn", "guest cart line left after merge", { requestId, cartId: sourceId, lineId: line.id, code: removed.code });
    }
  }
  return { mergedLines: result.merged ? guestCart.lines.length : 0, held: false };
}
