import { z } from "zod";
import { badRequest } from "../../../platform/errors.ts";
import { CURRENCIES, isCurrency } from "../../../domain/money.ts";
import type { SandboxChargeRow, SandboxRefundRow } from "../schema.ts";
import type { ProviderCharge, ProviderEvent, ProviderRefund, ProviderRefundStatus, ProviderStatus } from "./provider.ts";

/** The sandbox's webhook body: one event naming the charge and where it stands now. */
export interface SandboxEventBody {
  id: string;
  type: `charge.${ProviderStatus}`;
  created: number;
  data: { charge: { id: string; reference: string; status: ProviderStatus; amount: number; currency: string; failureReason: string | null } };
}

/** A refund's webhook body: sent once the refund settled (`refund.succeeded` or `refund.failed`). */
export interface SandboxRefundEventBody {
  id: string;
  type: `refund.${ProviderRefundStatus}`;
  created: number;
  data: { refund: { id: string; reference: string; charge: string; status: ProviderRefundStatus; amount: number; currency: string; failureReason: string | null } };
}

const STATUSES = ["succeeded", "failed", "requires_action", "cancelled"] as const;

const REFUND_STATUSES = ["pending", "succeeded", "failed"] as const;

const chargeSchema = z.object({
  id: z.string().min(1).max(100),
  reference: z.string().min(1).max(100),
  status: z.enum(STATUSES),
  amount: z.number().int(),
  currency: z.enum(CURRENCIES),
  failureReason: z.string().max(100).nullable(),
});

const refundSchema = z.object({
  id: z.string().min(1).max(100),
  reference: z.string().min(1).max(100),
  charge: z.string().min(1).max(100),
  status: z.enum(REFUND_STATUSES),
  amount: z.number().int(),
  currency: z.enum(CURRENCIES),
  failureReason: z.string().max(100).nullable(),
});

const envelope = { id: z.string().min(1).max(100), type: z.string().min(1).max(100), created: z.number() };
const eventSchema = z.union([z.object({ ...envelope, data: z.object({ charge: chargeSchema }) }), z.object({ ...envelope, data: z.object({ refund: refundSchema }) })]);

export function chargeOf(row: SandboxChargeRow): ProviderCharge {
  const status = row.status as ProviderStatus;
  if (!STATUSES.includes(status) || !isCurrency(row.currency)) throw new Error(`sandbox charge ${row.id} is corrupt`);
  const charge: ProviderCharge = { ref: row.id, reference: row.reference, status, amount: row.amount, currency: row.currency };
  if (row.failureReason) charge.failureReason = row.failureReason;
  return charge;
}

export function eventBody(id: string, charge: ProviderCharge, now = Date.now()): SandboxEventBody {
  return {
    id,
    type: `charge.${charge.status}`,
    created: Math.floor(now / 1000),
    data: {
      charge: {
        id: charge.ref,
        reference: charge.reference,
        status: charge.status,
        amount: charge.amount,
        currency: charge.currency,
        failureReason: charge.failureReason ?? null,
      },
    },
  };
}

/** A sandbox refund as the provider reports it at `now`: pending until it settles. */
export function refundOf(row: SandboxRefundRow, now = Date.now()): ProviderRefund {
  const settled = row.settlesAt.getTime() <= now;
  const outcome = row.outcome as ProviderRefundStatus;
  if (!REFUND_STATUSES.includes(outcome) || !isCurrency(row.currency)) throw new Error(`sandbox refund ${row.id} is corrupt`);
  const refund: ProviderRefund = { ref: row.id, reference: row.idempotencyKey, chargeRef: row.chargeId, status: settled ? outcome : "pending", amount: row.amount, currency: row.currency };
  if (settled && row.failureReason) refund.failureReason = row.failureReason;
  return refund;
}

export function refundEventBody(id: string, refund: ProviderRefund, now = Date.now()): SandboxRefundEventBody {
  return {
    id,
    type: `refund.${refund.status}`,
    created: Math.floor(now / 1000),
    data: {
      refund: {
        id: refund.ref,
        reference: refund.reference,
        charge: refund.chargeRef,
        status: refund.status,
        amount: refund.amount,
        currency: refund.currency,
        failureReason: refund.failureReason ?? null,
      },
    },
  };
}

export function parseEventBody(rawBody: string): ProviderEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw badRequest("webhook body must be valid JSON");
  }
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) throw badRequest("webhook body is not a sandbox event");
  const { id, type, data } = parsed.data;
  if ("refund" in data) {
    const { id: ref, charge: chargeRef, failureReason, ...rest } = data.refund;
    return { id, type, kind: "refund", refund: { ref, chargeRef, ...rest, ...(failureReason ? { failureReason } : {}) } };
  }
  const charge: ProviderCharge = {
    ref: data.charge.id,
    reference: data.charge.reference,
    status: data.charge.status,
    amount: data.charge.amount,
    currency: data.charge.currency,
  };
  if (data.charge.failureReason) charge.failureReason = data.charge.failureReason;
  return { id, type, kind: "charge", charge };
}
