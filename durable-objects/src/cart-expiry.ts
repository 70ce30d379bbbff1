/**
 * How long an untouched cart lives. Every change pushes the deadline out again; when it passes
 * the object's alarm deletes all its storage. Guests get 30 days; a customer's cart follows them
 * across devices, so it lives longer. Both are Worker vars (wrangler.toml), set per deployment.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_GUEST_CART_TTL_DAYS = 30;
export const DEFAULT_CUSTOMER_CART_TTL_DAYS = 180;

/** The vars are declared in wrangler.toml; a deployment that sets one to nonsense gets the default. */
function days(raw: string, fallback: number): number {
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** `cartId` is the object's name: "customer:<id>" or "guest:<session id>" (see cartIdFor at the edge). */
export function cartTtlMs(cartId: string, env: Pick<Env, "GUEST_CART_TTL_DAYS" | "CUSTOMER_CART_TTL_DAYS">): number {
  return cartId.startsWith("customer:")
    ? days(env.CUSTOMER_CART_TTL_DAYS, DEFAULT_CUSTOMER_CART_TTL_DAYS) * DAY_MS
    : days(env.GUEST_CART_TTL_DAYS, DEFAULT_GUEST_CART_TTL_DAYS) * DAY_MS;
}

/**
 * When a cart changed at `now` expires: its lifetime later, rounded up to the whole minute. A
 * lifetime is days long, so the minute is no loss, and a cart changed several times within a
 * minute (a shopper adding items, two tabs) moves its expiry, and its alarm, with one write.
 */
export const EXPIRY_GRANULARITY_MS = 60_000;

export function cartExpiresAt(cartId: string, env: Pick<Env, "GUEST_CART_TTL_DAYS" | "CUSTOMER_CART_TTL_DAYS">, now: number): number {
  return Math.ceil((now + cartTtlMs(cartId, env)) / EXPIRY_GRANULARITY_MS) * EXPIRY_GRANULARITY_MS;
}
