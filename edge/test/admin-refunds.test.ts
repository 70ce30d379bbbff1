import { beforeAll, describe, expect, it } from "vitest";
import type { CheckoutResponse, Order } from "../../contracts/orders/api.ts";
import type { OrderRefundListResponse, OrderRefundResponse } from "../../contracts/orders/refunds.ts";
import { AdminClient, signedInOwner, staffWithRole } from "./admin-fixtures.ts";
import { Shopper } from "./cart-fixtures.ts";
import { a11yProblems } from "./catalog-helpers.ts";
import { addToCart, CARDS, checkout, checkoutBody, ordersCaughtUp, stockedVariants, type StockedVariant } from "./checkout-fixtures.ts";

/**
 * Refunds end to end: the merchant refunds through the admin API (`/admin/api/orders/{id}/refunds`)
 * or the admin page (`/admin/orders/{id}/refund`), the sandbox provider reports the refund by
 * webhook, orders hears it on the payments feed, and the shopper sees it on their order page.
 */
let variant: StockedVariant;
let owner: AdminClient;

beforeAll(async () => {
  await ordersCaughtUp();
  const [found] = await stockedVariants(1, 41);
  if (!found) throw new Error("no variant to sell");
  variant = found;
  owner = await signedInOwner();
});

async function paidOrder(shopper: Shopper): Promise<Order> {
  await addToCart(shopper, variant.id);
  const res = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.succeeds));
  if (res.status !== 201) throw new Error(`checkout answered ${res.status}: ${await res.text()}`);
  return (await res.json<CheckoutResponse>()).order;
}

const refundApi = (client: AdminClient, orderId: string, body: unknown, key: string) =>
  client.fetch(`/admin/api/orders/${orderId}/refunds`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify(body) });

/** The order's refunds once every one of them has settled and the order has moved. */
async function settled(orderId: string): Promise<OrderRefundListResponse> {
  for (let i = 0; i < 200; i++) {
    const list = await (await owner.fetch(`/admin/api/orders/${orderId}/refunds`)).json<OrderRefundListResponse>();
    if (list.refunds.length > 0 && list.refunds.every((r) => r.status === "succeeded")) return list;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the refunds of ${orderId} did not settle`);
}

const form = (client: AdminClient, path: string, fields: Record<string, string>) => client.fetch(path, { method: "POST", body: new URLSearchParams(fields) });

describe("refunds through the admin", () => {
  it("refunds once through /admin/api for a double click, and the shopper's order page shows it", async () => {
    const shopper = new Shopper();
    const order = await paidOrder(shopper);
    const key = crypto.randomUUID();
    const [first, second] = await Promise.all([refundApi(owner, order.id, { amount: 100, reason: "late delivery" }, key), refundApi(owner, order.id, { amount: 100, reason: "late delivery" }, key)]);
    expect([first?.status, second?.status].sort()).toEqual([200, 201]);
    const ids = await Promise.all([first, second].map(async (res) => (await res?.json<OrderRefundResponse>())?.refund.id));
    expect(ids[0]).toBe(ids[1]);

    const list = await settled(order.id);
    expect(list.refunds).toHaveLength(1);
    expect(list.order).toMatchObject({ status: "partially_refunded", refundedAmount: 100, refundableAmount: order.total - 100 });

    const json = await (await shopper.fetch(`/api/orders/${order.id}`)).json<{ order: Order }>();
    expect(json.order).toMatchObject({ status: "partially_refunded", refundedTotal: 100, refunds: [{ amount: 100, status: "succeeded", reason: "late delivery" }] });
    const page = await (await shopper.fetch(`/orders/${order.id}`)).text();
    expect(a11yProblems(page)).toEqual([]);
    expect(page).toContain("Refunds");
    expect(page).toContain("$1.00");
    expect(page).toContain("late delivery");
    expect(page).toContain(new Date().toISOString().slice(0, 10));
  });

  it("refuses a refund over what was captured with 409 naming amount, through the API and beside the page's field", async () => {
    const order = await paidOrder(new Shopper());
    const api = await refundApi(owner, order.id, { amount: order.total + 1 }, crypto.randomUUID());
    expect(api.status).toBe(409);
    expect(await api.json()).toMatchObject({ error: { code: "REFUND_EXCEEDS_CAPTURED", message: expect.stringMatching(/^amount: /) } });

    const shown = await owner.fetch(`/admin/orders/${order.id}/refund`);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(a11yProblems(html)).toEqual([]);
    expect(html).not.toMatch(/<script/);
    const key = /name="key" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const over = await form(owner, `/admin/orders/${order.id}/refund`, { key, by: "amount", amount: ((order.total + 1) / 100).toFixed(2) });
    expect(over.status).toBe(409);
    expect(await over.text()).toMatch(/id="amount-error">amount: \d+ is more than/);
    expect((await owner.fetch(`/admin/api/orders/${order.id}/refunds`).then((r) => r.json<OrderRefundListResponse>())).refunds).toEqual([]);

    // A member who may read orders but not refund sees the page without the form, and cannot post it.
    const { client: reader } = await staffWithRole(owner, "read-only");
    const readOnly = await reader.fetch(`/admin/orders/${order.id}/refund`);
    expect(readOnly.status).toBe(200);
    expect(await readOnly.text()).not.toContain('name="by"');
    expect((await form(reader, `/admin/orders/${order.id}/refund`, { key, by: "amount", amount: "1.00" })).status).toBe(403);
  });

  it("refunds by lines from the page once however often the form is posted, and holds fulfilment to its limit", async () => {
    const order = await paidOrder(new Shopper());
    const html = await (await owner.fetch(`/admin/orders/${order.id}/refund`)).text();
    expect(html).toContain('name="qty_0"');
    const key = /name="key" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const fields = { key, by: "lines", qty_0: "1", reason: "returned" };
    const posted = await form(owner, `/admin/orders/${order.id}/refund`, fields);
    expect(posted.status).toBe(303);
    const again = await form(owner, `/admin/orders/${order.id}/refund`, fields);
    expect(again.headers.get("location")).toBe(posted.headers.get("location"));
    const list = await settled(order.id);
    // By lines gives back what the goods were paid; shipping and tax stay until refunded by amount.
    const paid = list.order.lines[0]?.paid ?? 0;
    expect(list.refunds.map((r) => [r.amount, r.reason, r.lines])).toEqual([[paid, "returned", [{ position: 0, quantity: 1, amount: paid }]]]);
    expect(list.order).toMatchObject({ status: order.total > paid ? "partially_refunded" : "refunded", lines: [{ position: 0, refundedQuantity: 1 }] });

    const audit = await (await owner.fetch(`/admin/api/audit?target=${encodeURIComponent(`/orders/${order.id}/refunds`)}`)).json<{ entries: { action: string }[] }>();
    expect(audit.entries.length).toBeGreaterThanOrEqual(1);
    expect(audit.entries.every((e) => e.action === "post /orders/{id}/refunds")).toBe(true);

    const bad = await form(owner, `/admin/orders/${order.id}/refund`, { key: crypto.randomUUID(), by: "amount", amount: "twelve" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Enter an amount such as 12.50");

    const { client: fulfiller } = await staffWithRole(owner, "fulfilment");
    const other = await paidOrder(new Shopper());
    const limited = await refundApi(fulfiller, other.id, { amount: 10_001 }, crypto.randomUUID());
    expect(limited.status).toBe(403);
    expect(await limited.json()).toMatchObject({ error: { code: "REFUND_LIMIT_EXCEEDED", details: { limit: 10_000 } } });
  });
});
