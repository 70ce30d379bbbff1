import type { Child } from "hono/jsx";
import type { ProductDetail, VariantView } from "../../../contracts/catalog/views.ts";
import { formatMoney } from "../../../domain/money.ts";
import { Breadcrumbs, Price, StockBadge, stockLabel } from "../ui/components.tsx";
import { Layout, type CurrencyPickerProps, type PageSession } from "../ui/layout.tsx";
import { StaleNotice } from "./listing.tsx";

/**
 * A product with its variants. Choosing a variant is a GET form (`?variant=`), so the price and
 * stock shown are always the chosen variant's, rendered on the server; there is deliberately no
 * script that submits on change, as that would reload the page on every arrow key in the radio
 * group. "Add to cart" posts the chosen variant to /cart/items.
 */
export interface ProductPageProps {
  product: ProductDetail;
  selected: VariantView | undefined;
  session?: PageSession;
  picker: CurrencyPickerProps;
  stale?: boolean;
  /** Why the last "Add to cart" failed, already in the shopper's words. */
  cartError?: string | undefined;
  /** The selected variant's flash sale, current or upcoming (edge/src/flash-sales/banner.tsx). */
  flashSale?: Child;
}

/** The variant `?variant=` names, else the first one in stock, else the first one at all. */
export function chooseVariant(product: ProductDetail, requested: string | undefined): VariantView | undefined {
  const sellable = product.variants.filter((v) => v.active);
  return (
    sellable.find((v) => v.id === requested) ??
    sellable.find((v) => v.stockState !== "out_of_stock") ??
    sellable[0]
  );
}

export function ProductPage(props: ProductPageProps) {
  const { product, selected } = props;
  const crumbs = [{ name: "Home", href: "/" }, ...product.categoryPath.map((c) => ({ name: c.name, href: `/c/${c.slug}` })), { name: product.title }];
  const purchasable = selected !== undefined && selected.stockState !== "out_of_stock";
  return (
    <Layout title={product.title} session={props.session} currency={props.picker} description={product.description.slice(0, 160)}>
      <Breadcrumbs crumbs={crumbs} />
      {props.stale ? <StaleNotice /> : null}
      <article class="product">
        <img src={product.imageUrl} alt={product.title} width={640} height={640} />
        <div>
          <h1>{product.title}</h1>
          <Price price={selected?.price ?? product.price} id="product-price" />
          <StockBadge state={selected?.stockState ?? product.stockState} id="product-stock" />
          {props.flashSale ?? null}
          {selected && product.variants.length > 1 ? <p class="chosen">Selected: {selected.title}</p> : null}
          <p>{product.description}</p>
          {product.variants.filter((v) => v.active).length > 1 ? <VariantForm product={product} selected={selected} /> : null}
          <form class="add-to-cart" method="post" action="/cart/items">
            <input type="hidden" name="variantId" value={selected?.id ?? ""} />
            <div class="field">
              <label for="quantity">Quantity</label>
              <input
                id="quantity"
                name="quantity"
                type="number"
                inputmode="numeric"
                min={1}
                max={99}
                value="1"
                required
                aria-invalid={props.cartError ? "true" : undefined}
                aria-describedby={props.cartError ? "quantity-error" : undefined}
              />
              {props.cartError ? (
                <p class="field-error" id="quantity-error" role="alert">
                  {props.cartError}
                </p>
              ) : null}
            </div>
            <button type="submit" disabled={!purchasable} aria-describedby="product-stock">
              Add to cart
            </button>
          </form>
          {purchasable ? null : <p class="stock stock-out_of_stock">This option is out of stock; choose another one above.</p>}
        </div>
      </article>
    </Layout>
  );
}

function VariantForm(props: { product: ProductDetail; selected: VariantView | undefined }) {
  const { product } = props;
  const optionNames = product.options.map((o) => o.name.toLowerCase());
  return (
    <form class="variant-form" method="get" action={`/p/${product.slug}`}>
      <fieldset>
        <legend>Choose {optionNames.length > 0 ? optionNames.join(" and ") : "an option"}</legend>
        {product.variants
          .filter((v) => v.active)
          .map((v) => (
            <div class="variant-option">
              <input type="radio" name="variant" id={`variant-${v.id}`} value={v.id} checked={v.id === props.selected?.id} />
              <label for={`variant-${v.id}`}>
                {v.title}: {formatMoney(v.price.amount, v.price.currency)}, {stockLabel(v.stockState).toLowerCase()}
              </label>
            </div>
          ))}
      </fieldset>
      <button type="submit" class="secondary">
        Show this option
      </button>
    </form>
  );
}
