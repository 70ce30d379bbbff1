import type { Context } from "hono";
import { parseFormBody } from "../../../platform/http.ts";
import { sameOriginPath } from "../../../platform/redirect-target.ts";
import type { EdgeEnv } from "../types.ts";
import { CART_ERROR_PARAM } from "./messages.ts";

/** Helpers for the cart's HTML forms. */

/**
 * The text fields of a posted form (files are ignored; the cart forms have none). A malformed body
 * is a 400 (platform/http.ts parseFormBody, the one place the edge reads a form).
 */
export function formFields(c: Context<EdgeEnv>): Promise<Record<string, string>> {
  return parseFormBody(c);
}

/**
 * Where "back" is for a form posted from another page: the Referer, only if it is on this site
 * (never an open redirect), with `cartError` set to the refusal's code.
 */
export function backWithError(c: Context<EdgeEnv>, code: string): string | undefined {
  const referer = c.req.header("referer");
  const path = referer === undefined ? undefined : sameOriginPath(referer, c.req.url);
  if (path === undefined) return undefined;
  const back = new URL(path, c.req.url);
  if (back.pathname === "/cart") return undefined;
  back.searchParams.set(CART_ERROR_PARAM, code);
  return `${back.pathname}${back.search}`;
}
