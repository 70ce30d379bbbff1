import { z } from "zod";
import { variantStockSchema } from "../../contracts/orders/stock-routes.ts";
import { categoriesAnswerSchema, productAnswerSchema, productListPageSchema } from "../../contracts/storefront/views.ts";
import { DEV_SECRETS } from "../../platform/dev-secrets.ts";

/**
 * What the spike's shoppers browse and buy, read before the load as a shopper (the storefront's
 * JSON) and as the merchant (the orders service's stock numbers) would. Shoppers spread over many
 * products and categories, so the edge's caches see a catalog rather than one hot page; carts
 * take only variants with plenty of stock, spread evenly, so no shopper should meet a sold-out
 * variant, and one who does is checked against the stock afterwards.
 */
export interface Shop {
  /** Active products, for product pages and JSON reads. */
  slugs: string[];
  /** Every category, root and leaf, for listing pages. */
  categories: string[];
  /** Variants for carts, with the units the orders service had available before the load. */
  variants: { id: string; available: number }[];
}

const stockAnswerSchema = z.object({ stock: z.array(variantStockSchema) });

async function getJson<S extends z.ZodType>(url: string, schema: S, headers: Record<string, string> = {}): Promise<z.output<S>> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 200)}`);
  return schema.parse(JSON.parse(text));
}

/** Available units per variant, as the orders service (stock's owner) counts them now. */
export async function stockLevels(ordersUrl: string, variantIds: readonly string[]): Promise<Map<string, number>> {
  const token = process.env.MERCHANT_TOKEN ?? DEV_SECRETS.MERCHANT_TOKEN;
  const levels = new Map<string, number>();
  // The route takes at most 500 ids per call.
  for (let i = 0; i < variantIds.length; i += 500) {
    const ids = variantIds.slice(i, i + 500).join(",");
    const url = `${ordersUrl}/merchant/stock?variants=${encodeURIComponent(ids)}`;
    const { stock } = await getJson(url, stockAnswerSchema, { authorization: `Bearer ${token}` });
    for (const s of stock) if (s.tracked) levels.set(s.variantId, s.available);
  }
  return levels;
}

export async function loadShop(edgeUrl: string, ordersUrl: string, want: { products: number; variants: number; minUnits: number }): Promise<Shop> {
  const tree = await getJson(`${edgeUrl}/api/categories`, categoriesAnswerSchema);
  const categories = tree.categories.flatMap((root) => [root.slug, ...root.children.map((c) => c.slug)]);

  const listed: z.output<typeof productListPageSchema>["products"] = [];
  for (let cursor: string | null = ""; cursor !== null && listed.length < want.products; ) {
    const page: z.output<typeof productListPageSchema> = await getJson(`${edgeUrl}/api/products?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, productListPageSchema);
    listed.push(...page.products);
    cursor = page.nextCursor;
  }
  const slugs = listed.map((p) => p.slug);

  // Candidates from in-stock products, then only those the orders service counts plenty of.
  const variants: Shop["variants"] = [];
  const inStock = listed.filter((p) => p.stockState === "in_stock");
  for (let i = 0; i < inStock.length && variants.length < want.variants; i += 20) {
    const details = await Promise.all(inStock.slice(i, i + 20).map((p) => getJson(`${edgeUrl}/api/products/${p.slug}`, productAnswerSchema)));
    const ids = details.flatMap((d) => d.product.variants.filter((v) => v.active && v.stockState === "in_stock").map((v) => v.id));
    const levels = await stockLevels(ordersUrl, ids);
    for (const id of ids) {
      const available = levels.get(id) ?? 0;
      if (available >= want.minUnits && variants.length < want.variants) variants.push({ id, available });
    }
  }
  if (variants.length < want.variants) {
    throw new Error(`only ${variants.length} variants have ${want.minUnits} or more units; the spike wants ${want.variants}`);
  }
  return { slugs, categories, variants };
}
