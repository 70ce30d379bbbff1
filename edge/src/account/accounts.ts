import type { Context } from "hono";
import { AppError, unauthorized } from "../../../platform/errors.ts";
import { log } from "../../../platform/log.ts";
import type { RouteConfig } from "@hono/zod-openapi";
import type { Customer, SignInInput } from "../../../contracts/customers/api.ts";
import { customerRoute, signInRoute } from "../../../contracts/customers/routes.ts";
import { tellCartCustomerTags } from "../cart/customer-tags.ts";
import type { RouteInput, RouteSuccess } from "../../../platform/route-client.ts";
import { adoptGuestOrders } from "../checkout/orders-api.ts";
import { newGuestSession, writeSession } from "../middleware/session.ts";
import { endAllSessions, revokeSession } from "../middleware/session-revocation.ts";
import { callServiceRoute } from "../service-client.ts";
import type { EdgeEnv } from "../types.ts";
import { mergeGuestCart } from "../cart/merge-guest-cart.ts";

/**
 * Signing up, in and out at the edge, shared by the JSON API and the HTML forms. The customers
 * service checks the password; the edge then carries the guest cart and the guest's orders over
 * and re-issues the session cookie with the customer in it, keeping the session id.
 */
export type { Customer };

/** The shopper's address as Cloudflare saw it: the key for the per-client sign-in and sign-up limits. */
export function clientKey(c: Context<EdgeEnv>): string | undefined {
  return c.req.header("cf-connecting-ip") ?? undefined;
}

/**
 * Calls a customers route (contracts/customers/routes.ts) and answers its body, passing the
 * service's Retry-After on, so a rate-limited shopper (or script) knows when to retry.
 */
export async function callCustomers<R extends RouteConfig>(c: Context<EdgeEnv>, route: R, input: RouteInput<R>): Promise<RouteSuccess<R>> {
  try {
    return (await callServiceRoute(c, "customers", route, input)).body;
  } catch (err) {
    if (err instanceof AppError && err.code === "RATE_LIMITED") {
      const details = err.details as { retryAfterSeconds?: unknown } | undefined;
      if (typeof details?.retryAfterSeconds === "number") c.header("Retry-After", String(details.retryAfterSeconds));
    }
    throw err;
  }
}

/**
 * The orders this session placed as a guest become the customer's. Signing in must not fail for
 * it: until it succeeds (it is tried again at the next sign-in on this session) the orders
 * service still shows the session's guest orders to the customer signed in on it.
 */
async function adoptOrders(c: Context<EdgeEnv>, sessionId: string, customerId: string): Promise<void> {
  try {
    await adoptGuestOrders(c, sessionId, customerId);
  } catch (err) {
    log("warn", "guest orders not adopted at sign-in", { requestId: c.get("requestId"), customerId, error: err instanceof Error ? err.message : String(err) });
  }
}

/** Makes `customer` this session's owner, after bringing the guest cart and orders into theirs. */
export async function becomeCustomer(c: Context<EdgeEnv>, customer: Customer): Promise<void> {
  const session = c.get("session");
  if (!session.customerId) await mergeGuestCart(c.env, session.id, customer.id, c.get("requestId"));
  // A session's guest orders go to the first customer who signs in on it, never to a later one.
  if (!session.customerId || session.customerId === customer.id) await adoptOrders(c, session.id, customer.id);
  await writeSession(c, { id: session.id, customerId: customer.id, email: customer.email, name: customer.name ?? undefined });
}

export async function signIn(c: Context<EdgeEnv>, input: Pick<SignInInput, "email" | "password">): Promise<Customer> {
  const { customer, tags } = await callCustomers(c, signInRoute, { json: { ...input, clientKey: clientKey(c) } });
  await becomeCustomer(c, customer);
  await tellCartCustomerTags(c, customer.id, tags);
  return customer;
}

/**
 * Signing out ends the session server-side too (a captured cookie stops working) and starts a
 * brand-new guest session: nothing of the customer's stays in the browser. If the revocation
 * cannot be written, the browser is still signed out; the failure is logged, not shown.
 */
export async function signOut(c: Context<EdgeEnv>): Promise<void> {
  const session = c.get("session");
  if (session.customerId) {
    try {
      await revokeSession(c.env, session.id);
    } catch (err) {
      log("error", "session not revoked at sign-out", { requestId: c.get("requestId"), customerId: session.customerId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  await writeSession(c, newGuestSession());
}

/**
 * Ends every session of the signed-in customer, on every device, this one included; 401 for a
 * guest. Unlike plain sign-out, a failure to record it is the shopper's business: it fails (503)
 * rather than pretending the other devices were signed out.
 */
export async function signOutEverywhere(c: Context<EdgeEnv>): Promise<void> {
  const customerId = c.get("session").customerId;
  if (!customerId) throw unauthorized("sign in to sign out everywhere");
  try {
    await endAllSessions(c.env, customerId);
  } catch (err) {
    log("error", "sessions not ended", { requestId: c.get("requestId"), customerId, error: err instanceof Error ? err.message : String(err) });
    throw new AppError("SERVICE_UNAVAILABLE", "could not sign out your other devices just now; try again shortly");
  }
  await writeSession(c, newGuestSession());
}

/** The signed-in customer as the session cookie carries them (no origin round trip). */
export function currentCustomer(c: Context<EdgeEnv>): Customer | null {
  const s = c.get("session");
  return s.customerId ? { id: s.customerId, email: s.email ?? "", name: s.name ?? null } : null;
}

/** The authoritative record, for the account page; undefined when the account no longer exists. */
export async function fetchCustomer(c: Context<EdgeEnv>, id: string): Promise<Customer | undefined> {
  try {
    const { customer } = await callCustomers(c, customerRoute, { params: { id } });
    return customer;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return undefined;
    throw err;
  }
}
