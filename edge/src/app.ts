import { Hono } from "hono";
import { notFoundHandler, onError } from "../../platform/http.ts";
import { readinessRoutes } from "./health/readiness.ts";
import { requestId } from "./middleware/request-id.ts";
import { sameOriginWrites } from "./middleware/same-origin.ts";
import { session } from "./middleware/session.ts";
import { accountRoutes } from "./routes/account.ts";
import { cartRoutes } from "./routes/cart.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { checkoutRoutes } from "./routes/checkout.ts";
import { ordersRoutes } from "./routes/orders.ts";
import { accountPagesRoutes } from "./routes/account-pages.tsx";
import { cartPagesRoutes } from "./routes/cart-pages.tsx";
import { catalogPagesRoutes } from "./routes/catalog-pages.tsx";
import { checkoutPagesRoutes } from "./routes/checkout-pages.tsx";
import type { EdgeEnv } from "./types.ts";

/**
 * The storefront Worker. Catalog reads (JSON and pages) are served from edge caches; everything
 * personal (cart, checkout, orders, account) runs behind the session middleware.
 */
export const app = new Hono<EdgeEnv>();
// Ahead of request logging: a probe's 503 while a service starts is an answer, not a failure.
app.route("/", readinessRoutes);
app.use("*", requestId());
app.onError(onError);
app.notFound(notFoundHandler);
app.get("/healthz", (c) => c.json({ status: "ok", service: "edge" }));

// Catalog JSON needs no session: it is the same for every shopper and cached as such.
app.route("/api", catalogRoutes);

// Everything below may read or set the session cookie; a cross-site write is refused before that.
app.use("*", sameOriginWrites());
app.use("*", session());
app.route("/api/cart", cartRoutes);
app.route("/api/checkout", checkoutRoutes);
app.route("/api/orders", ordersRoutes);
app.route("/api/account", accountRoutes);
app.route("/", catalogPagesRoutes);
app.route("/", cartPagesRoutes);
app.route("/", checkoutPagesRoutes);
app.route("/", accountPagesRoutes);
