import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { AppError } from "../../platform/errors.ts";
import type { PaymentRequest, PaymentView } from "../../contracts/payments/api.ts";
import type { PaymentsDeps } from "./deps.ts";
import type { PaymentMethod } from "./providers/provider.ts";
import { newId } from "./ids.ts";
import { callProvider } from "./provider-call.ts";
import { payments, type PaymentRow } from "./schema.ts";
import { applyCharge } from "./transitions.ts";
import { findPayment, toView } from "./views.ts";

export interface CreatedPayment {
  payment: PaymentView;
  /** False when the Idempotency-Key had been seen: the answer is that earlier payment. */
  created: boolean;
}

const unknownToken = () =>
  new AppError("VALIDATION_FAILED", "token: unknown payment token", { issues: [{ path: "token", message: "unknown payment token" }] });

/**
 * `POST /payments`: one payment per Idempotency-Key, however many times and however concurrently
 * the key is sent. The unique key decides which request creates the row; the others wait for its
 * outcome and answer with the same payment.
 *
 * A first request is the usual one, so the card is looked up first and a repeat is found by its
 * key's conflict; a repeat is answered with its payment whatever the provider says of the card now.
 */
export async function createPayment(deps: PaymentsDeps, idempotencyKey: string, request: PaymentRequest): Promise<CreatedPayment> {
  const method = await paymentMethodOrRefusal(deps, request.token);
  if (method instanceof AppError) {
    const seen = await findByKey(deps, idempotencyKey);
    if (seen) return replay(deps, seen, request);
    throw method;
  }
  const [inserted] = await deps.db
    .insert(payments)
    .values({
      id: newId("pay"),
      orderId: request.orderId,
      idempotencyKey,
      amount: request.amount,
      currency: request.currency,
      provider: deps.provider.name,
      token: request.token,
      brand: method.brand,
      last4: method.last4,
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted) {
    const winner = await findByKey(deps, idempotencyKey);
    if (winner) return replay(deps, winner, request);
    throw new AppError("PAYMENT_EXISTS", `order ${request.orderId} already has a payment`);
  }
  return { payment: toView(await authorize(deps, inserted)), created: true };
}

/** The card behind the token, or the refusal to answer with when the request is not a repeat. */
async function paymentMethodOrRefusal(deps: PaymentsDeps, token: string): Promise<PaymentMethod | AppError> {
  try {
    return (await callProvider("paymentMethod", () => deps.provider.paymentMethod(token))) ?? unknownToken();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

async function findByKey(deps: PaymentsDeps, key: string): Promise<PaymentRow | undefined> {
  const [row] = await deps.db.select().from(payments).where(eq(payments.idempotencyKey, key));
  return row;
}

/** Asks the provider to charge; the provider dedupes on the payment id, so asking twice is harmless. */
async function authorize(deps: PaymentsDeps, row: PaymentRow): Promise<PaymentRow> {
  const charge = await callProvider("createPayment", () =>
    deps.provider.createPayment({ reference: row.id, amount: row.amount, currency: requestOf(row).currency, token: row.token }),
  );
  return (await applyCharge(deps.db, row, charge)).payment;
}

function requestOf(row: PaymentRow): PaymentRequest {
  return { orderId: row.orderId, amount: row.amount, currency: row.currency as PaymentRequest["currency"], token: row.token };
}

async function replay(deps: PaymentsDeps, row: PaymentRow, sent: PaymentRequest): Promise<CreatedPayment> {
  const first = requestOf(row);
  if (first.orderId !== sent.orderId || first.amount !== sent.amount || first.currency !== sent.currency || first.token !== sent.token) {
    throw new AppError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different payment request");
  }
  const settled = await waitWhileProcessing(deps, row);
  // Still processing: the first request died before hearing back. Finish its work for it.
  const payment = settled.status === "processing" ? await authorize(deps, settled) : settled;
  return { payment: toView(payment), created: false };
}

async function waitWhileProcessing(deps: PaymentsDeps, row: PaymentRow): Promise<PaymentRow> {
  const deadline = Date.now() + (deps.replayWaitMs ?? 3000);
  let current = row;
  while (current.status === "processing" && Date.now() < deadline) {
    await sleep(20);
    current = (await findPayment(deps.db, row.id)) ?? current;
  }
  return current;
}
