import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { DEV_SECRETS } from "../../../platform/dev-secrets.ts";
import { badCountText, badIdempotencyKey, badPathSegment, badValueToken, corruptObject, encodeLoose, nastyString, overlong, SEED } from "../../../edge/test/bad-input-arbitraries.ts";
import { productPatchSchema } from "../../../contracts/catalog/requests.ts";
import { signInSchema } from "../../../contracts/customers/api.ts";
import { signUpRequestSchema } from "../../../contracts/customers/signup.ts";
import { adoptOrdersRequestSchema, checkoutRequestSchema, confirmationRequestSchema } from "../../../contracts/orders/api.ts";
import { paymentRequestSchema, tokenRequestSchema } from "../../../contracts/payments/api.ts";
import { openServiceApps, signedCall, type ServiceApps, type ServiceName } from "./service-apps.ts";

/**
 * The regional services reached directly, with a valid signature (dev secrets), and fed hostile
 * bodies, paths, queries and Idempotency-Keys: every answer is a 4xx in the error shape, never a
 * 5xx. Shares its generators with the edge suite (edge/test/bad-input-arbitraries.ts).
 */
const RUNS = 60;
let services: ServiceApps;
let cases = 0;

beforeAll(async () => {
  services = await openServiceApps();
}, 120_000);

afterAll(async () => {
  console.log(`bad input (services): ${cases} cases, seed ${SEED}`);
  await services.close();
});

const SERVICE = DEV_SECRETS.SERVICE_SIGNING_SECRET;
type Req = { method: string; path: string; body?: string; headers?: Record<string, string>; secret?: string };

async function refused(name: ServiceName, req: Req): Promise<void> {
  cases++;
  const res = await signedCall(services.apps[name], req);
  const text = await res.text();
  const label = `${name} ${req.method} ${req.path.slice(0, 120)} ${JSON.stringify(req.body?.slice(0, 120))}`;
  if (res.status < 400 || res.status >= 500) throw new Error(`${label} answered ${res.status}: ${text.slice(0, 300)}`);
  const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== "string" || typeof error.message !== "string") throw new Error(`${label} answered ${res.status} without the error shape`);
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
const invalidFor = (schema: { safeParse(v: unknown): { success: boolean } }) => (text: string) => !schema.safeParse(jsonOrUndefined(text)).success;
const check = <T,>(property: fc.IAsyncProperty<T>, runs = RUNS) => fc.assert(property, { seed: SEED, numRuns: runs, endOnFailure: true });
const bodies = (name: ServiceName, method: string, path: string, body: fc.Arbitrary<string>, secret?: string) =>
  check(fc.asyncProperty(body, (b) => refused(name, { method, path, body: b, ...(secret ? { secret } : {}) })));
const paths = (name: ServiceName, method: string, path: (segment: string) => string, body?: string, secret?: string) =>
  check(fc.asyncProperty(badPathSegment, (s) => refused(name, { method, path: path(s), ...(body ? { body } : {}), ...(secret ? { secret } : {}) })));
/** Numbers: not blank and not a whole number (the feeds read a blank as 0, leniently). Ids: too long or not text. */
const badNumberParam = badCountText(1000).filter((v) => v.trim() !== "" && !Number.isSafeInteger(Number(v)));
// A blank-but-present id (" ") is accepted by the orders schemas and simply matches nothing.
const badIdParam = fc.oneof(overlong, fc.constant(""));
const queries = (name: ServiceName, path: string, params: readonly string[], secret?: string, value: fc.Arbitrary<string> = badNumberParam) =>
  check(
    fc.asyncProperty(fc.constantFrom(...params), value, fc.nat(1), (k, v, twice) =>
      refused(name, { method: "GET", path: `${path}?${Array.from({ length: twice + 1 }, () => `${k}=${encodeLoose(v)}`).join("&")}`, ...(secret ? { secret } : {}) }),
    ),
  );

describe("the services refuse bad input from a signed caller with a 4xx, never a 5xx", () => {
  it("catalog", async () => {
    await paths("catalog", "GET", (s) => `/catalog/products/${s}`);
    await queries("catalog", "/catalog/variants", ["currency"], undefined, nastyString.filter((c) => !["USD", "EUR", "GBP"].includes(c)));
    await queries("catalog", "/internal/events", ["after", "limit"]);
    await check(
      fc.asyncProperty(corruptObject({}, { title: badValueToken(), active: badValueToken(), variants: badValueToken() }).filter(invalidFor(productPatchSchema)), async (b) => {
        cases++;
        const res = await services.apps.catalog.request("/merchant/products/no-such-product", { method: "PATCH", headers: { authorization: `Bearer ${DEV_SECRETS.MERCHANT_TOKEN}`, "content-type": "application/json" }, body: b });
        if (res.status < 400 || res.status >= 500) throw new Error(`merchant PATCH ${b.slice(0, 100)} answered ${res.status}`);
      }),
    );
  });

  it("customers", async () => {
    const account = { email: badValueToken(), password: badValueToken(), name: badValueToken(), clientKey: badValueToken() };
    await bodies("customers", "POST", "/customers/signup", corruptObject({ email: '"svc-bad@example.com"', password: '"correct horse battery"' }, account).filter(invalidFor(signUpRequestSchema)));
    await bodies("customers", "POST", "/customers/signin", corruptObject({ email: '"svc-bad@example.com"', password: '"pw"' }, account).filter(invalidFor(signInSchema)));
    await bodies("customers", "POST", "/customers/signup/complete", corruptObject({}, { token: badValueToken() }));
    await paths("customers", "GET", (s) => `/customers/${s}`);
    await queries("customers", "/internal/messages", ["to"], undefined, fc.oneof(overlong, fc.constantFrom("not-an-email", "a@", "@b", "a\u0000@b.c")));
  });

  it("orders", async () => {
    const valid = { cartId: '"cart-1"', owner: '{"sessionId":"s1"}', currency: '"USD"', email: '"a@example.com"', shippingAddress: '{"name":"A","line1":"1 A St","city":"B","postalCode":"1","country":"GB"}', lines: '[{"variantId":"v1","quantity":1,"unitPrice":100}]', promotionCodes: "[]", paymentToken: '"tok_x"' };
    const bad = Object.fromEntries(Object.keys(valid).map((k) => [k, badValueToken(99)]));
    await check(fc.asyncProperty(badIdempotencyKey, (key) => refused("orders", { method: "POST", path: "/orders/checkout", body: `{}`, headers: { "idempotency-key": key } })));
    await check(fc.asyncProperty(corruptObject(valid, bad).filter(invalidFor(checkoutRequestSchema)), fc.uuid(), (b, key) => refused("orders", { method: "POST", path: "/orders/checkout", body: b, headers: { "idempotency-key": key } })));
    await bodies("orders", "POST", "/orders/adopt", corruptObject({ sessionId: '"s1"', customerId: '"c1"' }, { sessionId: badValueToken(), customerId: badValueToken() }).filter(invalidFor(adoptOrdersRequestSchema)));
    await queries("orders", "/orders", ["sessionId"], undefined, badIdParam);
    await queries("orders", "/orders/by-key", ["idempotencyKey", "cartId"], undefined, badIdParam);
    await paths("orders", "GET", (s) => `/orders/${s}?sessionId=s1`);
    await paths("orders", "POST", (s) => `/orders/${s}/payment-confirmation`, '{"action":"confirm","sessionId":"s1"}');
    await bodies("orders", "POST", "/orders/ord_abcdefgh1234/payment-confirmation", corruptObject({ action: '"confirm"', sessionId: '"s1"' }, { action: badValueToken(), sessionId: badValueToken() }).filter(invalidFor(confirmationRequestSchema)));
  });

  it("payments", async () => {
    const card = { card: '"4242424242424242"', expMonth: "12", expYear: "2040", cvc: '"123"' };
    await bodies("payments", "POST", "/payments/tokens", corruptObject(card, { card: badValueToken(), expMonth: badValueToken(12), expYear: badValueToken(3000), cvc: badValueToken() }).filter(invalidFor(tokenRequestSchema)));
    const payment = { orderId: '"ord_abcdefgh1234"', amount: "100", currency: '"USD"', token: '"tok_x"' };
    const badPayment = corruptObject(payment, { orderId: badValueToken(), amount: badValueToken(100), currency: badValueToken(), token: badValueToken() }).filter(invalidFor(paymentRequestSchema));
    await check(fc.asyncProperty(badPayment, fc.uuid(), (b, key) => refused("payments", { method: "POST", path: "/payments", body: b, headers: { "idempotency-key": key }, secret: SERVICE })));
    await check(fc.asyncProperty(badIdempotencyKey, (key) => refused("payments", { method: "POST", path: "/payments", body: "{}", headers: { "idempotency-key": key }, secret: SERVICE })));
    await paths("payments", "GET", (s) => `/payments/${s}`, undefined, SERVICE);
    await paths("payments", "POST", (s) => `/payments/${s}/confirm`, undefined, SERVICE);
    await queries("payments", "/internal/events", ["after", "limit"], SERVICE);
  });
});
