import type { CategoryNode, ProductSummary } from "../../../contracts/catalog/views.ts";
import type { Currency } from "../../../domain/money.ts";
import { Breadcrumbs, Pagination, ProductGrid, type Crumb } from "../ui/components.tsx";
import { FilterForm } from "./filters.tsx";
import { Layout, type CurrencyPickerProps, type PageSession } from "../ui/layout.tsx";
import { listingHref, type ListingParams } from "./listing-params.ts";

/** A page of products with filters and cursor pagination: a category page or search results. */
export interface ListingPageProps {
  title: string;
  heading: string;
  session?: PageSession;
  currency: Currency;
  picker: CurrencyPickerProps;
  crumbs: Crumb[];
  /** This page's path, which the filter form and pagination links point at. */
  path: string;
  params: ListingParams;
  products: ProductSummary[];
  nextCursor: string | null;
  subcategories?: CategoryNode[];
  withQuery?: boolean;
  stale?: boolean;
}

export function ListingPage(props: ListingPageProps) {
  const { params } = props;
  const base = { q: params.q, min: params.min, max: params.max, sort: params.sort === "newest" ? undefined : params.sort };
  const nextHref = props.nextCursor ? listingHref(props.path, { ...base, cursor: props.nextCursor }) : undefined;
  const firstHref = params.cursor ? listingHref(props.path, base) : undefined;
  return (
    <Layout title={props.title} session={props.session} currency={props.picker}>
      <Breadcrumbs crumbs={props.crumbs} />
      <h1>{props.heading}</h1>
      {props.stale ? <StaleNotice /> : null}
      <div class="listing">
        <aside>
          {props.subcategories && props.subcategories.length > 0 ? (
            <nav class="subcategories" aria-label="Subcategories">
              <h2>Browse</h2>
              <ul>
                {props.subcategories.map((child) => (
                  <li>
                    <a href={`/c/${child.slug}`}>{child.name}</a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <FilterForm action={props.path} params={params} currency={props.currency} withQuery={props.withQuery} />
        </aside>
        <section aria-label="Products">
          <ProductGrid products={props.products} label={props.heading} />
          <Pagination nextHref={nextHref} firstHref={firstHref} />
        </section>
      </div>
    </Layout>
  );
}

/** Shown when the catalog origin is down and the page is built from the last good copy. */
export function StaleNotice() {
  return (
    <p class="notice" role="status">
      We are showing a saved copy of the catalog; prices and stock may be slightly out of date.
    </p>
  );
}

/** The search page before anything was searched for. */
export function SearchPromptPage(props: { session?: PageSession; currency: Currency; picker: CurrencyPickerProps; params: ListingParams }) {
  return (
    <Layout title="Search" session={props.session} currency={props.picker}>
      <h1>Search the shop</h1>
      <FilterForm action="/search" params={props.params} currency={props.currency} withQuery />
    </Layout>
  );
}
