import { beforeAll, describe, expect, it } from "vitest";
import type { Order } from "../../contracts/orders/api.ts";
import type { MerchantOrder, MerchantOrderList } from "../../contracts/orders/merchant-api.ts";
import { AdminClient, signedInOwner, staffWithRole } from "./admin-fixtures.ts";
import { Shopper } from "./cart-fixtures.ts";
import { a11yProblems } from "./catalog-helpers.ts";
import { addToCart, CARDS, checkout, checkoutBody, ordersCaughtUp, stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";

/**
 * The merchant's orders through the edge: found and shipped through the admin JSON API (audited),
 * the shopper then sees the shipment and its tracking on their order page; and the same work
 * done with the admin pages' forms, a bad field answered beside it with nothing shipped.
 */
let variants: StockedVariant[];
let owner: AdminClient;
const SAME_ORIGIN = { "sec-fetch-site": "same-origin" };

beforeAll(async () => {
  await ordersCaughtUp();
  variants = await stockedVariants(2, 44);
  owner = await signedInOwner();
});

/** A shopper with a paid order of one unit of each variant. */
async function paidOrder(): Promise<{ shopper: Shopper; order: Order }> {
  const shopper = new Shopper();
  for (const v of variants) await addToCart(shopper, v.id);
  const res = await checkout(shopper, crypto.randomUUID(), checkoutBody());
  expect(res.status).toBe(201);
  const { order } = await res.json<{ order: Order }>();
  expect(order.status).toBe("paid");
  return { shopper, order };
}

const form = (client: AdminClient, path: string, fields: Record<string, string>) => client.fetch(path, { method: "POST", headers: SAME_ORIGIN, body: new URLSearchParams(fields) });

describe("orders through the admin API", () => {
  it("finds an order, ships it once per Idempotency-Key, and the shopper sees the tracking, then the delivery", async () => {
    const { shopper, order } = await paidOrder();
    const found = await owner.json("GET", `/admin/api/orders?q=${order.id}`);
    expect(found.status).toBe(200);
    expect((await found.json<MerchantOrderList>()).orders.map((o) => o.id)).toEqual([order.id]);

    const ship = () =>
      owner.fetch(`/admin/api/orders/${order.id}/fulfilments`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": `ship-${order.id}` },
        body: JSON.stringify({ carrier: "DHL", trackingNumber: "JD014600006281234567", lines: [{ position: 0, quantity: 1 }] }),
      });
    const first = await ship();
    expect(first.status).toBe(201);
    const again = await ship();
    expect(again.status).toBe(200);
    const { order: partial } = await again.json<{ order: MerchantOrder }>();
    expect(partial.fulfilments).toHaveLength(1);
    expect(partial.status).toBe("paid");

    const rest = await owner.json("POST", `/admin/api/orders/${order.id}/fulfilments`, { carrier: "UPS", trackingNumber: "1Z999AA10123456784" });
    expect(rest.status).toBe(201);
    expect((await rest.json<{ order: MerchantOrder }>()).order.status).toBe("fulfilled");

    const page = await (await shopper.fetch(`/orders/${order.id}`)).text();
    expect(a11yProblems(page)).toEqual([]);
    expect(page).toContain("JD014600006281234567");
    expect(page).toContain("1Z999AA10123456784");
    expect(page).toContain("with UPS");
    const { order: mine } = await (await shopper.fetch(`/api/orders/${order.id}`)).json<{ order: Order }>();
    expect(mine.shipments?.map((s) => s.carrier)).toEqual(["DHL", "UPS"]);

    expect((await owner.json("POST", `/admin/api/orders/${order.id}/deliver`)).status).toBe(200);
    expect(await (await shopper.fetch(`/orders/${order.id}`)).text()).toMatch(/Delivered \d{4}-\d{2}-\d{2}/);

    const audit = await owner.fetch(`/admin/api/audit?target=${encodeURIComponent(`/orders/${order.id}`)}`);
    const { entries } = await audit.json<{ entries: { action: string }[] }>();
    // Every accepted write is recorded, the keyed repeat (which shipped nothing) included.
    expect(entries.map((e) => e.action)).toEqual(["post /orders/{id}/deliver", ...Array(3).fill("post /orders/{id}/fulfilments")]);
  });

  it("refuses a bad filter or an over-shipment naming the field, a fulfilment member cancelling a shipped order (refund it instead), and cancelling a paid one that has not shipped (refunded whole)", async () => {
    const { order } = await paidOrder();
    const bad = await owner.json("GET", "/admin/api/orders?status=lost&limit=0");
    expect(bad.status).toBe(400);
    const { error } = await bad.json<{ error: { message: string } }>();
    expect(error.message).toMatch(/status must be among/);
    expect(error.message).toMatch(/limit must be at least 1/);
    const over = await owner.json("POST", `/admin/api/orders/${order.id}/fulfilments`, { carrier: "DHL", trackingNumber: "X", lines: [{ position: 0, quantity: 5 }] });
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject({ error: { code: "VALIDATION_FAILED", details: { issues: [{ path: "lines.0.quantity" }] } } });
    const { client: fulfilment } = await staffWithRole(owner, "fulfilment");
    const shipped = (await paidOrder()).order;
    expect((await owner.json("POST", `/admin/api/orders/${shipped.id}/fulfilments`, { carrier: "DHL", trackingNumber: "1Z999" })).status).toBe(201);
    const late = await fulfilment.json("POST", `/admin/api/orders/${shipped.id}/cancel`);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: "ORDER_STATE_CONFLICT", message: expect.stringMatching(/refund/) } });
    // A paid order that has not shipped is cancelled by refunding it whole; it ends refunded once payments reports it.
    const cancel = await fulfilment.json("POST", `/admin/api/orders/${order.id}/cancel`);
    expect(cancel.status).toBe(200);
    await expect
      .poll(async () => (await (await owner.json("GET", `/admin/api/orders/${order.id}`)).json<{ order: { status: string } }>()).order.status, { timeout: 15_000 })
      .toBe("refunded");
  });
});

describe("the admin order pages", () => {
  it("lists orders with a filter form, and shows the day's figures on the dashboard", async () => {
    const { order } = await paidOrder();
    const list = await owner.fetch(`/admin/orders?q=${order.id.slice(-8)}&status=paid`);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(a11yProblems(html)).toEqual([]);
    expect(html).toContain(`href="/admin/orders/${order.id}"`);
    expect(html).toMatch(/<input type="checkbox" id="status-paid" name="status" value="paid" checked/);

    const bad = await owner.fetch("/admin/orders?from=2026-02-30");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("from must be a date such as 2026-12-03");

    const dashboard = await (await owner.fetch("/admin")).text();
    expect(dashboard).toMatch(/Today \(\d{4}-\d{2}-\d{2}, UTC\)/);
    expect(dashboard).toContain('href="/admin/orders"');
  });

  it("ships with the order page's form: a bad field comes back beside it with nothing shipped, a good one ships once", async () => {
    const { order } = await paidOrder();
    const page = await owner.fetch(`/admin/orders/${order.id}`);
    const html = await page.text();
    expect(a11yProblems(html)).toEqual([]);
    expect(html).toContain(`href="/admin/orders/${order.id}/refund"`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(key).not.toBe("");

    const bad = await form(owner, `/admin/orders/${order.id}/fulfil`, { idempotencyKey: key, carrier: "", trackingNumber: "T-1", "quantity-0": "one", "quantity-1": "1" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("carrier is required");
    expect(badHtml).toContain("quantity must be a whole number");
    expect(badHtml).toContain('value="T-1"');
    const tooMany = await form(owner, `/admin/orders/${order.id}/fulfil`, { idempotencyKey: key, carrier: "DHL", trackingNumber: "T-1", "quantity-0": "1", "quantity-1": "9" });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain("only 1 of line 1 is left to ship");
    const unchanged = await (await owner.json("GET", `/admin/api/orders/${order.id}`)).json<{ order: MerchantOrder }>();
    expect(unchanged.order.fulfilments).toEqual([]);

    const fields = { idempotencyKey: key, carrier: "DHL", trackingNumber: "T-1", "quantity-0": "1", "quantity-1": "0" };
    const shipped = await form(owner, `/admin/orders/${order.id}/fulfil`, fields);
    expect([shipped.status, shipped.headers.get("location")]).toEqual([303, `/admin/orders/${order.id}?done=shipped`]);
    // The same page submitted twice (a double click) ships once.
    expect((await form(owner, `/admin/orders/${order.id}/fulfil`, fields)).status).toBe(303);
    const after = await (await owner.fetch(`/admin/orders/${order.id}?done=shipped`)).text();
    expect(after).toContain("Shipment recorded.");
    expect(after.match(/<td>T-1<\/td>/g)).toHaveLength(1);
  });

  it("cancels an unpaid order with its button, and the shopper sees it cancelled", async () => {
    const shopper = new Shopper();
    for (const v of variants) await addToCart(shopper, v.id);
    const res = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.requiresAction));
    const { order } = await res.json<{ order: Order }>();
    expect(order.status).toBe("pending_payment");
    const html = await (await owner.fetch(`/admin/orders/${order.id}`)).text();
    expect(html).toContain(`action="/admin/orders/${order.id}/cancel"`);
    expect(html).not.toContain(`action="/admin/orders/${order.id}/fulfil"`);
    const cancelled = await form(owner, `/admin/orders/${order.id}/cancel`, {});
    expect([cancelled.status, cancelled.headers.get("location")]).toEqual([303, `/admin/orders/${order.id}?done=cancelled`]);
    const { order: mine } = await (await shopper.fetch(`/api/orders/${order.id}`)).json<{ order: Order }>();
    expect(mine.status).toBe("cancelled");
    // Once cancelled, the page no longer offers it.
    const again = await (await owner.fetch(`/admin/orders/${order.id}`)).text();
    expect(again).not.toContain(`action="/admin/orders/${order.id}/cancel"`);
  });

  it("shows a read-only member the order without its forms, and refuses their posts", async () => {
    const { order } = await paidOrder();
    const { client: reader } = await staffWithRole(owner, "read-only");
    const html = await (await reader.fetch(`/admin/orders/${order.id}`)).text();
    expect(html).toContain(`Order ${order.id}`);
    expect(html).not.toContain(`action="/admin/orders/${order.id}/fulfil"`);
    const refused = await form(reader, `/admin/orders/${order.id}/deliver`, {});
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("lacks the permission orders:write");
  });
});
