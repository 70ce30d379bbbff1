import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A bounded checkout load through the storefront, as real clients behave: each shopper opens a
 * session, adds two lines, reads the cart back, and checks out with one Idempotency-Key, retrying
 * that same key on 5xx, timeouts and refused connections (and on CHECKOUT_IN_PROGRESS) until a
 * deadline; every other shopper double-clicks (two copies of the checkout at once). Every
 * request is counted by outcome; every acknowledgement is remembered so the
 * checks can compare what shoppers were told with what the databases hold.
 */
export interface Tally {
  sent: number;
  succeeded: number;
  /** Failures by HTTP status, or "network" / "timeout". */
  failed: Record<string, number>;
}

export interface Journey {
  email: string;
  /** Variants whose add-to-cart was acknowledged (2xx). */
  added: string[];
  /** Acknowledged lines the cart no longer showed before checkout. */
  lostLines: number;
  /** Order ids the checkout answers named (all retries of one key must name one). */
  orderIds: Set<string>;
  outcome: "ordered" | "declined" | "gave_up" | "no_cart";
}

export interface Load {
  tally: Tally;
  journeys: Journey[];
  /** Asks the shoppers to finish their current journey and stop; resolves once they have. */
  stop(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 15_000;
const STEP_DEADLINE_MS = 90_000;
const address = { name: "Fault Shopper", line1: "1 Loop Road", city: "Localhost", postalCode: "12345", country: "US" };
const card = { card: "4242424242424242", expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: "123" };

type Answer = { status: number; body: unknown; headers: Headers } | { status: "network" | "timeout" };

function retryable(answer: Answer): boolean {
  if (answer.status === "network" || answer.status === "timeout") return true;
  if (answer.status >= 500) return true;
  if (answer.status === 429) return true;
  const code = ("body" in answer ? (answer.body as { error?: { code?: string } } | undefined) : undefined)?.error?.code;
  return answer.status === 409 && code === "CHECKOUT_IN_PROGRESS";
}

export interface ShopperOptions {
  shoppers: number;
  label: string;
  /**
   * False: a shopper sends the checkout once and walks away whatever the answer (a closed tab),
   * so a payment the crash left in processing has nobody to finish it but reconciliation.
   */
  retryCheckout?: boolean;
}

export function startShoppers(edgeUrl: string, variants: readonly string[], options: ShopperOptions): Load {
  const tally: Tally = { sent: 0, succeeded: 0, failed: {} };
  const journeys: Journey[] = [];
  let stopping = false;

  async function send(path: string, init: RequestInit = {}): Promise<Answer> {
    tally.sent++;
    let answer: Answer;
    try {
      const res = await fetch(`${edgeUrl}${path}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      answer = { status: res.status, body, headers: res.headers };
    } catch (err) {
      answer = { status: err instanceof Error && err.name === "TimeoutError" ? "timeout" : "network" };
    }
    if (typeof answer.status === "number" && answer.status < 400) tally.succeeded++;
    else {
      const code = "body" in answer ? (answer.body as { error?: { code?: string } } | undefined)?.error?.code : undefined;
      const key = code ? `${answer.status} ${code}` : String(answer.status);
      tally.failed[key] = (tally.failed[key] ?? 0) + 1;
    }
    return answer;
  }

  /** Sends until an answer that is not worth retrying, or the deadline. */
  async function persist(path: string, init: () => RequestInit): Promise<Answer> {
    const deadline = Date.now() + STEP_DEADLINE_MS;
    let wait = 200;
    for (;;) {
      const answer = await send(path, init());
      if (!retryable(answer) || Date.now() > deadline) return answer;
      await sleep(wait);
      wait = Math.min(2_000, wait * 2);
    }
  }

  async function journey(n: number): Promise<void> {
    const email = `faults-${options.label}-${n}-${randomUUID().slice(0, 8)}@example.test`;
    const j: Journey = { email, added: [], lostLines: 0, orderIds: new Set(), outcome: "no_cart" };
    journeys.push(j);
    const opened = await persist("/api/cart", () => ({}));
    const cookie = "headers" in opened ? opened.headers.get("set-cookie")?.split(";")[0] : undefined;
    if (!cookie) return;
    const headers = { cookie, "content-type": "application/json" };
    for (const variantId of [variants[(2 * n) % variants.length], variants[(2 * n + 1) % variants.length]]) {
      if (!variantId) continue;
      // A retried add whose first answer was lost may add the quantity twice; only lost lines count.
      const added = await persist("/api/cart/items", () => ({ method: "POST", headers, body: JSON.stringify({ variantId, quantity: 1 }) }));
      if (added.status === 200) j.added.push(variantId);
    }
    // Mid-session: the cart must still hold every line it acknowledged.
    const read = await persist("/api/cart", () => ({ headers }));
    const lines = read.status === 200 ? ((read.body as { cart: { lines: { variantId: string }[] } }).cart.lines.map((l) => l.variantId)) : [];
    if (read.status === 200) j.lostLines = j.added.filter((v) => !lines.includes(v)).length;
    if (lines.length === 0) return;
    const key = randomUUID();
    const checkout = () => ({ method: "POST", headers: { ...headers, "idempotency-key": key }, body: JSON.stringify({ email, shippingAddress: address, payment: card }) });
    // Every other shopper double-clicks: two copies of the checkout at once, with the one key.
    const copies = n % 2 === 0 ? 2 : 1;
    const answers = await Promise.all(
      Array.from({ length: copies }, () => (options.retryCheckout === false ? send("/api/checkout", checkout()) : persist("/api/checkout", checkout))),
    );
    let orderId: string | undefined;
    for (const answer of answers) {
      const body = "body" in answer ? (answer.body as { order?: { id?: string }; error?: { details?: { orderId?: string } } }) : undefined;
      const id = body?.order?.id ?? body?.error?.details?.orderId;
      if (id) j.orderIds.add(id);
      orderId ??= id;
    }
    const paid = answers.find((a) => a.status === 200 || a.status === 201) ?? answers[0] ?? { status: "network" as const };
    // One more ask with the same key, as a client that lost the answer would: it must name the same order.
    if (orderId && paid.status !== 402 && options.retryCheckout !== false) {
      const again = await persist("/api/checkout", checkout);
      const id = "body" in again ? (again.body as { order?: { id?: string } }).order?.id : undefined;
      if (id) j.orderIds.add(id);
    }
    j.outcome = paid.status === 200 || paid.status === 201 ? "ordered" : paid.status === 402 ? "declined" : "gave_up";
  }

  let next = 0;
  const loops = Array.from({ length: options.shoppers }, async () => {
    while (!stopping) await journey(next++);
  });
  return {
    tally,
    journeys,
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}
