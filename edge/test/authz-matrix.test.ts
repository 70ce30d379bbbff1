import { beforeAll, describe, expect, it } from "vitest";
import type { CartView } from "../../domain/cart-view.ts";
import type { Order } from "../../contracts/orders/api.ts";
import { createAccount } from "./account-fixtures.ts";
import { Shopper } from "./cart-fixtures.ts";
import { addToCart, CARDS, checkout, checkoutBody, ordersCaughtUp, stockedVariants } from "./checkout-fixtures.ts";

/**
 * The authorization matrix: two guests (A, B), two customers (C, D) and a visitor with no
 * session at all, each owner with a paid order, a cart line and (A and C) an order waiting for
 * the payment's extra step. Every route that reads or changes owned data is then called by every
 * other principal with the owner's ids: the answer is a refusal (404, or 401/403) that names
 * nothing of the owner's, and the owner's cart and orders read the same afterwards.
 */
interface Principal {
  name: string;
  shopper: Shopper;
  orderIds: string[];
  /** An order paused at the payment's extra step, which a confirmation would change. */
  pendingOrderId?: string;
  lineIds: string[];
  secrets: string[];
}

const SAME_ORIGIN = { "sec-fetch-site": "same-origin" };
let principals: Principal[] = [];
let anonymous: Principal;
let calls = 0;

async function placeOrder(shopper: Shopper, variantId: string, card: string): Promise<Order> {
  await addToCart(shopper, variantId);
  const res = await checkout(shopper, crypto.randomUUID(), checkoutBody(card));
  if (res.status !== 201) throw new Error(`checkout answered ${res.status}: ${await res.text()}`);
  return (await res.json<{ order: Order }>()).order;
}

async function owner(name: string, shopper: Shopper, variantId: string, pending: boolean): Promise<Principal> {
  const paid = await placeOrder(shopper, variantId, CARDS.succeeds);
  const orderIds = [paid.id];
  let pendingOrderId: string | undefined;
  if (pending) {
    const waiting = await placeOrder(shopper, variantId, CARDS.requiresAction);
    pendingOrderId = waiting.id;
    orderIds.push(waiting.id);
  } else {
    await addToCart(shopper, variantId, 2);
  }
  const cart = await shopper.cart();
  const lineIds = cart.lines.map((l) => l.id);
  if (lineIds.length === 0) throw new Error(`${name} has no cart line`);
  return { name, shopper, orderIds, lineIds, secrets: [...orderIds, ...lineIds, cart.id], ...(pendingOrderId ? { pendingOrderId } : {}) };
}

/** What must not change: the owner's cart lines and orders as the owner sees them. */
async function stateOf(p: Principal): Promise<unknown> {
  const cart: CartView = await p.shopper.cart();
  const orders = (await (await p.shopper.fetch("/api/orders")).json<{ orders: Order[] }>()).orders;
  return { lines: cart.lines.map((l) => [l.id, l.quantity]), orders: orders.map((o) => [o.id, o.status, o.payment?.status]) };
}

beforeAll(async () => {
  await ordersCaughtUp();
  const [variant] = await stockedVariants(1, 20);
  if (!variant) throw new Error("no variant to sell");
  const tag = crypto.randomUUID().slice(0, 8);
  const [c, d] = await Promise.all([createAccount(`authz-c-${tag}@example.com`, "correct horse battery C"), createAccount(`authz-d-${tag}@example.com`, "correct horse battery D")]);
  principals = await Promise.all([
    owner("guest A", new Shopper(), variant.id, true),
    owner("guest B", new Shopper(), variant.id, false),
    owner("customer C", c, variant.id, true),
    owner("customer D", d, variant.id, false),
  ]);
  anonymous = { name: "no session", shopper: new Shopper(), orderIds: [], lineIds: [], secrets: [] };
}, 120_000);

type Attempt = { label: string; send: (as: Shopper) => Promise<Response>; refused: readonly number[] };

/** The owner's ids, put into every route that reads or changes owned data. */
function attemptsOn(target: Principal): Attempt[] {
  const refused = [401, 403, 404] as const;
  const attempts: Attempt[] = [];
  for (const id of target.orderIds) {
    attempts.push(
      { label: `GET /api/orders/${id}`, send: (s) => s.fetch(`/api/orders/${id}`), refused },
      { label: `GET /orders/${id}`, send: (s) => s.fetch(`/orders/${id}`), refused },
      { label: `GET /orders/${id}/confirm-payment`, send: (s) => s.fetch(`/orders/${id}/confirm-payment`), refused },
    );
    for (const action of ["confirm", "cancel"]) {
      attempts.push(
        { label: `POST /api/orders/${id}/payment-confirmation ${action}`, send: (s) => s.json(`/api/orders/${id}/payment-confirmation`, "POST", { action }), refused },
        { label: `POST /orders/${id}/confirm-payment ${action}`, send: (s) => s.form(`/orders/${id}/confirm-payment`, { action }, SAME_ORIGIN), refused },
      );
    }
  }
  for (const lineId of target.lineIds) {
    // The caller's own cart has no such line; a held cart of the caller's may say 409 instead.
    const line = [...refused, 409] as const;
    attempts.push(
      { label: `PATCH /api/cart/items/${lineId}`, send: (s) => s.json(`/api/cart/items/${lineId}`, "PATCH", { quantity: 5 }), refused: line },
      { label: `DELETE /api/cart/items/${lineId}`, send: (s) => s.fetch(`/api/cart/items/${lineId}`, { method: "DELETE" }), refused: line },
      { label: `POST /cart/lines/${lineId} update`, send: (s) => s.form(`/cart/lines/${lineId}`, { action: "update", quantity: "5" }, SAME_ORIGIN), refused: line },
      { label: `POST /cart/lines/${lineId} remove`, send: (s) => s.form(`/cart/lines/${lineId}`, { action: "remove" }, SAME_ORIGIN), refused: line },
    );
  }
  return attempts;
}

/** Reads of "my" data: answered, but only with the caller's own. */
const OWN_READS = ["/api/cart", "/api/orders", "/api/account/me", "/cart", "/orders", "/account", "/checkout"];

describe("the authorization matrix", () => {
  it("no principal reads or changes another's cart, orders or payment step", async () => {
    const everyone = () => [...principals, anonymous];
    const before = await Promise.all(principals.map(stateOf));
    const failures: string[] = [];
    for (const target of principals) {
      for (const caller of everyone()) {
        if (caller === target) continue;
        for (const attempt of attemptsOn(target)) {
          const res = await attempt.send(caller.shopper);
          calls++;
          const text = await res.text();
          if (!attempt.refused.includes(res.status)) failures.push(`${caller.name} → ${target.name}: ${attempt.label} answered ${res.status}`);
          const leaked = target.secrets.filter((s) => text.includes(s) && !attempt.label.includes(s));
          if (leaked.length > 0) failures.push(`${caller.name} → ${target.name}: ${attempt.label} showed ${leaked.join(", ")}`);
        }
      }
    }
    for (const caller of everyone()) {
      for (const path of OWN_READS) {
        const res = await caller.shopper.fetch(path);
        calls++;
        if (res.status >= 500) failures.push(`${caller.name}: GET ${path} answered ${res.status}`);
        const text = await res.text();
        for (const target of principals) {
          if (target === caller) continue;
          const leaked = target.secrets.filter((s) => text.includes(s));
          if (leaked.length > 0) failures.push(`${caller.name}: GET ${path} showed ${target.name}'s ${leaked.join(", ")}`);
        }
      }
    }
    console.log(`authorization matrix: ${calls} cross-principal calls`);
    expect(failures).toEqual([]);
    expect(await Promise.all(principals.map(stateOf))).toEqual(before);
  });

  it("the owners themselves can still see and act on what is theirs (the matrix refused for the right reason)", async () => {
    for (const p of principals) {
      for (const id of p.orderIds) expect((await p.shopper.fetch(`/api/orders/${id}`)).status).toBe(200);
      if (p.pendingOrderId) {
        const order = (await (await p.shopper.fetch(`/api/orders/${p.pendingOrderId}`)).json<{ order: Order }>()).order;
        expect(order.status).toBe("pending_payment");
        expect(order.payment?.status).toBe("requires_action");
      }
    }
  });
});
