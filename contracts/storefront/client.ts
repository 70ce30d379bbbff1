import type { RouteConfig } from "@hono/zod-openapi";
import { callRoute, type RouteInput, type RouteSuccess, type Transport } from "../../platform/route-client.ts";
import * as account from "./account.ts";
import * as cart from "./cart.ts";
import * as catalog from "./catalog.ts";
import { checkoutRoute } from "./checkout.ts";
import * as orders from "./orders.ts";

/**
 * A typed client of the storefront API for third-party frontends (React, mobile): every method is
 * typed by the very route declaration the edge mounts, so a changed route breaks the frontend's
 * compile. Failures throw `AppError` (platform/errors.ts) with the API's error `code`.
 *
 * The session is a cookie: in a browser on the shop's origin the default `fetch` carries it; from
 * elsewhere, pass a `fetch` that keeps and sends back `edgeshop_session`.
 */
export const STOREFRONT_CLIENT_ROUTES = {
  listProducts: catalog.listProductsRoute,
  getProduct: catalog.getProductRoute,
  listCategories: catalog.listCategoriesRoute,
  getCart: cart.getCartRoute,
  addItem: cart.addItemRoute,
  updateItem: cart.updateItemRoute,
  removeItem: cart.removeItemRoute,
  applyPromotion: cart.applyPromotionRoute,
  removePromotion: cart.removePromotionRoute,
  setEmail: cart.setEmailRoute,
  setShippingAddress: cart.setShippingAddressRoute,
  checkout: checkoutRoute,
  listOrders: orders.listOrdersRoute,
  getOrder: orders.getOrderRoute,
  confirmPayment: orders.confirmPaymentRoute,
  signUp: account.signUpRoute,
  completeSignUp: account.completeSignUpRoute,
  signIn: account.signInRoute,
  signOut: account.signOutRoute,
  signOutEverywhere: account.signOutEverywhereRoute,
  me: account.meRoute,
} as const;

type Routes = typeof STOREFRONT_CLIENT_ROUTES;
/** A route that takes nothing may be called without an argument. */
type Method<R extends RouteConfig> = {} extends RouteInput<R> ? (input?: RouteInput<R>) => Promise<RouteSuccess<R>> : (input: RouteInput<R>) => Promise<RouteSuccess<R>>;
export type StorefrontClient = { [K in keyof Routes]: Method<Routes[K]> };

/** What the client needs of `fetch`: the browser's, Node's, or a cookie-keeping wrapper. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export function createStorefrontClient(baseUrl: string, fetchFn: FetchLike = (url, init) => fetch(url, init)): StorefrontClient {
  const base = baseUrl.replace(/\/+$/, "");
  const transport: Transport = (method, path, { json, headers }) =>
    fetchFn(`${base}${path}`, {
      method,
      headers: { accept: "application/json", ...headers, ...(json === undefined ? {} : { "content-type": "application/json" }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  const client: Record<string, (input?: object) => Promise<unknown>> = {};
  for (const [name, route] of Object.entries(STOREFRONT_CLIENT_ROUTES)) {
    client[name] = async (input = {}) => (await callRoute("storefront", route as RouteConfig, input, transport)).body;
  }
  return client as unknown as StorefrontClient;
}
