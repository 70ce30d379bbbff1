// Shared with the orders service's merchant reads; kept here so existing imports stay valid.
export { requireMerchant } from "../shared/merchant-auth.ts";
