import type { PaymentView, RefundListResponse, RefundRequest, RefundResponse } from "../../contracts/payments/api.ts";
import { paymentResponseSchema, refundListResponseSchema, refundResponseSchema } from "../../contracts/payments/api.ts";
import { cancelPaymentRoute, confirmPaymentRoute, createPaymentRoute, getPaymentRoute, listRefundsRoute, refundPaymentRoute } from "../../contracts/payments/routes.ts";
import { AppError } from "../../platform/errors.ts";
import { callRoute, type RouteInput, type Transport } from "../../platform/route-client.ts";
import { signedFetch } from "../../platform/signed-fetch.ts";
import type { RouteConfig } from "@hono/zod-openapi";
import type { z } from "zod";
import { fetchFeed } from "../shared/feed-client.ts";
import type { OutboxEvent } from "../shared/outbox.ts";

/**
 * The orders service's calls to the payments service, signed as a sibling service, typed by the
 * routes payments mounts (contracts/payments/routes.ts). Creating a payment is idempotent on the
 * order id (it is the Idempotency-Key), so a retry after a lost answer finds the same payment
 * instead of charging again.
 */
export type Payment = PaymentView;

export interface CreatePayment {
  orderId: string;
  amount: number;
  currency: PaymentView["currency"];
  token: string;
}

export interface PaymentsClient extends PaymentsRefunds {
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

/** Refunding through payments: idempotent on `idempotencyKey`, capped there at what was captured. */
export interface PaymentsRefunds {
  refund(paymentId: string, idempotencyKey: string, request: RefundRequest, requestId?: string): Promise<RefundResponse & { created: boolean }>;
  refunds(paymentId: string, requestId?: string): Promise<RefundListResponse>;
}

/** Payments could not be reached or failed on its side: the outcome is unknown, retrying is safe. */
export function paymentsUnavailable(): AppError {
  return new AppError("PAYMENT_UNAVAILABLE", "the payment service is unavailable; retry with the same Idempotency-Key");
}

/** signedFetch to payments; a lost connection or a 5xx is PAYMENT_UNAVAILABLE (outcome unknown), never SERVICE_UNAVAILABLE. */
function transport(baseUrl: string, secret: string, requestId: string | undefined): Transport {
  return async (method, path, options) => {
    let res: Response;
    try {
      res = await signedFetch(secret, baseUrl, path, { method, ...options, requestId, timeoutMs: 10_000 });
    } catch {
      throw paymentsUnavailable();
    }
    if (res.status >= 500) {
      await res.body?.cancel();
      throw paymentsUnavailable();
    }
    return res;
  };
}

/**
 * One call: a refusal (bad token, payment in the wrong state) is definite and passed on as
 * payments said it; an answer that is not an error body or not a payment is an unknown outcome.
 */
async function call<R extends RouteConfig>(baseUrl: string, secret: string, route: R, input: RouteInput<R>, requestId: string | undefined): Promise<Payment> {
  return (await callFor(paymentResponseSchema, baseUrl, secret, route, input, requestId)).body.payment;
}

async function callFor<R extends RouteConfig, S extends z.ZodType>(schema: S, baseUrl: string, secret: string, route: R, input: RouteInput<R>, requestId: string | undefined): Promise<{ status: number; body: z.output<S> }> {
  let answer: { status: number; body: unknown };
  try {
    answer = await callRoute("payments", route, input, transport(baseUrl, secret, requestId));
  } catch (err) {
    if (err instanceof AppError && err.code === "SERVICE_UNAVAILABLE") throw paymentsUnavailable();
    throw err;
  }
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) throw paymentsUnavailable();
  return { status: answer.status, body: parsed.data };
}

/** The payments client over HTTP, each call signed with the service secret. */
export function httpPaymentsClient(options: { baseUrl: string; secret: string }): PaymentsClient & PaymentsReader {
  const { baseUrl, secret } = options;
  return {
    create: (input, requestId) => call(baseUrl, secret, createPaymentRoute, { json: input, idempotencyKey: input.orderId }, requestId),
    confirm: (paymentId, requestId) => call(baseUrl, secret, confirmPaymentRoute, { params: { id: paymentId } }, requestId),
    cancel: (paymentId, requestId) => call(baseUrl, secret, cancelPaymentRoute, { params: { id: paymentId } }, requestId),
    get: (paymentId, requestId) => call(baseUrl, secret, getPaymentRoute, { params: { id: paymentId } }, requestId),
    events: (after) => fetchFeed(baseUrl, secret, after),
    async refund(paymentId, idempotencyKey, request, requestId) {
      const { status, body } = await callFor(refundResponseSchema, baseUrl, secret, refundPaymentRoute, { params: { id: paymentId }, json: request, idempotencyKey }, requestId);
      return { ...body, created: status === 201 };
    },
    refunds: async (paymentId, requestId) => (await callFor(refundListResponseSchema, baseUrl, secret, listRefundsRoute, { params: { id: paymentId } }, requestId)).body,
  };
}
