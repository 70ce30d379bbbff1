/**
 * The sandbox's test cards, as a card processor's test mode documents them. Any other number
 * that passes the card checks succeeds.
 */
export const TEST_CARDS = {
  succeeds: "4242424242424242",
  declined: "4000000000000002",
  requiresAction: "4000002760003184",
  /** Pays; a refund of it is answered pending and then fails (the card was closed meanwhile). */
  refundFails: "4000000000005126",
} as const;

/** What charging a card does. Stored with the token, so the number itself is never needed again. */
export type CardBehaviour = "succeed" | "decline" | "require_action" | "refund_fails";

export function behaviourOf(number: string): CardBehaviour {
  if (number === TEST_CARDS.declined) return "decline";
  if (number === TEST_CARDS.requiresAction) return "require_action";
  if (number === TEST_CARDS.refundFails) return "refund_fails";
  return "succeed";
}

export function isCardBehaviour(value: string): value is CardBehaviour {
  return value === "succeed" || value === "decline" || value === "require_action" || value === "refund_fails";
}
