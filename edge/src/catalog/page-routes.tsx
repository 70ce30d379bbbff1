import { Hono } from "hono";
import { notFound } from "../../../platform/errors.ts";
import { parseProductListQuery, parseSlug, searchOf } from "./keys.ts";
import { categoryTrail, categoryTree, findCategory, listProducts, listProductsAt, productBySlug } from "./queries.ts";
import { preferredCurrency } from "../ui/currency.ts";
import { HomePage } from "./home.tsx";
import { ListingPage, SearchPromptPage } from "./listing.tsx";
import { listingRequest, type ListingParams } from "./listing-params.ts";
import { chooseVariant, ProductPage } from "./product.tsx";
import { flashSaleBannerFor } from "../flash-sales/product-banner.tsx";
import { CART_ERROR_PARAM, cartErrorMessage } from "../cart/messages.ts";
import { PER_SHOPPER } from "../ui/layout.tsx";
import { slot } from "../ui/page-template.ts";
import { isStale, pageErrors, renderCatalogPage } from "../ui/render.tsx";
import type { EdgeEnv } from "../types.ts";

/**
 * The server-rendered catalog: home, category listings, search and product pages. They read
 * through the same edge cache as the JSON API, and the rendered page is kept per catalog answer
 * (renderCatalogPage): only the header's account link and a flash sale's banner are made per
 * request. Each route passes every input its markup depends on besides the catalog reads.
 */
export const catalogPagesRoutes = new Hono<EdgeEnv>();
catalogPagesRoutes.onError(pageErrors);

const NEWEST_ON_HOME = 8;

/** The listing parameters a listing page's markup shows (filter form, pagination links). */
const listingInputs = (p: ListingParams) => [p.q, p.min, p.max, p.sort, p.cursor];

catalogPagesRoutes.get("/", async (c) => {
  const currency = preferredCurrency(c);
  const [categories, newest] = await Promise.all([
    categoryTree(c),
    listProducts(c, parseProductListQuery({ limit: String(NEWEST_ON_HOME), sort: "newest", currency })),
  ]);
  return renderCatalogPage(c, [categories.read, newest.read], ["home", currency], () => (
    <HomePage session={PER_SHOPPER} currency={{ current: currency, action: "/" }} categories={categories.data} newest={newest.data.products} />
  ));
});

catalogPagesRoutes.get("/c/:slug", async (c) => {
  const slug = parseSlug(c.req.param("slug"));
  const currency = preferredCurrency(c);
  const { params, listKey } = listingRequest(searchOf(c.req.url), currency, slug);
  const [tree, list] = await Promise.all([categoryTree(c), listProductsAt(c, listKey)]);
  const category = findCategory(tree.data, slug);
  if (!category) throw notFound(`there is no category "${slug}"`);
  const trail = categoryTrail(tree.data, category);
  const crumbs = [{ name: "Home", href: "/" }, ...trail.map((t) => ({ name: t.name, href: `/c/${t.slug}` }))];
  const reads = [tree.read, list.read];
  return renderCatalogPage(c, reads, ["category", slug, currency, ...listingInputs(params)], () => (
    <ListingPage
      title={category.name}
      heading={category.name}
      session={PER_SHOPPER}
      currency={currency}
      picker={{ current: currency, action: `/c/${slug}`, keep: { sort: params.sort } }}
      crumbs={crumbs}
      path={`/c/${slug}`}
      params={params}
      products={list.data.products}
      nextCursor={list.data.nextCursor}
      subcategories={category.children}
      stale={isStale(reads)}
    />
  ));
});

catalogPagesRoutes.get("/search", async (c) => {
  const currency = preferredCurrency(c);
  const { params, listKey } = listingRequest(searchOf(c.req.url), currency);
  const picker = { current: currency, action: "/search", keep: { q: params.q, sort: params.sort } };
  const inputs = ["search", currency, ...listingInputs(params)];
  if (!params.q) return renderCatalogPage(c, [], inputs, () => <SearchPromptPage session={PER_SHOPPER} currency={currency} picker={picker} params={params} />);
  const list = await listProductsAt(c, listKey);
  return renderCatalogPage(c, [list.read], inputs, () => (
    <ListingPage
      title={`Search: ${params.q}`}
      heading={`Results for “${params.q}”`}
      session={PER_SHOPPER}
      currency={currency}
      picker={picker}
      crumbs={[{ name: "Home", href: "/" }, { name: "Search" }]}
      path="/search"
      params={params}
      products={list.data.products}
      nextCursor={list.data.nextCursor}
      withQuery
      stale={isStale([list.read])}
    />
  ));
});

catalogPagesRoutes.get("/p/:slug", async (c) => {
  const slug = parseSlug(c.req.param("slug"));
  const currency = preferredCurrency(c);
  const { data: product, read } = await productBySlug(c, slug, currency);
  if (!product) throw notFound(`there is no product "${slug}"`);
  const selected = chooseVariant(product, c.req.query("variant"));
  const picker = { current: currency, action: `/p/${slug}`, keep: { variant: selected?.id } };
  const cartError = cartErrorMessage(c.req.query(CART_ERROR_PARAM));
  const flashSale = selected ? await flashSaleBannerFor(c, selected.id, currency) : null;
  return renderCatalogPage(
    c,
    [read],
    ["product", slug, currency, selected?.id, cartError],
    () => <ProductPage product={product} selected={selected} session={PER_SHOPPER} picker={picker} stale={isStale([read])} cartError={cartError} flashSale={slot("flash-sale")} />,
    { flashSale },
  );
});
