import { z } from "zod";
import { badRequest } from "../../../platform/errors.ts";
import { CURRENCIES, isCurrency } from "../../../domain/money.ts";
import type { SandboxChargeRow } from "../schema.ts";
import type { ProviderCharge, ProviderEvent, ProviderStatus } from "./provider.ts";

/** The sandbox's webhook body: one event naming the charge and where it stands now. */
export interface SandboxEventBody {
  id: string;
  type: `charge.${ProviderStatus}`;
  created: number;
  data: { charge: { id: string; reference: string; status: ProviderStatus; amount: number; currency: string; failureReason: string | null } };
}

const STATUSES = ["succeeded", "failed", "requires_action", "cancelled"] as const;

const eventSchema = z.object({
  id: z.string().min(1).max(100),
  type: z.string().min(1).max(100),
  created: z.number(),
  data: z.object({
    charge: z.object({
      id: z.string().min(1).max(100),
      reference: z.string().min(1).max(100),
      status: z.enum(STATUSES),
      amount: z.number().int(),
      currency: z.enum(CURRENCIES),
      failureReason: z.string().max(100).nullable(),
    }),
  }),
});

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
  const charge: ProviderCharge = {
    ref: data.charge.id,
    reference: data.charge.reference,
    status: data.charge.status,
    amount: data.charge.amount,
    currency: data.charge.currency,
  };
  if (data.charge.failureReason) charge.failureReason = data.charge.failureReason;
  return { id, type, charge };
}
