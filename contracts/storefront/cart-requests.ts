import { z } from "zod";
import { MAX_LINE_QUANTITY } from "../../domain/cart.ts";
import { emailSchema } from "../text.ts";

/**
 * Request shapes of the cart API and the cart forms. Forms send strings, JSON sends numbers;
 * both go through the same rules, and every message names the field it is about. The address
 * is checked with contracts/text.ts's shippingAddressSchema, as checkout and orders check it.
 */
const quantityRule = (min: number) =>
  // An emptied field must not read as 0 (which would remove the line): it is missing.
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce
      .number({ error: "quantity must be a number" })
      .int({ error: "quantity must be a whole number" })
      .min(min, { error: `quantity must be at least ${min}` })
      .max(MAX_LINE_QUANTITY, { error: `quantity must be at most ${MAX_LINE_QUANTITY}` }),
  );

const idRule = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, { error: `${name} is required` })
    .max(100, { error: `${name} must be at most 100 characters` });

/** JSON numbers only for the API: "2" in JSON is a client bug worth reporting. */
const jsonQuantity = (min: number) =>
  z
    .number({ error: "quantity must be a number" })
    .int({ error: "quantity must be a whole number" })
    .min(min, { error: `quantity must be at least ${min}` })
    .max(MAX_LINE_QUANTITY, { error: `quantity must be at most ${MAX_LINE_QUANTITY}` });

/** Ids travel in a comma-separated lookup query, so they are kept to a safe alphabet. */
const variantIdRule = idRule("variantId").regex(/^[A-Za-z0-9_.:-]+$/, { error: "variantId must contain only letters, digits, _ . : -" });

export const addItemBodySchema = z.object({ variantId: variantIdRule, quantity: jsonQuantity(1) });
/** 0 removes the line, as it would on a quantity field in a form. */
export const updateItemBodySchema = z.object({ quantity: jsonQuantity(0) });
export const addItemFormSchema = z.object({ variantId: variantIdRule, quantity: quantityRule(1).default(1) });
export const updateLineFormSchema = z.object({
  action: z.enum(["update", "remove"], { error: "action must be update or remove" }).default("update"),
  quantity: quantityRule(0).optional(),
});
export const lineIdParamSchema = z.object({ lineId: idRule("lineId") });

export const promotionCodeSchema = z
  .string({ error: "code is required" })
  .trim()
  .min(1, { error: "code is required" })
  .max(50, { error: "code must be at most 50 characters" });
export const promotionBodySchema = z.object({ code: promotionCodeSchema });
export const promotionFormSchema = z.object({
  code: promotionCodeSchema,
  action: z.enum(["apply", "remove"], { error: "action must be apply or remove" }).default("apply"),
});

export const emailBodySchema = z.object({ email: emailSchema });
