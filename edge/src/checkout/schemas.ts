/**
 * The checkout request shapes moved to contracts/storefront/checkout-requests.ts; this re-export
 * remains only for tokenize.ts until its owner imports from there.
 */
export type { PaymentCard } from "../../../contracts/storefront/checkout-requests.ts";
