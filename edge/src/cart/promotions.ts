import type { Context } from "hono";
import type { PromotionCodeLookup } from "../../../contracts/promotions/routes.ts";
import type { CartPromotionInput, PromotionSnapshot, ResolvedCode } from "../../../durable-objects/src/cart-promotions.ts";
import { normalizeCode } from "../../../domain/promotions/codes.ts";
import type { PromotionDefinition } from "../../../domain/promotions/model.ts";
import { AppError } from "../../../platform/errors.ts";
import { entryJson } from "../catalog/entry.ts";
import { readCatalog } from "../catalog/read.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * Promotions at the edge are catalog reads like variants: the snapshot of what a cart may need
 * comes through the versioned catalog cache (normally an isolate-memory hit), so a merchant's
 * change (a new promotion, a pause, a schedule) reaches carts within the version TTL, with
 * nothing else to invalidate. The CartObject previews with it; the orders service decides.
 */
const PROMOTIONS_KEY = "/catalog/promotions";
const codeKey = (code: string) => `/catalog/promotions/codes/${encodeURIComponent(code)}`;

/**
 * The active and scheduled promotions as the catalog answered them: parsed (once per cached
 * entry) for the edge's own use, and as the catalog's text with its version for the CartObject
 * (one string to copy across the RPC boundary, parsed there only when it is news), with who is
 * shopping.
 */
export async function cartPromotionsRead(c: Context<EdgeEnv>): Promise<{ snapshot: PromotionSnapshot; input: CartPromotionInput }> {
  const { entry } = await readCatalog(c, PROMOTIONS_KEY);
  return {
    snapshot: { version: entry.version, definitions: entryJson<{ promotions: PromotionDefinition[] }>(entry).promotions },
    input: { snapshot: { version: entry.version, json: entry.body }, customerId: c.get("session").customerId },
  };
}

/** What the CartObject's evaluating methods are given. */
export async function cartPromotions(c: Context<EdgeEnv>): Promise<CartPromotionInput> {
  return (await cartPromotionsRead(c)).input;
}

function promotionNotFound(code: string): AppError {
  return new AppError("PROMOTION_NOT_FOUND", `${code} is not a valid promotion code`, { field: "code" });
}

/**
 * The promotion a code the shopper typed belongs to: a reusable code from the snapshot, else a
 * generated single-use code looked up by code (also through the versioned cache). Unknown: 400
 * PROMOTION_NOT_FOUND, naming the field.
 */
export async function resolveCode(c: Context<EdgeEnv>, typed: string, snapshot: PromotionSnapshot): Promise<ResolvedCode> {
  const code = normalizeCode(typed);
  const reusable = snapshot.definitions.find((d) => d.codes.includes(code));
  if (reusable) return { code, promotionId: reusable.id, singleUse: false };
  if (!/^[A-Z0-9_-]{3,50}$/.test(code)) throw promotionNotFound(code);
  const read = await readCatalog(c, codeKey(code));
  if (read.entry.status === 404) throw promotionNotFound(code);
  const found = entryJson<PromotionCodeLookup>(read.entry);
  // A code of a promotion the snapshot does not hold (paused, ended, a draft) is no valid code now.
  if (!snapshot.definitions.some((d) => d.id === found.promotionId)) throw promotionNotFound(code);
  return { code, promotionId: found.promotionId, singleUse: found.singleUse };
}
