/** A storefront product as its list answers it, as far as picking what to buy needs. */
export interface ListedProduct {
  slug: string;
  stockState: string;
}

/**
 * Up to `limit` active, in-stock variant ids, read through the storefront as a shopper would: the
 * benchmarks and the fault run buy these. `listed` is the product list when the caller has it
 * already; otherwise the first 100 products are listed. Throws when none is in stock.
 */
export async function inStockVariants(edgeUrl: string, limit: number, listed?: readonly ListedProduct[]): Promise<string[]> {
  const products = listed ?? ((await (await fetch(`${edgeUrl}/api/products?limit=100`)).json()) as { products: ListedProduct[] }).products;
  const ids: string[] = [];
  for (const p of products.filter((x) => x.stockState === "in_stock")) {
    const detail = (await (await fetch(`${edgeUrl}/api/products/${p.slug}`)).json()) as { product: { variants: { id: string; stockState: string; active: boolean }[] } };
    ids.push(...detail.product.variants.filter((v) => v.active && v.stockState === "in_stock").map((v) => v.id));
    if (ids.length >= limit) break;
  }
  if (ids.length === 0) throw new Error("the storefront lists no variant in stock");
  return ids.slice(0, limit);
}
