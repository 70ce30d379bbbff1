import { createRoute, z, type RouteConfig } from "@hono/zod-openapi";
import { errorResponse } from "../../platform/openapi.ts";
import { merchantGetFlashSaleRoute, merchantCancelFlashSaleRoute, merchantCreateFlashSaleRoute, merchantListFlashSalesRoute, merchantPatchFlashSaleRoute } from "../flash-sales/routes.ts";
import { merchantPatchProductRoute, merchantProductRoute } from "../catalog/routes.ts";
import { MERCHANT_CATALOG_ROUTES } from "../catalog/merchant-routes.ts";
import { MERCHANT_STOCK_ROUTES } from "../orders/stock-routes.ts";
import { customerTagsRoute, setCustomerTagsRoute } from "../customers/tags.ts";
import { promotionOrdersRoute, promotionUsageRoute } from "../orders/routes.ts";
import { MERCHANT_ORDER_ROUTES } from "../orders/merchant-routes.ts";
import { listOrderRefundsRoute, refundOrderRoute } from "../orders/refund-routes.ts";
import {
  activatePromotionRoute,
  archivePromotionRoute,
  createPromotionRoute,
  generateCodesRoute,
  getPromotionRoute,
  listPromotionsRoute,
  patchPromotionRoute,
  pausePromotionRoute,
} from "../promotions/routes.ts";
import type { ServiceName } from "../services.ts";
import { actorSchema } from "./actor.ts";
import { staffResponseSchema, staffSignInSchema } from "./api.ts";
import { createStaffRoute, createTokenRoute, listAuditRoute, listStaffRoute, listTokensRoute, patchStaffRoute, revokeTokenRoute } from "./staff-routes.ts";
import { WEBHOOK_ROUTES } from "./webhook-routes.ts";

/**
 * The admin JSON API the edge serves under `/admin/api/...`. Sign-in and the session are the
 * edge's own; every other route is a service's `/merchant/...` route, declared once in its
 * contract and served here at `/admin/api/...` with the same schemas, security scope and answers
 * (`adminRoute`), so the admin document and the services' documents cannot drift apart.
 */
export const ADMIN_API_PREFIX = "/admin/api";
const SERVICE_PREFIX = "/merchant";

/** Where a service's merchant route is served at the edge: `/merchant/x` → `/admin/api/x`. */
export function adminPath(servicePath: string): string {
  if (!servicePath.startsWith(`${SERVICE_PREFIX}/`)) throw new Error(`${servicePath} is not a merchant route`);
  return ADMIN_API_PREFIX + servicePath.slice(SERVICE_PREFIX.length);
}

/** The service path a request to `/admin/api/x` goes to: `/merchant/x`. */
export function servicePath(adminRequestPath: string): string {
  return SERVICE_PREFIX + adminRequestPath.slice(ADMIN_API_PREFIX.length);
}

export function adminRoute<R extends RouteConfig>(route: R): R {
  return { ...route, path: adminPath(route.path) };
}

/** Every service merchant route the admin API serves, with the service that owns it. */
export const FORWARDED_ROUTES: readonly { service: ServiceName; route: RouteConfig }[] = [
  // Before `GET /products/{slug}`, which would otherwise take `products/export.csv`.
  ...MERCHANT_CATALOG_ROUTES.map((route) => ({ service: "catalog" as const, route })),
  ...MERCHANT_STOCK_ROUTES.map((route) => ({ service: "orders" as const, route })),
  ...[merchantProductRoute, merchantPatchProductRoute].map((route) => ({ service: "catalog" as const, route })),
  ...[createPromotionRoute, listPromotionsRoute, getPromotionRoute, patchPromotionRoute, pausePromotionRoute, activatePromotionRoute, archivePromotionRoute, generateCodesRoute].map(
    (route) => ({ service: "catalog" as const, route }),
  ),
  ...[merchantCreateFlashSaleRoute, merchantListFlashSalesRoute, merchantGetFlashSaleRoute, merchantPatchFlashSaleRoute, merchantCancelFlashSaleRoute].map((route) => ({
    service: "catalog" as const,
    route,
  })),
  ...[promotionUsageRoute, promotionOrdersRoute].map((route) => ({ service: "orders" as const, route })),
  ...MERCHANT_ORDER_ROUTES.map((route) => ({ service: "orders" as const, route })),
  ...[refundOrderRoute, listOrderRefundsRoute].map((route) => ({ service: "orders" as const, route })),
  ...[customerTagsRoute, setCustomerTagsRoute].map((route) => ({ service: "customers" as const, route })),
  ...[listStaffRoute, createStaffRoute, patchStaffRoute, listTokensRoute, createTokenRoute, revokeTokenRoute, listAuditRoute].map((route) => ({ service: "customers" as const, route })),
  ...WEBHOOK_ROUTES.map((route) => ({ service: "customers" as const, route })),
];

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const ADMIN_SESSION = [{ adminSession: [] }];

export const adminSignInRoute = createRoute({
  method: "post",
  path: `${ADMIN_API_PREFIX}/session`,
  summary: "Sign a staff member in: sets the admin session cookie (edgeshop_admin, path /admin)",
  request: { body: { required: true, content: { "application/json": { schema: staffSignInSchema.omit({ clientKey: true }) } } } },
  responses: {
    200: json(staffResponseSchema, "Signed in."),
    400: errorResponse("VALIDATION_FAILED naming the field."),
    401: errorResponse("INVALID_CREDENTIALS."),
    429: errorResponse("RATE_LIMITED, with a Retry-After header."),
  },
});

export const adminSignOutRoute = createRoute({
  method: "delete",
  path: `${ADMIN_API_PREFIX}/session`,
  summary: "Sign out: this session stops working everywhere it was copied to",
  responses: { 200: json(z.object({ signedOut: z.literal(true) }), "Signed out (also when there was no session).") },
});

export const adminSignOutEverywhereRoute = createRoute({
  method: "post",
  path: `${ADMIN_API_PREFIX}/session/everywhere`,
  summary: "Sign out every session of this staff member, on every device",
  responses: {
    200: json(z.object({ signedOut: z.literal(true) }), "Every session ended."),
    401: errorResponse("UNAUTHORIZED: no admin session."),
    503: errorResponse("SERVICE_UNAVAILABLE: the sign-out could not be recorded; nothing was ended."),
  },
  security: ADMIN_SESSION,
});

export const adminMeRoute = createRoute({
  method: "get",
  path: `${ADMIN_API_PREFIX}/me`,
  summary: "Who this request is for: the signed-in staff member or the API token",
  responses: { 200: json(z.object({ actor: actorSchema }), "The actor."), 401: errorResponse("UNAUTHORIZED.") },
  security: [...ADMIN_SESSION, { merchantToken: [] }],
});
