import { eq } from "drizzle-orm";
import { isCurrency } from "../../domain/money.ts";
import { notFound } from "../../platform/errors.ts";
import type { PaymentView } from "../../contracts/payments/api.ts";
import { isPaymentStatus } from "../../domain/payment-state.ts";
import type { PaymentsDb } from "./db.ts";
import { payments, type PaymentRow } from "./schema.ts";

/** A payment row as the API shows it: no token, no provider reference. */
export function toView(row: PaymentRow): PaymentView {
  if (!isPaymentStatus(row.status) || !isCurrency(row.currency)) throw new Error(`payment ${row.id} is corrupt`);
  const view: PaymentView = {
    id: row.id,
    orderId: row.orderId,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    brand: row.brand,
    last4: row.last4,
  };
  if (row.failureReason) view.failureReason = row.failureReason;
  return view;
}

export async function findPayment(db: PaymentsDb, id: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row;
}

export async function getPayment(db: PaymentsDb, id: string): Promise<PaymentRow> {
  const row = await findPayment(db, id);
  if (!row) throw notFound(`no payment ${id}`);
  return row;
}
