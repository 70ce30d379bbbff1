import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Shop } from "./shop-catalog.ts";
import type { Kind, Stretch } from "./stretch.ts";
import { timedFetch, type Outcome } from "./timed-fetch.ts";

/**
 * One shopper session through the storefront, as the spike's arrivals start them. Every visit
 * browses six times (home page, a listing page, a JSON listing, a product page, a JSON product,
 * another product page); then a "browse" visit leaves, an "abandon" visit adds to its cart, views
 * it and removes the line, and a "buy" visit adds, views the cart and checks out with the
 * sandbox's success card. Arrivals take the visits of VISIT_CYCLE in turn, so every eight
 * sessions send exactly 48 browse, 9 cart and 3 checkout requests: the 80 / 15 / 5 %.
 * A shopper pauses (thinks) before each request after the first; nothing is retried.
 */
export type Visit = "browse" | "abandon" | "buy";

export const VISIT_CYCLE: readonly Visit[] = ["browse", "buy", "browse", "buy", "browse", "abandon", "browse", "buy"];

const REQUESTS: Record<Visit, Record<Kind, number>> = {
  browse: { browse: 6, cart: 0, checkout: 0 },
  abandon: { browse: 6, cart: 3, checkout: 0 },
  buy: { browse: 6, cart: 2, checkout: 1 },
};

/** Requests of each kind per session, on average over the cycle: what an arrival rate offers. */
export function requestsPerVisit(): Record<Kind | "all", number> {
  const sum = (k: Kind) => VISIT_CYCLE.reduce((n, v) => n + REQUESTS[v][k], 0) / VISIT_CYCLE.length;
  const browse = sum("browse");
  const cart = sum("cart");
  const checkout = sum("checkout");
  return { browse, cart, checkout, all: browse + cart + checkout };
}

export interface VisitContext {
  edgeUrl: string;
  shop: Shop;
  /** The stretch a request sent now belongs to. */
  stretch(): Stretch;
  /** A shopper's pause before the next request. */
  think(): Promise<void>;
  /** True once the bench is ending: a visit sends nothing more. */
  stopping(): boolean;
  /** The variant for the next cart, in turn, so units are taken evenly from every variant. */
  nextVariant(): string;
}

const address = { name: "Spike Shopper", line1: "1 Loop Road", city: "Localhost", postalCode: "12345", country: "US" };
const card = { card: "4242424242424242", expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: "123" };
const addedLineSchema = z.object({ cart: z.object({ lines: z.array(z.object({ id: z.string(), variantId: z.string() })) }) });

const pick = <T>(xs: readonly T[], random: () => number): T => xs[Math.floor(random() * xs.length)] as T;

export async function runVisit(ctx: VisitContext, visit: Visit, n: number, random: () => number): Promise<void> {
  let cookie = "";
  let first = true;
  const send = async (kind: Kind, step: string, path: string, init: RequestInit = {}, variantId?: string): Promise<Outcome | undefined> => {
    if (ctx.stopping()) return undefined;
    if (!first) await ctx.think();
    first = false;
    if (ctx.stopping()) return undefined;
    const record = ctx.stretch().send(kind, step);
    const headers = { ...(cookie ? { cookie } : {}), ...(init.body ? { "content-type": "application/json" } : {}), ...(init.headers as Record<string, string> | undefined) };
    const outcome = await timedFetch(`${ctx.edgeUrl}${path}`, { ...init, headers });
    record(outcome, variantId);
    return outcome;
  };

  // The home page is the first visit's answer with the session cookie on it.
  const home = await send("browse", "home page", "/");
  cookie = (home?.kind === "answer" ? home.headers.get("set-cookie")?.split(";")[0] : undefined) ?? "";
  if (!cookie) return;
  const { slugs, categories } = ctx.shop;
  await send("browse", "listing page", `/c/${pick(categories, random)}`);
  await send("browse", "JSON listing", `/api/products?category=${pick(categories, random)}&limit=24`);
  await send("browse", "product page", `/p/${pick(slugs, random)}`);
  await send("browse", "JSON product", `/api/products/${pick(slugs, random)}`);
  await send("browse", "product page", `/p/${pick(slugs, random)}`);
  if (visit === "browse") return;

  const variantId = ctx.nextVariant();
  const added = await send("cart", "add to cart", "/api/cart/items", { method: "POST", body: JSON.stringify({ variantId, quantity: 1 }) }, variantId);
  await send("cart", "view cart", "/api/cart");
  // A refused add leaves nothing to remove or pay for: the visit ends, and the refusal shows.
  if (added?.kind !== "answer" || !added.ok) return;
  if (visit === "abandon") {
    const line = addedLineSchema.parse(JSON.parse(added.text)).cart.lines.find((l) => l.variantId === variantId);
    if (line) await send("cart", "remove line", `/api/cart/items/${line.id}`, { method: "DELETE" });
    return;
  }
  await send(
    "checkout",
    "checkout",
    "/api/checkout",
    { method: "POST", headers: { "idempotency-key": randomUUID() }, body: JSON.stringify({ email: `spike-${n}@example.test`, shippingAddress: address, payment: card }) },
    variantId,
  );
}
