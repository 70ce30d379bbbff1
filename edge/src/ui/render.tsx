import type { Context, ErrorHandler } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError } from "../../../platform/errors.ts";
import { log } from "../../../platform/log.ts";
import type { CacheSource, CatalogRead } from "../catalog/entry.ts";
import { CatalogUnavailable } from "../catalog/read.ts";
import { CACHE_HEADER } from "../catalog/respond.ts";
import type { EdgeEnv, Session } from "../types.ts";
import { ErrorPage } from "./error.tsx";
import { AccountLink } from "./layout.tsx";
import { fillTemplate, pageTemplate, templateKey, type PageTemplate } from "./page-template.ts";

/**
 * Pages carry the shopper's session in the header (cart and account links), so they are private
 * to the browser; the catalog data inside comes from the shared edge cache all the same, and
 * `x-edgeshop-cache` reports the least fresh layer that was used.
 */
export const PAGE_CACHE_CONTROL = "private, no-cache";

const FRESHNESS: CacheSource[] = ["hit-memory", "hit-cache", "miss", "stale"];

export function leastFresh(reads: readonly CatalogRead[]): CacheSource {
  let worst = 0;
  for (const r of reads) worst = Math.max(worst, FRESHNESS.indexOf(r.source));
  return FRESHNESS[worst] ?? "miss";
}

export function isStale(reads: readonly CatalogRead[]): boolean {
  return reads.some((r) => r.source === "stale");
}

/** Says whether a catalog page was kept in this isolate's memory (`hit`) or rendered (`miss`). */
export const PAGE_HEADER = "x-edgeshop-page";

function isEmpty(node: Child): boolean {
  return node === null || node === undefined || node === false;
}

/** A JSX tree (or nothing) as its HTML string. */
async function toHtml(node: Child): Promise<string> {
  if (isEmpty(node)) return "";
  return String(await (<>{node}</>).toString());
}

// Every guest's header is the same: rendered once.
let guestAccountLink: string | undefined;
// Goes when its template leaves the kept pages (page-template.ts counts it in their size).
const guestBytes = new WeakMap<PageTemplate, Uint8Array<ArrayBuffer>>();
const encoder = new TextEncoder();

async function accountLinkHtml(session: Session | undefined): Promise<string> {
  if (session?.customerId) return toHtml(<AccountLink session={session} />);
  guestAccountLink ??= await toHtml(<AccountLink />);
  return guestAccountLink;
}

/**
 * A catalog page through the kept-page cache (ui/page-template.ts). `inputs` must name everything
 * besides the catalog reads that the page's markup depends on (route, slug, currency, filters,
 * message); `page` renders it with `session={PER_SHOPPER}` and `slot("flash-sale")` where the
 * banner goes, and is called only when no page is kept for those inputs and reads. The
 * per-request parts are this shopper's account link and `flashSale`, rendered for this request.
 */
export async function renderCatalogPage(
  c: Context<EdgeEnv>,
  reads: readonly CatalogRead[],
  inputs: readonly (string | undefined)[],
  page: () => Child,
  perRequest: { flashSale?: Child } = {},
): Promise<Response> {
  const { template, source } = await pageTemplate(templateKey(inputs, reads), () => toHtml(page()));
  const session = c.get("session");
  // A guest with no sale on the page (the commonest request) needs nothing rendered: no awaits.
  const [account, flashSale] =
    !session?.customerId && guestAccountLink !== undefined && isEmpty(perRequest.flashSale)
      ? [guestAccountLink, ""]
      : await Promise.all([accountLinkHtml(session), toHtml(perRequest.flashSale)]);
  c.header("cache-control", PAGE_CACHE_CONTROL);
  if (reads.length > 0) c.header(CACHE_HEADER, leastFresh(reads));
  c.header(PAGE_HEADER, source);
  // The commonest answer, a guest's page with no sale on it, is the same bytes every time: they
  // are kept with the template instead of being joined and encoded again per request.
  if (account === guestAccountLink && flashSale === "") {
    let bytes = guestBytes.get(template);
    if (!bytes) {
      bytes = new Uint8Array(encoder.encode(fillTemplate(template, { account })));
      guestBytes.set(template, bytes);
    }
    return c.body(bytes, 200, { "content-type": "text/html; charset=UTF-8" });
  }
  return c.html(fillTemplate(template, { account, "flash-sale": flashSale }));
}

/**
 * Errors on pages are pages too (the JSON error model is for the API): a bad filter is a 400
 * page naming the parameter, an unknown product a 404 page, the catalog down with nothing saved
 * a 503 page with Retry-After.
 */
export const pageErrors: ErrorHandler<EdgeEnv> = (err, c) => {
  let status = 500;
  let message = "Something went wrong on our side. Please try again.";
  if (err instanceof AppError) {
    status = err.status;
    message = err.message;
  } else {
    log("error", "page failed", { requestId: c.get("requestId"), path: c.req.path, error: err.stack ?? err.message });
  }
  c.header("cache-control", "no-store");
  if (err instanceof CatalogUnavailable) c.header("retry-after", String(err.retryAfterSeconds));
  return c.html(<ErrorPage status={status} message={message} session={c.get("session")} />, status as ContentfulStatusCode);
};
