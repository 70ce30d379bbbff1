import { and, eq, inArray, min, sql } from "drizzle-orm";
import type { CatalogTx } from "./db.ts";
import { productPrices, variantPrices, variants } from "./schema.ts";

/**
 * Rewrites the per-currency minimum price of the given products (all when omitted) from their
 * active variants. Call it in the transaction that changed prices or variant activity, so a
 * listing never sorts by a price that no longer exists.
 */
export async function refreshProductPrices(tx: CatalogTx, productIds?: readonly string[]): Promise<void> {
  if (productIds && productIds.length === 0) return;
  const scope = productIds ? inArray(variants.productId, [...productIds]) : undefined;
  await tx.delete(productPrices).where(productIds ? inArray(productPrices.productId, [...productIds]) : sql`true`);
  await tx.insert(productPrices).select(
    tx
      .select({
        productId: variants.productId,
        currency: variantPrices.currency,
        minAmount: sql<number>`${min(variantPrices.amount)}`.as("min_amount"),
      })
      .from(variantPrices)
      .innerJoin(variants, eq(variants.id, variantPrices.variantId))
      .where(and(eq(variants.active, true), scope))
      .groupBy(variants.productId, variantPrices.currency),
  );
}
