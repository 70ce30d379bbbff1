import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CartView } from "../../domain/cart-view.ts";
import type { Order } from "../../contracts/orders/api.ts";
import { signInSchema, signUpSchema } from "../../contracts/customers/api.ts";
import { signUpTokenSchema } from "../../contracts/customers/signup.ts";
import { idempotencyKeySchema } from "../../contracts/orders/api.ts";
import { shippingAddressSchema } from "../../contracts/text.ts";
import { addItemBodySchema, addItemFormSchema, emailBodySchema, promotionBodySchema, promotionFormSchema, updateItemBodySchema, updateLineFormSchema } from "../../contracts/storefront/cart-requests.ts";
import { checkoutBodySchema, confirmationBodySchema, formToBody, readCheckoutForm } from "../../contracts/storefront/checkout-requests.ts";
import {
  badCountText,
  badCountToken,
  badIdempotencyKey,
  badPathSegment,
  badValueToken,
  corruptObject,
  encodeLoose,
  garbledCookie,
  malformedJson,
  nastyString,
  overlong,
  SEED,
  wrongType,
} from "./bad-input-arbitraries.ts";
import { casesSent, check, formInvalidFor, formPairs, formProperty, getProperty, invalidFor, jsonProperty, refusedAsJson, send, sendAs } from "./bad-input-harness.ts";
import { ADDRESS, addToCart, checkout, checkoutBody, ordersCaughtUp, stockedVariants } from "./checkout-fixtures.ts";
import { Shopper } from "./cart-fixtures.ts";

/**
 * Generated hostile input against every JSON route under /api and every HTML form, sent with the
 * session of a shopper who has a cart line and a paid order. Every answer must be a refusal
 * (4xx with `{ error: { code, message } }`, or an HTML page with a 4xx status), never a 5xx, and
 * the shopper's cart and orders must read the same afterwards. The seed is fixed (SEED); a
 * failure prints it with the shrunk counterexample.
 */
let ownerCookie = "";
let lineId = "";
let orderId = "";
let variantId = "";
let before: { cart: unknown; orders: unknown };

async function snapshot(): Promise<{ cart: unknown; orders: unknown }> {
  const cartRes = await send({ method: "GET", path: "/api/cart" });
  const ordersRes = await send({ method: "GET", path: "/api/orders" });
  const cart = (await cartRes.json<{ cart: CartView }>()).cart;
  const orders = (await ordersRes.json<{ orders: Order[] }>()).orders;
  return { cart: { lines: cart.lines, promotions: cart.promotions, email: cart.email, shippingAddress: cart.shippingAddress, total: cart.total }, orders };
}

beforeAll(async () => {
  await ordersCaughtUp();
  const [variant] = await stockedVariants(1, 18);
  if (!variant) throw new Error("no variant to sell");
  variantId = variant.id;
  const owner = new Shopper();
  const first = await owner.fetch("/api/cart");
  ownerCookie = first.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  sendAs(ownerCookie);
  await addToCart(owner, variant.id);
  const placed = await checkout(owner, crypto.randomUUID(), checkoutBody());
  if (placed.status !== 201) throw new Error(`checkout answered ${placed.status}: ${await placed.text()}`);
  orderId = (await placed.json<{ order: Order }>()).order.id;
  const cart = await addToCart(owner, variant.id, 2);
  lineId = cart.lines[0]?.id ?? "";
  before = await snapshot();
}, 120_000);

afterAll(() => {
  console.log(`bad input (edge): ${casesSent()} cases, seed ${SEED}`);
});

const lit = (s: string) => fc.constant(s);
const id = () => JSON.stringify(variantId);

describe("the JSON API refuses bad input with a 4xx and the error shape", () => {
  it("POST /api/cart/items", async () => {
    const body = corruptObject({ variantId: id(), quantity: "1" }, { variantId: badValueToken(), quantity: badValueToken(99) }).filter(invalidFor(addItemBodySchema));
    await check(jsonProperty("POST", lit("/api/cart/items"), body));
    await refusedAsJson(await send({ method: "POST", path: "/api/cart/items", body: `variantId=${variantId}&quantity=1`, contentType: "application/x-www-form-urlencoded" }), "a form body to JSON");
    await refusedAsJson(await send({ method: "POST", path: "/api/cart/items", body: `{"variantId":${id()},"pad":"${"x".repeat(70_000)}","quantity":1}`, contentType: "application/json" }), "an oversized body");
  });

  it("PATCH and DELETE /api/cart/items/:lineId", async () => {
    const quantity = fc.oneof(badCountToken(99), wrongType.map((v) => JSON.stringify(v)), lit('"2"'));
    const body = fc.oneof(quantity.map((q) => `{"quantity":${q}}`), malformedJson).filter(invalidFor(updateItemBodySchema));
    await check(jsonProperty("PATCH", fc.constant(`/api/cart/items/${lineId}`), body));
    await check(jsonProperty("PATCH", badPathSegment.map((s) => `/api/cart/items/${s}`), fc.constant('{"quantity":2}')));
    await check(getLike("DELETE", badPathSegment.map((s) => `/api/cart/items/${s}`)));
  });

  it("the promotion, email and address routes of the cart", async () => {
    await check(jsonProperty("POST", lit("/api/cart/promotions"), corruptObject({}, { code: badValueToken() }).filter(invalidFor(promotionBodySchema))));
    // Removing a code that is not applied is a no-op (200); only codes no cart can hold must be refused.
    const notACode = fc.oneof(overlong, fc.constantFrom(" ", "\t", "  \n"));
    await check(getLike("DELETE", notACode.map((s) => `/api/cart/promotions/${encodeLoose(s)}`)), 30);
    await check(jsonProperty("PUT", lit("/api/cart/email"), corruptObject({}, { email: badValueToken() }).filter(invalidFor(emailBodySchema))));
    const good = Object.fromEntries(Object.entries(ADDRESS).map(([k, v]) => [k, JSON.stringify(v)]));
    const bad = Object.fromEntries(["name", "line1", "line2", "city", "region", "postalCode", "country"].map((k) => [k, badValueToken()]));
    await check(jsonProperty("PUT", lit("/api/cart/shipping-address"), corruptObject(good, bad).filter(invalidFor(shippingAddressSchema))));
  });

  it("POST /api/checkout: a bad Idempotency-Key or a bad body", async () => {
    const valid = JSON.stringify(checkoutBody());
    await check(jsonProperty("POST", lit("/api/checkout"), fc.constant(valid), badIdempotencyKey.map((k) => ({ "idempotency-key": k }))));
    await refusedAsJson(await send({ method: "POST", path: "/api/checkout", body: valid, contentType: "application/json" }), "checkout without a key");
    const payment = checkoutBody().payment;
    const body = corruptObject(
      { email: '"grace@example.com"', shippingAddress: JSON.stringify(ADDRESS), payment: JSON.stringify(payment) },
      {
        email: badValueToken(),
        shippingAddress: fc.oneof(badValueToken(), nastyString.map((country) => JSON.stringify({ ...ADDRESS, country }))),
        payment: fc.oneof(
          badValueToken(),
          fc.constantFrom('"x"', "1.5", '"NaN"', '"Infinity"', "{}", '"1.5"', "[1,2]", '"1e999"').map((m) => `{"card":"4242424242424242","expMonth":${m},"expYear":2040,"cvc":"123"}`),
          overlong.map((card) => JSON.stringify({ ...payment, card })),
        ),
      },
    ).filter(invalidFor(checkoutBodySchema));
    await check(jsonProperty("POST", lit("/api/checkout"), body, fc.uuid().map((k) => ({ "idempotency-key": k }))));
  });

  it("the orders routes", async () => {
    await check(getProperty(badPathSegment.map((s) => `/api/orders/${s}`), "json"));
    await check(jsonProperty("POST", badPathSegment.map((s) => `/api/orders/${s}/payment-confirmation`), fc.constant('{"action":"confirm"}')));
    const body = corruptObject({}, { action: fc.oneof(badValueToken(), lit('"CONFIRM"'), lit('"refund"')) }).filter(invalidFor(confirmationBodySchema));
    await check(jsonProperty("POST", fc.constant(`/api/orders/${orderId}/payment-confirmation`), body));
  });

  it("the account routes", async () => {
    const bad = { email: badValueToken(), password: badValueToken(), name: badValueToken() };
    const good = { email: '"bad-input@example.com"', password: '"correct horse battery"' };
    await check(jsonProperty("POST", lit("/api/account/signup"), corruptObject(good, bad).filter(invalidFor(signUpSchema))));
    await check(jsonProperty("POST", lit("/api/account/signin"), corruptObject(good, { email: bad.email, password: bad.password }).filter(invalidFor(signInSchema))));
    await check(jsonProperty("POST", lit("/api/account/signup/complete"), corruptObject({}, { token: badValueToken() })), 60);
  });

  it("the catalog reads, with hostile and repeated query parameters", async () => {
    const badParam = fc.oneof(
      // Left out, as the schema reads them leniently (z.coerce): a blank is "no filter" (the filter
      // form sends minPrice= when left empty), and "0x10", "0b1", "1e1" are read as JS numbers.
      fc.tuple(fc.constant("limit"), badCountText(100).filter(notLenient(1, 100))),
      fc.tuple(fc.constantFrom("minPrice", "maxPrice"), badCountText(100_000_000).filter(notLenient(0, 100_000_000))),
      fc.tuple(fc.constantFrom("sort", "currency", "category"), nastyString.filter((s) => !/^[a-z0-9-]{1,100}$/.test(s))),
      fc.tuple(fc.constant("cursor"), fc.oneof(nastyString, fc.base64String({ minLength: 4, maxLength: 40 }))),
      fc.tuple(fc.constant("q"), fc.oneof(overlong, fc.constantFrom("a\u0000b", "\u001b", "x\u0007"))),
    );
    const query = fc.tuple(badParam, fc.nat(2)).map(([[k, v], repeat]) => Array.from({ length: repeat + 1 }, () => `${k}=${encodeLoose(v)}`).join("&"));
    await check(getProperty(query.map((q) => `/api/products?${q}`), "json"));
    await check(getProperty(badPathSegment.map((s) => `/api/products/${s}`), "json"), 50);
    await check(getProperty(nastyString.map((c) => `/api/cart?currency=${encodeLoose(c)}&currency=${encodeLoose(c)}`), "json"), 50);
  });
});

/** Not a value the catalog's lenient number parsing (blank, hex, binary, exponent) would read as one in range. */
function notLenient(min: number, max: number) {
  return (v: string) => {
    const n = Number(v);
    return v.trim() !== "" && !(Number.isSafeInteger(n) && n >= min && n <= max);
  };
}

function getLike(method: string, path: fc.Arbitrary<string>) {
  return fc.asyncProperty(path, async (p) => refusedAsJson(await send({ method, path: p }), `${method} ${p}`));
}

describe("the HTML forms refuse bad input with a page, never a 5xx", () => {
  it("the cart forms", async () => {
    await check(formProperty(lit("/cart/items"), formPairs({ variantId, quantity: "1" }, { variantId: nastyString, quantity: badCountText(99) }).filter(formInvalidFor(addItemFormSchema))));
    const lineForm = formPairs({ action: "update", quantity: "1" }, { action: nastyString, quantity: badCountText(99) }).filter((text) => {
      const parsed = updateLineFormSchema.safeParse(Object.fromEntries(new URLSearchParams(text)));
      return !parsed.success || (parsed.data.action === "update" && parsed.data.quantity === undefined);
    });
    await check(formProperty(lit(`/cart/lines/${lineId}`), lineForm));
    await check(formProperty(badPathSegment.map((s) => `/cart/lines/${s}`), lit("action=update&quantity=2")));
    await check(formProperty(lit("/cart/promotions"), formPairs({ action: "apply" }, { code: nastyString, action: nastyString }).filter(formInvalidFor(promotionFormSchema))));
  });

  it("the checkout form", async () => {
    const good: Record<string, string> = { idempotencyKey: crypto.randomUUID(), email: "grace@example.com", ...ADDRESS, card: "4242424242424242", expMonth: "12", expYear: "2040", cvc: "123" };
    const bad = Object.fromEntries(Object.keys(good).map((k) => [k, k.startsWith("exp") ? badCountText(12) : nastyString]));
    const form = formPairs(good, bad).filter((text) => {
      const f = readCheckoutForm(Object.fromEntries(new URLSearchParams(text)));
      return !idempotencyKeySchema.safeParse(f.idempotencyKey).success || !checkoutBodySchema.safeParse(formToBody(f)).success;
    });
    await check(formProperty(lit("/checkout"), form));
  });

  it("the account forms", async () => {
    const bad = { email: nastyString, password: fc.oneof(nastyString, lit("")), name: overlong };
    await check(formProperty(lit("/account/signin"), formPairs({ email: "x@example.com", password: "pw" }, { email: bad.email, password: bad.password }).filter(formInvalidFor(signInSchema))));
    await check(formProperty(lit("/account/signup"), formPairs({ email: "x@example.com", password: "correct horse battery" }, bad).filter(formInvalidFor(signUpSchema))));
    await check(formProperty(lit("/account/verify"), formPairs({}, { token: nastyString, next: nastyString }).filter((t) => !signUpTokenSchema.safeParse(new URLSearchParams(t).get("token")).success)));
  });

  it("the payment confirmation form", async () => {
    await check(formProperty(badPathSegment.map((s) => `/orders/${s}/confirm-payment`), lit("action=confirm")));
    await check(formProperty(lit(`/orders/${orderId}/confirm-payment`), formPairs({}, { action: nastyString }).filter((t) => !["confirm", "cancel"].includes(new URLSearchParams(t).get("action") ?? ""))));
  });

  it("pages read with hostile ids and queries", async () => {
    const page = fc.oneof(
      badPathSegment.map((s) => `/orders/${s}`),
      badPathSegment.map((s) => `/orders/${s}/confirm-payment`),
      badPathSegment.map((s) => `/p/${s}`),
      badPathSegment.map((s) => `/c/${s}`),
      nastyString.map((t) => `/account/verify?token=${encodeLoose(t)}`),
      nastyString.map((c) => `/cart?currency=${encodeLoose(c)}`),
    );
    await check(getProperty(page, "page"), 150);
  });
});

describe("forged and garbled session cookies", () => {
  it("are a fresh guest: never the owner's cart, orders or account, never a 5xx", async () => {
    const ownerToken = /edgeshop_session=([^;]+)/.exec(ownerCookie)?.[1] ?? "";
    const [header = "", payload = "", signature = ""] = ownerToken.split(".");
    const b64 = (s: string) => btoa(s).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
    const claims = JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/"))) as Record<string, unknown>;
    const forged = [
      `${b64('{"alg":"none","typ":"JWT"}')}.${payload}.`,
      `${b64('{"alg":"HS512"}')}.${payload}.${signature}`,
      `${header}.${b64(JSON.stringify({ ...claims, cid: "00000000-0000-0000-0000-000000000000" }))}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -2)}AA`,
      `${header}.${payload}`,
    ];
    const cookie = fc.oneof(garbledCookie, fc.constantFrom(...forged)).map((v) => `edgeshop_session=${v}`);
    const route = fc.constantFrom("/api/cart", "/api/orders", "/api/account/me", "/cart", "/orders");
    await check(
      fc.asyncProperty(cookie, route, async (c, path) => {
        const res = await send({ method: "GET", path, cookie: c });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`GET ${path} with cookie ${c.slice(0, 80)} answered ${res.status}`);
        expect(text).not.toContain(orderId);
        expect(text).not.toContain(lineId);
        expect(res.headers.getSetCookie().some((s) => s.startsWith("edgeshop_session=") && !s.includes(ownerToken))).toBe(true);
      }),
      200,
    );
  });
});

describe("after all of it", () => {
  it("the shopper's cart and orders read exactly as before", async () => {
    expect(await snapshot()).toEqual(before);
  });
});
