import { fail, type Failure, type ShippingAddress } from "./cart.ts";

/**
 * Checks on the contact details a cart carries into checkout. The edge validates requests with
 * zod first; these keep the CartObject safe on its own, whoever calls it.
 */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_EMAIL_LENGTH = 254;

export type ContactFailureCode = "INVALID_EMAIL" | "INVALID_ADDRESS";

export type ContactCheck<T> = { ok: true; value: T } | Failure<ContactFailureCode>;

export function checkEmail(email: string): ContactCheck<string> {
  const value = email.trim().toLowerCase();
  if (value.length > MAX_EMAIL_LENGTH || !EMAIL.test(value)) return fail("INVALID_EMAIL", "email must be a valid email address", "email");
  return { ok: true, value };
}

const REQUIRED = ["name", "line1", "city", "postalCode", "country"] as const;

export function checkShippingAddress(address: ShippingAddress): ContactCheck<ShippingAddress> {
  for (const field of REQUIRED) {
    const v = address[field];
    if (typeof v !== "string" || v.trim() === "" || v.length > 200) {
      return fail("INVALID_ADDRESS", `${field} is required (at most 200 characters)`, field);
    }
  }
  const country = address.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) return fail("INVALID_ADDRESS", "country must be a two-letter ISO code", "country");
  const optional = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v.trim());
  return {
    ok: true,
    value: {
      name: address.name.trim(),
      line1: address.line1.trim(),
      line2: optional(address.line2),
      city: address.city.trim(),
      region: optional(address.region),
      postalCode: address.postalCode.trim(),
      country,
    },
  };
}
