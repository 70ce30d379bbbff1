import type { Child } from "hono/jsx";
import type { Context } from "hono";
import { salePhase } from "../../../domain/flash-sale.ts";
import type { Currency } from "../../../domain/money.ts";
import { log } from "../../../platform/log.ts";
import type { EdgeEnv } from "../types.ts";
import { FlashSaleBanner } from "./banner.tsx";
import { currentFlashSales } from "./sale.ts";
import { unitsLeft } from "./shards.ts";

/**
 * The flash-sale banner for a variant's product page, or null. A sale is extra on the page: when
 * the sales or the shards cannot be read, the page is shown without it rather than failing.
 */
export async function flashSaleBannerFor(c: Context<EdgeEnv>, variantId: string, currency: Currency): Promise<Child> {
  try {
    const now = Date.now();
    const sale = (await currentFlashSales(c)).find((s) => s.variantId === variantId && (salePhase(s, now) === "live" || salePhase(s, now) === "upcoming"));
    if (!sale) return null;
    const left = salePhase(sale, now) === "live" ? await unitsLeft(c.env, sale) : undefined;
    return <FlashSaleBanner sale={sale} currency={currency} now={now} left={left} />;
  } catch (err) {
    log("warn", "flash sale banner unavailable", { requestId: c.get("requestId"), error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
