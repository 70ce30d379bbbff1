import { CURRENCIES, type Currency } from "../../../domain/money.ts";
import type { ProductSort } from "../../../domain/catalog.ts";
import type { ListingParams } from "./listing-params.ts";

/**
 * The listing filters as one plain GET form: the resulting URL is the whole state, so results
 * can be bookmarked, shared and cached, and the form works without JavaScript.
 */
const SORT_LABELS: Record<ProductSort, string> = {
  newest: "Newest first",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
};

export interface FilterFormProps {
  action: string;
  params: ListingParams;
  currency: Currency;
  /** The search page also edits the search text. */
  withQuery?: boolean;
}

export function FilterForm(props: FilterFormProps) {
  const { params } = props;
  return (
    <form class="filters" method="get" action={props.action} aria-label="Filter products">
      {props.withQuery ? (
        <div class="field query">
          <label for="filter-q">Search for</label>
          <input id="filter-q" type="search" name="q" value={params.q ?? ""} maxlength={200} />
        </div>
      ) : null}
      <fieldset>
        <legend>Price in {props.currency}</legend>
        <div class="field">
          <label for="filter-min">From</label>
          <input id="filter-min" name="min" inputmode="decimal" size={7} value={params.min ?? ""} placeholder="0" />
        </div>
        <div class="field">
          <label for="filter-max">To</label>
          <input id="filter-max" name="max" inputmode="decimal" size={7} value={params.max ?? ""} placeholder="any" />
        </div>
      </fieldset>
      <div class="field">
        <label for="filter-sort">Sort by</label>
        <select id="filter-sort" name="sort">
          {(Object.keys(SORT_LABELS) as ProductSort[]).map((sort) => (
            <option value={sort} selected={sort === params.sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-currency">Show prices in</label>
        <select id="filter-currency" name="currency">
          {CURRENCIES.map((c) => (
            <option value={c} selected={c === props.currency}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">Apply filters</button>
    </form>
  );
}
