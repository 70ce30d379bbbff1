import { salePhase, type FlashSale } from "../../../domain/flash-sale.ts";
import { formatMoney, type Currency } from "../../../domain/money.ts";

/**
 * A flash sale on its product's page: the sale price, a countdown (to the start or the end;
 * rendered on the server, refreshed by reloading, so it works without script) and the units left,
 * labelled approximate because the shards keep selling while the page travels. While the sale is
 * live, "Buy now" reserves a unit and goes to checkout (edge/src/flash-sales/page-routes.tsx).
 */
export interface FlashSaleBannerProps {
  sale: FlashSale;
  currency: Currency;
  now: number;
  /** Units left over all shards when the page was made; undefined when not asked (not live). */
  left?: number | undefined;
}

export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

export function FlashSaleBanner(props: FlashSaleBannerProps) {
  const { sale, now } = props;
  const phase = salePhase(sale, now);
  const currency = sale.prices[props.currency] !== undefined ? props.currency : (Object.keys(sale.prices)[0] as Currency | undefined);
  const price = currency === undefined ? undefined : sale.prices[currency];
  if (phase === "ended" || phase === "cancelled" || currency === undefined || price === undefined) return null;
  const until = phase === "upcoming" ? sale.startsAt : sale.endsAt;
  return (
    <section class="flash-sale" aria-labelledby="flash-sale-title" id="flash-sale">
      <h2 id="flash-sale-title">Flash sale</h2>
      <p class="price" id="flash-sale-price">
        {formatMoney(price, currency)}
      </p>
      <p id="flash-sale-countdown">
        {phase === "upcoming" ? "Starts in " : "Ends in "}
        <time datetime={new Date(until).toISOString()}>{countdown(until - now)}</time>
      </p>
      {props.left !== undefined ? (
        <p id="flash-sale-left">{props.left > 0 ? `About ${props.left} left (approximate)` : "Sold out for now: units of unfinished checkouts may come back"}</p>
      ) : null}
      {phase === "live" && (props.left ?? 1) > 0 ? (
        <form method="post" action={`/flash-sales/${sale.id}/buy`}>
          <button type="submit">Buy now at the sale price</button>
        </form>
      ) : null}
    </section>
  );
}
