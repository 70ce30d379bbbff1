/**
 * How long an untouched cart lives. Every change pushes the deadline out again; when it passes
 * the object's alarm deletes all its storage. Guests get 30 days; a customer's cart follows them
 * across devices, so it lives longer. Both can be set per deployment with Worker vars.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_GUEST_CART_TTL_DAYS = 30;
export const DEFAULT_CUSTOMER_CART_TTL_DAYS = 180;

/** Optional vars, not declared in wrangler.toml by default, so read defensively. */
function days(env: object, name: string, fallback: number): number {
  const raw: unknown = Reflect.get(env, name);
  const n = Number(raw);
  return typeof raw === "string" && Number.isFinite(n) && n > 0 ? n : fallback;
}

/** `cartId` is the object's name: "customer:<id>" or "guest:<session id>" (see cartIdFor at the edge). */
export function cartTtlMs(cartId: string, env: object): number {
  return cartId.startsWith("customer:")
    ? days(env, "CUSTOMER_CART_TTL_DAYS", DEFAULT_CUSTOMER_CART_TTL_DAYS) * DAY_MS
    : days(env, "GUEST_CART_TTL_DAYS", DEFAULT_GUEST_CART_TTL_DAYS) * DAY_MS;
}
