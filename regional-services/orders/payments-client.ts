import { errorBodySchema } from "../../contracts/errors.ts";
import { z } from "zod";
import { AppError, relayedError } from "../../platform/errors.ts";
import { signedFetch } from "../../platform/signed-fetch.ts";
import { fetchFeed } from "../shared/feed-client.ts";
import type { OutboxEvent } from "../shared/outbox.ts";

/**
 * The orders service's calls to the payments service, signed as a sibling service. Creating a
 * payment is idempotent on the order id (it is the Idempotency-Key), so a retry after a lost
 * answer finds the same payment instead of charging again.
 */
const paymentSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  status: z.enum(["processing", "succeeded", "failed", "requires_action", "cancelled"]),
  amount: z.number().int(),
  currency: z.string(),
  brand: z.string().nullish(),
  last4: z.string().nullish(),
  failureReason: z.string().nullish(),
});
export type Payment = z.output<typeof paymentSchema>;

const errorSchema = errorBodySchema;

export interface CreatePayment {
  orderId: string;
  amount: number;
  currency: string;
  token: string;
}

export interface PaymentsClient {
  create(input: CreatePayment, requestId?: string): Promise<Payment>;
  confirm(paymentId: string, requestId?: string): Promise<Payment>;
  cancel(paymentId: string, requestId?: string): Promise<Payment>;
}

/** Reading payments without changing anything: one payment as it stands, and the payments feed. */
export interface PaymentsReader {
  get(paymentId: string, requestId?: string): Promise<Payment>;
  /** One page of payments' outbox feed after `after`; throws when payments cannot be reached. */
  events(after: number): Promise<OutboxEvent[]>;
}

/** Payments could not be reached or failed on its side: the outcome is unknown, retrying is safe. */
export function paymentsUnavailable(): AppError {
  return new AppError("PAYMENT_UNAVAILABLE", "the payment service is unavailable; retry with the same Idempotency-Key");
}

async function call(
  baseUrl: string,
  secret: string,
  path: string,
  options: { method?: "GET"; json?: unknown; idempotencyKey?: string; requestId?: string | undefined },
): Promise<Payment> {
  let res: Response;
  try {
    res = await signedFetch(secret, baseUrl, path, {
      method: options.method ?? "POST",
      ...(options.method === "GET" ? {} : { json: options.json ?? {} }),
      headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
      requestId: options.requestId,
      timeoutMs: 10_000,
    });
  } catch {
    throw paymentsUnavailable();
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) {
    const parsed = z.object({ payment: paymentSchema }).safeParse(body);
    if (!parsed.success) throw paymentsUnavailable();
    return parsed.data.payment;
  }
  const error = errorSchema.safeParse(body);
  if (res.status < 500 && error.success) {
    // A refusal (bad token, payment in the wrong state) is definite: pass it on as payments said it.
    throw relayedError(error.data);
  }
  throw paymentsUnavailable();
}

/** The payments client over HTTP, each call signed with the service secret. */
export function httpPaymentsClient(options: { baseUrl: string; secret: string }): PaymentsClient & PaymentsReader {
  const { baseUrl, secret } = options;
  return {
    create: (input, requestId) => call(baseUrl, secret, "/payments", { json: input, idempotencyKey: input.orderId, requestId }),
    confirm: (paymentId, requestId) => call(baseUrl, secret, `/payments/${encodeURIComponent(paymentId)}/confirm`, { requestId }),
    cancel: (paymentId, requestId) => call(baseUrl, secret, `/payments/${encodeURIComponent(paymentId)}/cancel`, { requestId }),
    get: (paymentId, requestId) => call(baseUrl, secret, `/payments/${encodeURIComponent(paymentId)}`, { method: "GET", requestId }),
    events: (after) => fetchFeed(baseUrl, secret, after),
  };
}
