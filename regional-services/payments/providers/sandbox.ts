import { and, eq, sql } from "drizzle-orm";
import type { TypedQueryBuilder } from "drizzle-orm/query-builders/query-builder";
import { checkCard, yearMonthOf, type CardBrand } from "../../../domain/cards.ts";
import { AppError, notFound } from "../../../platform/errors.ts";
import type { PaymentsDb, PaymentsTx } from "../db.ts";
import { newId } from "../ids.ts";
import { sandboxCharges, sandboxRefunds, sandboxTokens, sandboxWebhookEvents } from "../schema.ts";
import type { CardDetails, ChargeRequest, PaymentMethod, PaymentProvider, ProviderCharge, ProviderEvent, ProviderRefund, ProviderStatus, RefundRequest } from "./provider.ts";
import { RecentCards, type StoredCard } from "./recent-cards.ts";
import { behaviourOf, isCardBehaviour, type CardBehaviour } from "./sandbox-cards.ts";
import { chargeOf, eventBody, parseEventBody, refundEventBody, refundOf } from "./sandbox-events.ts";
import { SANDBOX_SIGNATURE_HEADER, verifyWebhookSignature } from "./sandbox-signature.ts";

export interface SandboxOptions {
  db: PaymentsDb;
  webhookSecret: string;
  /** Called after a webhook event was stored: time to deliver it (`afterMs` from now, when it is due later). */
  onEvent?: (afterMs?: number) => void;
  now?: () => Date;
  /** How long a refund stays pending before it settles and its webhook is sent. */
  refundSettleMs?: number;
}

const DEFAULT_REFUND_SETTLE_MS = 100;

const OUTCOME: Record<CardBehaviour, { status: ProviderStatus; failureReason?: string }> = {
  succeed: { status: "succeeded" },
  decline: { status: "failed", failureReason: "card_declined" },
  require_action: { status: "requires_action" },
  refund_fails: { status: "succeeded" },
};

/** How a refund of a charge made with the card settles. */
const REFUND_OUTCOME = (behaviour: CardBehaviour | undefined): { outcome: "succeeded" | "failed"; failureReason: string | null } =>
  behaviour === "refund_fails" ? { outcome: "failed", failureReason: "expired_or_canceled_card" } : { outcome: "succeeded", failureReason: null };

/** A stored card as the merchant sees it: without what charging it does. */
function methodOf({ behaviour: _, ...method }: StoredCard): PaymentMethod {
  return method;
}

function invalidCard(field: string, message: string): AppError {
  const text = message.startsWith(field) ? message : `${field}: ${message}`;
  return new AppError("VALIDATION_FAILED", text, { issues: [{ path: field, message }] });
}

/**
 * A card processor in test mode, built in: it keeps tokens and charges in its own sandbox_*
 * tables, answers synchronously, and also reports every change later through a signed webhook
 * (see sandbox-webhooks.ts), which it may deliver more than once.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = "sandbox";
  private readonly options: SandboxOptions;
  private readonly recent = new RecentCards();

  constructor(options: SandboxOptions) {
    this.options = options;
  }

  async tokenize(details: CardDetails): Promise<PaymentMethod> {
    const now = this.options.now?.() ?? new Date();
    const checked = checkCard(details, yearMonthOf(now));
    if (!checked.ok) throw invalidCard(checked.field, checked.message);
    const { card } = checked;
    // The number decides the behaviour here, once; from now on only the behaviour is kept.
    const stored: StoredCard = { token: newId("tok"), brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear, behaviour: behaviourOf(card.number) };
    await this.options.db.insert(sandboxTokens).values(stored);
    return methodOf(this.recent.remember(stored));
  }

  async paymentMethod(token: string): Promise<PaymentMethod | undefined> {
    const card = await this.card(token);
    return card && methodOf(card);
  }

  /**
   * Charges the card behind the token, once per reference: the charge and the webhook event that
   * reports it are written by one statement, so neither is ever without the other.
   */
  async createPayment(request: ChargeRequest): Promise<ProviderCharge> {
    const card = await this.card(request.token);
    if (!card) throw invalidCard("token", "unknown payment token");
    const { status, failureReason } = OUTCOME[card.behaviour];
    const charge: ProviderCharge = { ref: newId("ch"), reference: request.reference, status, amount: request.amount, currency: request.currency, ...(failureReason ? { failureReason } : {}) };
    const made = await this.recordCharge(charge, request.token);
    if (made) {
      this.options.onEvent?.();
      return made;
    }
    // A retry with the same idempotency key: the charge made the first time, unchanged.
    const [existing] = await this.options.db.select().from(sandboxCharges).where(eq(sandboxCharges.idempotencyKey, request.reference));
    if (!existing) throw new Error("sandbox charge vanished");
    if (existing.amount !== request.amount || existing.currency !== request.currency || existing.token !== request.token) {
      throw new AppError("IDEMPOTENCY_KEY_REUSED", "the sandbox already charged this reference with different parameters");
    }
    return chargeOf(existing);
  }

  /**
   * The card behind a token: remembered, else read (and remembered); undefined when unknown. Read
   * through `q` when the caller is in a transaction, so it never waits for a second connection.
   */
  private async card(token: string, q: PaymentsDb | PaymentsTx = this.options.db): Promise<StoredCard | undefined> {
    const known = this.recent.get(token);
    if (known) return known;
    const [row] = await q.select().from(sandboxTokens).where(eq(sandboxTokens.token, token));
    if (!row || !isCardBehaviour(row.behaviour)) return undefined;
    return this.recent.remember({ token: row.token, brand: row.brand as CardBrand, last4: row.last4, expMonth: row.expMonth, expYear: row.expYear, behaviour: row.behaviour });
  }

  /** Inserts a charge; undefined when its reference was charged before. */
  private recordCharge(charge: ProviderCharge, token: string): Promise<ProviderCharge | undefined> {
    const { db } = this.options;
    const values = { id: charge.ref, idempotencyKey: charge.reference, reference: charge.reference, token, amount: charge.amount, currency: charge.currency, status: charge.status, failureReason: charge.failureReason ?? null };
    return this.withEvent(db.insert(sandboxCharges).values(values).onConflictDoNothing({ target: sandboxCharges.idempotencyKey }).returning(), charge);
  }

  async findCharge(reference: string): Promise<ProviderCharge | undefined> {
    const [row] = await this.options.db.select().from(sandboxCharges).where(eq(sandboxCharges.idempotencyKey, reference));
    return row ? chargeOf(row) : undefined;
  }

  confirm(ref: string): Promise<ProviderCharge> {
    return this.settle(ref, { status: "succeeded" });
  }

  cancel(ref: string): Promise<ProviderCharge> {
    return this.settle(ref, { status: "cancelled" });
  }

  /**
   * Refunds part of a succeeded charge: answered `pending`, settled `refundSettleMs` later and
   * reported then by a `refund.succeeded` webhook (`refund.failed` for the card whose refunds
   * fail), stored now so it is never lost. One refund per reference, whatever the retries.
   */
  async refund(request: RefundRequest): Promise<ProviderRefund> {
    const settleMs = this.options.refundSettleMs ?? DEFAULT_REFUND_SETTLE_MS;
    const result = await this.options.db.transaction(async (tx) => {
      const [charge] = await tx.select().from(sandboxCharges).where(eq(sandboxCharges.id, request.chargeRef));
      if (!charge) throw notFound(`no sandbox charge ${request.chargeRef}`);
      if (charge.status !== "succeeded") throw new AppError("PAYMENT_NOT_REFUNDABLE", `sandbox charge ${charge.id} is ${charge.status}, not captured`);
      const settlesAt = new Date((this.options.now?.() ?? new Date()).getTime() + settleMs);
      const settles = REFUND_OUTCOME((await this.card(charge.token, tx))?.behaviour);
      const [inserted] = await tx
        .insert(sandboxRefunds)
        .values({ id: newId("sre"), idempotencyKey: request.reference, chargeId: charge.id, amount: request.amount, currency: request.currency, ...settles, settlesAt })
        .onConflictDoNothing({ target: sandboxRefunds.idempotencyKey })
        .returning();
      if (inserted) {
        const settled = refundOf(inserted, settlesAt.getTime());
        const id = newId("evt");
        const body = refundEventBody(id, settled);
        await tx.insert(sandboxWebhookEvents).values({ id, chargeId: charge.id, type: body.type, payload: body, nextAttemptAt: settlesAt });
        return { refund: refundOf(inserted, settlesAt.getTime() - 1), created: true };
      }
      const [existing] = await tx.select().from(sandboxRefunds).where(eq(sandboxRefunds.idempotencyKey, request.reference));
      if (!existing) throw new Error("sandbox refund vanished");
      if (existing.amount !== request.amount || existing.currency !== request.currency || existing.chargeId !== request.chargeRef) {
        throw new AppError("IDEMPOTENCY_KEY_REUSED", "the sandbox already refunded this reference with different parameters");
      }
      return { refund: refundOf(existing, this.now()), created: false };
    });
    if (result.created) this.options.onEvent?.(settleMs);
    return result.refund;
  }

  async findRefund(reference: string): Promise<ProviderRefund | undefined> {
    const [row] = await this.options.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.idempotencyKey, reference));
    return row ? refundOf(row, this.now()) : undefined;
  }

  private now(): number {
    return (this.options.now?.() ?? new Date()).getTime();
  }

  verifyWebhook(rawBody: string, headers: Headers): Promise<boolean> {
    return verifyWebhookSignature(this.options.webhookSecret, rawBody, headers.get(SANDBOX_SIGNATURE_HEADER));
  }

  parseWebhook(rawBody: string): ProviderEvent {
    return parseEventBody(rawBody);
  }

  /** Moves a charge out of requires_action; any other charge is returned as it is. */
  private async settle(ref: string, to: { status: ProviderStatus }): Promise<ProviderCharge> {
    const { db } = this.options;
    const [row] = await db.select().from(sandboxCharges).where(eq(sandboxCharges.id, ref));
    if (!row) throw notFound(`no sandbox charge ${ref}`);
    if (row.status !== "requires_action") return chargeOf(row);
    const moved = db
      .update(sandboxCharges)
      .set({ status: to.status, updatedAt: new Date() })
      .where(and(eq(sandboxCharges.id, ref), eq(sandboxCharges.status, "requires_action")))
      .returning();
    const settled = await this.withEvent(moved, { ...chargeOf(row), status: to.status });
    if (!settled) return this.settle(ref, to); // settled meanwhile: answer with the charge as it now stands
    this.options.onEvent?.();
    return settled;
  }

  /**
   * Runs `write` (of one charge, returning it) and stores the webhook event that reports `charge`
   * in the same statement, so no change is ever without its event. Undefined when nothing was written.
   */
  private async withEvent(write: TypedQueryBuilder<(typeof sandboxCharges)["_"]["columns"]>, charge: ProviderCharge): Promise<ProviderCharge | undefined> {
    const { db } = this.options;
    const written = db.$with("written").as(write);
    const event = eventBody(newId("evt"), charge);
    const recorded = db.$with("recorded", {}).as(
      sql`insert into ${sandboxWebhookEvents} (id, charge_id, type, payload) select ${event.id}, ${written.id}, ${event.type}, ${JSON.stringify(event)}::jsonb from ${written}`,
    );
    const [row] = await db.with(written, recorded).select().from(written);
    return row && chargeOf(row);
  }
}
