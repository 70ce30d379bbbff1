import type { CategoryNode } from "../../contracts/catalog/views.ts";
import { Shopper } from "./cart-fixtures.ts";

/** The first category without children in the storefront's tree: where the catalog specs put their products. */
export async function leafCategory(): Promise<string> {
  const { categories } = await (await new Shopper().fetch("/api/categories")).json<{ categories: CategoryNode[] }>();
  const leaf = (nodes: CategoryNode[]): CategoryNode | undefined => nodes.map((n) => (n.children.length > 0 ? leaf(n.children) : n)).find(Boolean);
  const found = leaf(categories);
  if (!found) throw new Error("the seed has no category");
  return found.slug;
}
