import type { Child } from "hono/jsx";
import type { PriceView, ProductSummary, StockState } from "../../../domain/catalog.ts";
import { formatMoney } from "../../../domain/money.ts";

/** Small presentational pieces shared by the storefront pages: catalog, cart, checkout, account. */

export function Price(props: { price: PriceView; prefix?: string; id?: string }) {
  return (
    <p class="price" id={props.id}>
      {props.prefix ? `${props.prefix} ` : ""}
      {formatMoney(props.price.amount, props.price.currency)}
    </p>
  );
}

const STOCK_LABELS: Record<StockState, string> = {
  in_stock: "In stock",
  low_stock: "Only a few left",
  out_of_stock: "Out of stock",
};

export function stockLabel(state: StockState): string {
  return STOCK_LABELS[state];
}

export function StockBadge(props: { state: StockState; id?: string }) {
  return (
    <p class={`stock stock-${props.state}`} id={props.id}>
      {STOCK_LABELS[props.state]}
    </p>
  );
}

export function ProductCard(props: { product: ProductSummary }) {
  const p = props.product;
  return (
    <article class="card">
      <a href={`/p/${p.slug}`}>
        {/* The title is the link's text right below, so the image adds nothing for a screen reader. */}
        <img src={p.imageUrl} alt="" width={320} height={320} loading="lazy" decoding="async" />
        <div class="card-body">
          <h3>{p.title}</h3>
          <Price price={p.price} prefix="From" />
          <StockBadge state={p.stockState} />
        </div>
      </a>
    </article>
  );
}

export function ProductGrid(props: { products: ProductSummary[]; label: string }) {
  if (props.products.length === 0) {
    return <p class="empty">No products match. Try fewer filters or another search.</p>;
  }
  return (
    <ul class="product-grid" aria-label={props.label}>
      {props.products.map((p) => (
        <li>
          <ProductCard product={p} />
        </li>
      ))}
    </ul>
  );
}

export interface Crumb {
  name: string;
  href?: string | undefined;
}

/** The last crumb is the current page: not a link, marked with aria-current. */
export function Breadcrumbs(props: { crumbs: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {props.crumbs.map((crumb, i) =>
          i === props.crumbs.length - 1 || !crumb.href ? (
            <li aria-current={i === props.crumbs.length - 1 ? "page" : undefined}>{crumb.name}</li>
          ) : (
            <li>
              <a href={crumb.href}>{crumb.name}</a>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}

/**
 * Cursor pagination: the next page is a link carrying the origin's opaque cursor; going back
 * means starting over, which keeps every page URL cacheable and stable.
 */
export function Pagination(props: { nextHref?: string | undefined; firstHref?: string | undefined }) {
  if (!props.nextHref && !props.firstHref) return null;
  return (
    <nav class="pagination" aria-label="Pagination">
      {props.firstHref ? <a href={props.firstHref}>← First page</a> : <span />}
      {props.nextHref ? (
        <a href={props.nextHref} rel="next">
          Next page →
        </a>
      ) : null}
    </nav>
  );
}

/** An <input>'s own attributes: type, value, autocomplete, maxlength and the like. */
export type InputAttributes = Record<string, string | number | boolean | undefined>;

export interface FieldProps {
  /** The input's name and id; the hint's and the error's ids are made from it. */
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  input?: InputAttributes;
}

/**
 * A labelled input with its hint above it and its error right after it, both tied to the input
 * with aria-describedby, so a screen reader reads them with the field and not somewhere else.
 */
export function Field(props: FieldProps) {
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = props.error ? `${props.name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      <input id={props.name} name={props.name} {...props.input} aria-invalid={props.error ? "true" : undefined} aria-describedby={describedBy || undefined} />
      {props.error ? (
        <p class="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A problem with the form as a whole, announced as soon as the page shows it; nothing when there is none. */
export function FormError(props: { message?: string | undefined; id?: string; children?: Child }) {
  if (!props.message) return null;
  return (
    <p class="form-error" role="alert" id={props.id}>
      {props.message}
      {props.children ? <> {props.children}</> : null}
    </p>
  );
}
