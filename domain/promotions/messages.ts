import { formatMoney, type Currency } from "../money.ts";
import type { RejectionReason } from "./model.ts";

/** Why a code does not apply, with what the shopper needs to know to fix it where they can. */
export interface Rejection {
  reason: RejectionReason;
  /** min_subtotal: the amount to reach; min_quantity: the units to reach. */
  needed?: number | undefined;
  /** not_combinable: the applied promotion it does not combine with. */
  conflictsWith?: string | undefined;
}

/** The sentence a shopper sees for a code that does not apply. */
export function rejectionMessage(code: string, rejection: Rejection, currency: Currency): string {
  switch (rejection.reason) {
    case "unknown_code":
      return `${code} is not a valid code`;
    case "not_active":
      return `${code} is not available right now`;
    case "not_started":
      return `${code} has not started yet`;
    case "ended":
      return `${code} has ended`;
    case "currency":
      return `${code} is not available in ${currency}`;
    case "min_subtotal":
      return `spend ${formatMoney(rejection.needed ?? 0, currency)} to use ${code}`;
    case "min_quantity":
      return `buy at least ${rejection.needed ?? 0} items to use ${code}`;
    case "no_matching_lines":
      return `${code} is not for these products`;
    case "signed_in_only":
      return `sign in to use ${code}`;
    case "first_order_only":
      return `${code} is for first orders only`;
    case "customer_not_eligible":
      return `${code} is not available for your account`;
    case "limit_reached":
      return `${code} has reached its usage limit`;
    case "customer_limit_reached":
      return `you have already used ${code} as many times as it allows`;
    case "budget_exhausted":
      return `${code} is no longer available`;
    case "code_used":
      return `${code} has already been used`;
    case "not_combinable":
      return `${code} doesn't combine with ${rejection.conflictsWith ?? "another promotion"}`;
  }
}
