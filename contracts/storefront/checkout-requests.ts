import { z } from "zod";
import { emailSchema, shippingAddressSchema } from "../text.ts";
import { CONFIRMATION_ACTIONS, idempotencyKeySchema, orderIdSchema } from "../orders/api.ts";
import { reservationTokenSchema } from "../flash-sales/reservation.ts";

/**
 * Request shapes of the checkout API and the checkout forms. The address and email rules are the
 * ones the orders service checks with (contracts/text.ts), so the edge refuses exactly what the
 * service would.
 * Card fields are checked for shape only; the payment provider applies the card rules.
 */
export const paymentCardSchema = z.object({
  card: z
    .string({ error: "card is required" })
    .trim()
    .min(1, { error: "card is required" })
    .max(40, { error: "card number is too long" }),
  expMonth: z.coerce.number({ error: "expMonth must be a number" }).int({ error: "expMonth must be a whole number" }),
  expYear: z.coerce.number({ error: "expYear must be a number" }).int({ error: "expYear must be a whole number" }),
  cvc: z
    .string({ error: "cvc is required" })
    .trim()
    .min(1, { error: "cvc is required" })
    .max(8, { error: "cvc is too long" }),
});
export type PaymentCard = z.output<typeof paymentCardSchema>;

export const checkoutBodySchema = z.object({
  email: emailSchema,
  shippingAddress: shippingAddressSchema,
  payment: paymentCardSchema,
  /** A flash-sale reservation's token (POST /api/flash-sales/{id}/reserve): its units at the sale price. */
  flashSaleReservation: reservationTokenSchema.optional(),
});
export type CheckoutInput = z.output<typeof checkoutBodySchema>;

export const checkoutKeyHeaderSchema = z.object({ "idempotency-key": idempotencyKeySchema });

export const confirmationBodySchema = z.object({
  action: z.enum(CONFIRMATION_ACTIONS, { error: "action must be confirm or cancel" }),
});

export const orderIdParamSchema = orderIdSchema;

/** The checkout form posts flat fields; they are folded into the API's shape and checked by the same schema. */
export interface CheckoutForm {
  idempotencyKey: string;
  email: string;
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  card: string;
  expMonth: string;
  expYear: string;
  cvc: string;
  promoCode: string;
}

export const CHECKOUT_FORM_FIELDS = [
  "idempotencyKey",
  "email",
  "name",
  "line1",
  "line2",
  "city",
  "region",
  "postalCode",
  "country",
  "card",
  "expMonth",
  "expYear",
  "cvc",
  "promoCode",
] as const satisfies readonly (keyof CheckoutForm)[];

/** The checkout form's fields, each present (empty when not sent). */
export function readCheckoutForm(fields: Record<string, string>): CheckoutForm {
  const form = Object.fromEntries(CHECKOUT_FORM_FIELDS.map((name) => [name, fields[name] ?? ""])) as Record<keyof CheckoutForm, string>;
  return form;
}

/** The form as the API body: empty numbers stay empty, so the schema says "required", not "0". */
export function formToBody(form: CheckoutForm): unknown {
  const { name, line1, line2, city, region, postalCode, country } = form;
  return {
    email: form.email,
    shippingAddress: { name, line1, line2, city, region, postalCode, country },
    payment: { card: form.card, expMonth: form.expMonth.trim() === "" ? undefined : form.expMonth, expYear: form.expYear.trim() === "" ? undefined : form.expYear, cvc: form.cvc },
  };
}
