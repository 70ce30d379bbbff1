import { Hono } from "hono";
import { notFoundHandler, onError } from "../../platform/http.ts";
import { readinessRoutes } from "./health/readiness.ts";
import { limitBody } from "./middleware/body-limit.ts";
import { logLevel } from "./middleware/log-level.ts";
import { requestId } from "./middleware/request-id.ts";
import { retryAfterOn503 } from "./middleware/retry-after.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { sameOriginWrites } from "./middleware/same-origin.ts";
import { session } from "./middleware/session.ts";
import { accountRoutes } from "./account/routes.ts";
import { adminRoutes } from "./admin/routes.ts";
import { adminPageRoutes } from "./admin/page-routes.tsx";
import { apiDocsRoutes } from "./api-docs/routes.ts";
import { cartRoutes } from "./cart/routes.ts";
import { catalogRoutes } from "./catalog/routes.ts";
import { checkoutRoutes } from "./checkout/routes.ts";
import { flashSaleRoutes } from "./flash-sales/routes.ts";
import { flashSalePagesRoutes } from "./flash-sales/page-routes.tsx";
import { ordersRoutes } from "./checkout/order-routes.ts";
import { accountPagesRoutes } from "./account/page-routes.tsx";
import { cartPagesRoutes } from "./cart/page-routes.tsx";
import { catalogPagesRoutes } from "./catalog/page-routes.tsx";
import { checkoutPagesRoutes } from "./checkout/page-routes.tsx";
import { devMailboxRoutes } from "./account/dev-mailbox.tsx";
import { signUpPagesRoutes } from "./account/signup-pages.tsx";
import { SplitRouter } from "./split-router.ts";
import type { EdgeEnv } from "./types.ts";

/**
 * The storefront Worker. Catalog reads (JSON and pages) are served from edge caches; everything
 * personal (cart, checkout, orders, account) runs behind the session middleware.
 */
export const app = new Hono<EdgeEnv>({ router: new SplitRouter(["/admin", "/api/docs"]) });
app.use("*", logLevel());
// Ahead of request logging: a probe's 503 while a service starts is an answer, not a failure.
app.route("/", readinessRoutes);
app.use("*", requestId());
app.use("*", securityHeaders());
app.use("*", retryAfterOn503());
// Before any route can read a body, and for every path: an oversized body is a 413, unread.
app.use("*", limitBody());
app.onError(onError);
app.notFound(notFoundHandler);
app.get("/healthz", (c) => c.json({ status: "ok", service: "edge" }));

// The API's own description and reference page: public, and before the session (no cookie set).
app.route("/", apiDocsRoutes);

// The admin has its own session (edge/src/admin/session.ts), never the shopper's.
app.route("/", adminRoutes);
app.route("/", adminPageRoutes);

// Catalog JSON needs no session: it is the same for every shopper and cached as such.
app.route("/", catalogRoutes);

// Everything below may read or set the session cookie; a cross-site write is refused before that.
app.use("*", sameOriginWrites());
app.use("*", session());
// The JSON routers declare full /api/... paths (contracts/storefront/), so they mount at the root.
app.route("/", cartRoutes);
app.route("/", checkoutRoutes);
app.route("/", flashSaleRoutes);
app.route("/", ordersRoutes);
app.route("/", accountRoutes);
app.route("/", catalogPagesRoutes);
app.route("/", cartPagesRoutes);
app.route("/", checkoutPagesRoutes);
app.route("/", flashSalePagesRoutes);
app.route("/", accountPagesRoutes);
app.route("/", signUpPagesRoutes);
app.route("/", devMailboxRoutes);
