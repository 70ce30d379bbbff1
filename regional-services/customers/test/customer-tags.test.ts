import { describe, expect, it } from "vitest";
import { CUSTOMER_TAGS_CHANGED } from "../../../contracts/customers/tags.ts";
import { redisAvailable } from "../../shared/testing.ts";
import { availableDrivers } from "./databases.ts";
import { call, createAccount, json, MERCHANT_TOKEN, suiteApp, uniqueEmail as email, type ErrorJson } from "./harness.ts";

/**
 * Customer tags are the merchant's labels on accounts, owned here: the merchant sets them behind
 * the merchant token, each change is published on the customers feed for the orders service's
 * replica, and sign-in answers them so the edge can tell the shopper's cart.
 */
const drivers = await availableDrivers();
const redisUp = await redisAvailable();

describe.skipIf(!redisUp).each(drivers)("customer tags (%s)", (driver) => {
  const suite = suiteApp(driver);

  const merchant = (method: string, path: string, body?: unknown, token: string | null = MERCHANT_TOKEN) =>
    suite.app.request(path, {
      method,
      headers: { "content-type": "application/json", ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
  const setTags = (id: string, tags: unknown) => merchant("PUT", `/merchant/customers/${id}/tags`, { tags });
  async function feed(after = 0) {
    const res = await call(suite.app, "GET", `/internal/events?after=${after}`);
    expect(res.status).toBe(200);
    return (await json<{ events: { seq: number; type: string; subject: string; payload: unknown }[] }>(res)).events;
  }

  it("lets only the merchant read or set tags", async () => {
    const customer = await createAccount(suite.app, email("guarded"), "correct horse");
    expect((await merchant("PUT", `/merchant/customers/${customer.id}/tags`, { tags: ["vip"] }, null)).status).toBe(401);
    expect((await merchant("PUT", `/merchant/customers/${customer.id}/tags`, { tags: ["vip"] }, "not-the-token")).status).toBe(403);
    expect((await merchant("GET", `/merchant/customers/${customer.id}/tags`, undefined, null)).status).toBe(401);
    expect(await json(await merchant("GET", `/merchant/customers/${customer.id}/tags`))).toEqual({ customerId: customer.id, tags: [] });
  });

  it("stores tags trimmed, lower-cased, without duplicates and sorted", async () => {
    const customer = await createAccount(suite.app, email("tidy"), "correct horse");
    const res = await setTags(customer.id, [" VIP ", "wholesale", "vip", "Early Access"]);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ customerId: customer.id, tags: ["early access", "vip", "wholesale"] });
    expect(await json(await merchant("GET", `/merchant/customers/${customer.id}/tags`))).toEqual({ customerId: customer.id, tags: ["early access", "vip", "wholesale"] });
  });

  it("names the problem for bad input and answers 404 for an unknown customer", async () => {
    const customer = await createAccount(suite.app, email("bad"), "correct horse");
    const cases: [unknown, string][] = [
      [{ tags: "vip" }, "tags"],
      [{ tags: [""] }, "must not be empty"],
      [{ tags: ["x".repeat(51)] }, "at most 50"],
      [{ tags: ["<script>"] }, "letters, digits"],
      [{ tags: ["a\u0000b"] }, "letters, digits"],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "at most 20 tags"],
      [{}, "tags"],
    ];
    for (const [body, message] of cases) {
      const res = await merchant("PUT", `/merchant/customers/${customer.id}/tags`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json<ErrorJson>(res)).error.message).toContain(message);
    }
    const broken = await merchant("PUT", `/merchant/customers/${customer.id}/tags`, "{not json");
    expect(broken.status).toBe(400);
    expect((await setTags("not-a-uuid", ["vip"])).status).toBe(400);
    const unknown = await setTags(crypto.randomUUID(), ["vip"]);
    expect(unknown.status).toBe(404);
    expect((await json<ErrorJson>(unknown)).error.code).toBe("NOT_FOUND");
  });

  it("publishes each change on the signed feed, the whole set every time, and nothing for no change", async () => {
    const customer = await createAccount(suite.app, email("feed"), "correct horse");
    const before = (await feed()).at(-1)?.seq ?? 0;
    await setTags(customer.id, ["vip"]);
    await setTags(customer.id, ["VIP"]);
    await setTags(customer.id, ["vip", "wholesale"]);
    await setTags(customer.id, []);
    const events = (await feed(before)).filter((e) => e.subject === customer.id);
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      [CUSTOMER_TAGS_CHANGED, { customerId: customer.id, tags: ["vip"] }],
      [CUSTOMER_TAGS_CHANGED, { customerId: customer.id, tags: ["vip", "wholesale"] }],
      [CUSTOMER_TAGS_CHANGED, { customerId: customer.id, tags: [] }],
    ]);
    expect((await call(suite.app, "GET", "/internal/events", undefined, null)).status).toBe(401);
  });

  it("answers the account's tags at sign-in", async () => {
    const address = email("signin");
    const customer = await createAccount(suite.app, address, "correct horse");
    await setTags(customer.id, ["wholesale"]);
    const res = await call(suite.app, "POST", "/customers/signin", { email: address, password: "correct horse" });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ customer, tags: ["wholesale"] });
  });
});
