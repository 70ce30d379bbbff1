import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Context } from "hono";
import { Hono } from "hono";
import { flashSaleIdSchema } from "../../../contracts/flash-sales/definition.ts";
import { parse } from "../../../platform/http.ts";
import { addToCart } from "../cart/actions.ts";
import { preferredCurrency } from "../ui/currency.ts";
import type { EdgeEnv } from "../types.ts";
import { reserveFlashSale } from "./reserve.ts";

/**
 * "Buy now" on a flash sale's product page: reserve a unit, put the item in the cart, and go to
 * checkout, which reads the reservation from a cookie that lives as long as the reservation.
 */
export const FLASH_RESERVATION_COOKIE = "edgeshop_flash_reservation";

export const flashSalePagesRoutes = new Hono<EdgeEnv>();

flashSalePagesRoutes.post("/flash-sales/:id/buy", async (c) => {
  const id = parse(flashSaleIdSchema, c.req.param("id"));
  const currency = preferredCurrency(c);
  const { reservation } = await reserveFlashSale(c, id, 1, currency);
  await addToCart(c, reservation.variantId, reservation.quantity, currency);
  const maxAge = Math.max(1, Math.floor((Date.parse(reservation.expiresAt) - Date.now()) / 1000));
  const local = c.env.ENVIRONMENT !== "production";
  setCookie(c, FLASH_RESERVATION_COOKIE, reservation.token, { path: "/checkout", httpOnly: true, sameSite: "Lax", secure: !local, maxAge });
  return c.redirect("/checkout", 303);
});

/** The reservation "Buy now" left for the checkout form, if any. */
export function pendingReservation(c: Context<EdgeEnv>): string | undefined {
  return getCookie(c, FLASH_RESERVATION_COOKIE) || undefined;
}

export function forgetReservation(c: Context<EdgeEnv>): void {
  deleteCookie(c, FLASH_RESERVATION_COOKIE, { path: "/checkout" });
}
