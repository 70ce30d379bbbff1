// Shared with the orders service's merchant reads; kept here so existing imports stay valid.
export { gated, requireMerchant, type MerchantAuth } from "../shared/merchant-auth.ts";
