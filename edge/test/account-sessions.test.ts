import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse, Order } from "../../regional-services/orders/contract.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";
import { addToCart, CARDS, checkout, checkoutBody, ordersCaughtUp, stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";

/**
 * Sessions end on the server, not just in the browser: a session cookie captured before
 * sign-out (or before "sign out everywhere") is a guest's afterwards, with no customer and no
 * orders, even though its signature and expiry are still good.
 */
const PASSWORD = "a long and lovely password";
const uniqueEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
let variant: StockedVariant;

beforeAll(async () => {
  await ordersCaughtUp();
  const [found] = await stockedVariants(1, 16);
  if (!found) throw new Error("no variant to sell");
  variant = found;
});

/**
 * The session cookie a response set last (a first request sets a guest's, then the customer's),
 * as an attacker who copied it would send it back.
 */
function capturedCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().findLast((c) => c.startsWith("edgeshop_session="));
  if (!cookie) throw new Error("no session cookie was set");
  return cookie.split(";")[0] ?? "";
}

function replay(cookie: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("cookie", cookie);
  return exports.default.fetch(`http://localhost${path}`, { ...init, headers, redirect: "manual" });
}

type Customer = { id: string; email: string; name: string | null } | null;

async function customerOf(res: Response): Promise<Customer> {
  return (await res.json<{ customer: Customer }>()).customer;
}

async function me(shopper: Shopper): Promise<Customer> {
  return customerOf(await shopper.fetch("/api/account/me"));
}

async function signUp(shopper: Shopper, email: string): Promise<Response> {
  const res = await shopper.json("/api/account/signup", "POST", { email, password: PASSWORD });
  expect(res.status).toBe(201);
  return res;
}

async function signIn(shopper: Shopper, email: string): Promise<Response> {
  const res = await shopper.json("/api/account/signin", "POST", { email, password: PASSWORD });
  expect(res.status).toBe(200);
  return res;
}

describe("sign-out ends the session on the server", () => {
  it("turns a cookie captured before sign-out into a guest: no customer, no orders, no account page", async () => {
    const shopper = new Shopper();
    const email = uniqueEmail("captured");
    const cookie = capturedCookie(await signUp(shopper, email));
    await addToCart(shopper, variant.id, 1);
    const placed = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.succeeds));
    expect(placed.status).toBe(201);
    const { order } = await placed.json<CheckoutResponse>();

    // Before sign-out the copy is as good as the original.
    expect((await customerOf(await replay(cookie, "/api/account/me")))?.email).toBe(email);
    expect((await (await replay(cookie, "/api/orders")).json<{ orders: Order[] }>()).orders.map((o) => o.id)).toEqual([order.id]);

    expect((await shopper.json("/api/account/signout", "POST")).status).toBe(200);

    const meAfter = await replay(cookie, "/api/account/me");
    expect(await customerOf(meAfter)).toBeNull();
    // The dead cookie is replaced by a fresh guest's.
    expect(capturedCookie(meAfter)).not.toBe(cookie);
    const ordersAfter = await replay(cookie, "/api/orders");
    expect(ordersAfter.status).toBe(200);
    expect((await ordersAfter.json<{ orders: Order[] }>()).orders).toEqual([]);
    expect((await replay(cookie, `/api/orders/${order.id}`)).status).toBe(404);
    const account = await replay(cookie, "/account");
    expect(account.status).toBe(303);
    expect(account.headers.get("location")).toBe("/account/signin?next=%2Faccount");

    // Signing in again works, and sees the order.
    await signIn(shopper, email);
    expect((await me(shopper))?.email).toBe(email);
    expect((await (await shopper.fetch("/api/orders")).json<{ orders: Order[] }>()).orders.map((o) => o.id)).toEqual([order.id]);
  });

  it("ends the session the HTML sign-out form signs out of, too", async () => {
    const shopper = new Shopper();
    const cookie = capturedCookie(await signUp(shopper, uniqueEmail("form")));
    const res = await shopper.form("/account/signout", {});
    expect(res.status).toBe(303);
    expect(await customerOf(await replay(cookie, "/api/account/me"))).toBeNull();
  });
});

describe("sign out everywhere", () => {
  it("ends every session of the customer, then lets them sign in again", async () => {
    const email = uniqueEmail("everywhere");
    const laptop = new Shopper();
    const laptopCookie = capturedCookie(await signUp(laptop, email));
    const phone = new Shopper();
    const phoneCookie = capturedCookie(await signIn(phone, email));
    expect((await me(phone))?.email).toBe(email);
    expect((await customerOf(await replay(phoneCookie, "/api/account/me")))?.email).toBe(email);

    const res = await laptop.json("/api/account/signout-everywhere", "POST");
    expect(res.status).toBe(200);
    expect(await customerOf(res)).toBeNull();

    expect(await me(laptop)).toBeNull();
    expect(await me(phone)).toBeNull();
    expect(await customerOf(await replay(laptopCookie, "/api/account/me"))).toBeNull();
    expect(await customerOf(await replay(phoneCookie, "/api/account/me"))).toBeNull();
    expect((await replay(phoneCookie, "/account")).status).toBe(303);

    // A sign-in after it is a new session and works, on a device that was signed out and on a new one.
    await signIn(phone, email);
    expect((await me(phone))?.email).toBe(email);
    const tablet = new Shopper();
    await signIn(tablet, email);
    expect((await me(tablet))?.email).toBe(email);
    expect((await me(phone))?.email).toBe(email);
  });

  it("is offered on the account page, and its form signs the other devices out", async () => {
    const email = uniqueEmail("everywhere-form");
    const here = new Shopper();
    await signUp(here, email);
    const elsewhere = new Shopper();
    await signIn(elsewhere, email);
    const page = await (await here.fetch("/account")).text();
    expect(page).toContain('action="/account/signout-everywhere"');

    const res = await here.form("/account/signout-everywhere", {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(await me(here)).toBeNull();
    expect(await me(elsewhere)).toBeNull();
  });

  it("answers a guest with 401 as JSON, and sends a guest's form to sign-in", async () => {
    const guest = new Shopper();
    const res = await guest.json("/api/account/signout-everywhere", "POST");
    expect(res.status).toBe(401);
    expect((await res.json<ErrorJson>()).error.code).toBe("UNAUTHORIZED");
    const form = await guest.form("/account/signout-everywhere", {});
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe("/account/signin?next=%2Faccount");
  });
});
