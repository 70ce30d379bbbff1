import type { RouteConfig } from "@hono/zod-openapi";
import type { Hono, Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { actorPermissions, type Actor } from "../../../contracts/admin/actor.ts";
import { ADMIN_API_PREFIX, adminPath } from "../../../contracts/admin/routes.ts";
import { idempotencyKeySchema } from "../../../contracts/orders/api.ts";
import { fulfilRequestSchema, merchantOrderListQuerySchema, type FulfilRequest, type MerchantOrder } from "../../../contracts/orders/merchant-api.ts";
import {
  merchantCancelOrderRoute,
  merchantDailyReportRoute,
  merchantDeliverOrderRoute,
  merchantFulfilOrderRoute,
  merchantGetOrderRoute,
  merchantListOrdersRoute,
} from "../../../contracts/orders/merchant-routes.ts";
import { AppError } from "../../../platform/errors.ts";
import { parseFormBody } from "../../../platform/http.ts";
import { log } from "../../../platform/log.ts";
import type { EdgeEnv } from "../types.ts";
import { recordChange } from "./audit.ts";
import { callAsActor } from "./call.ts";
import { OrderDetailPage, OrdersListPage, TodayFigures } from "./orders-pages.tsx";
import type { FormState } from "./pages.tsx";
import type { AdminPageKit } from "./page-kit.tsx";

/**
 * The merchant's order pages (orders-pages.tsx) over the orders service's merchant routes, as
 * the signed-in member. Each change is recorded in the audit log as the JSON API records it.
 * Registered on the admin pages' app by page-routes.tsx, with its session gate, page answer and
 * form check (so sign-in redirects and errors are handled there, once).
 */

/** The dashboard's figures for today, or nothing for a member who may not read orders (or while orders cannot answer). */
export async function todaysFigures(c: Context<EdgeEnv>, actor: Actor) {
  if (!actorPermissions(actor).includes("orders:read")) return null;
  try {
    return <TodayFigures report={await callAsActor(c, actor, "orders", merchantDailyReportRoute, { query: {} })} />;
  } catch (err) {
    log("warn", "dashboard figures unavailable", { requestId: c.get("requestId"), error: err instanceof Error ? err.message : String(err) });
    return <p>Today's figures are unavailable right now.</p>;
  }
}

/** The fulfil form as a request: each line's units from its `quantity-<position>` field (0 or empty: not in this shipment). */
function shipmentFromForm(kit: AdminPageKit, order: MerchantOrder, fields: Record<string, string>): { ok: true; request: FulfilRequest } | { ok: false; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const lines: { position: number; quantity: number }[] = [];
  for (const line of order.lines) {
    const raw = (fields[`quantity-${line.position}`] ?? "").trim();
    if (raw === "" || raw === "0") continue;
    if (/^\d+$/.test(raw)) lines.push({ position: line.position, quantity: Number(raw) });
    else fieldErrors[`quantity-${line.position}`] = "quantity must be a whole number";
  }
  const checked = kit.checkForm(fulfilRequestSchema, { carrier: fields.carrier ?? "", trackingNumber: fields.trackingNumber ?? "", lines });
  const errors = { ...(checked.ok ? {} : formFields(checked.state.fieldErrors ?? {}, lines)), ...fieldErrors };
  if (lines.length === 0 && Object.keys(fieldErrors).length === 0) errors.form = "choose at least one unit to ship";
  return checked.ok && Object.keys(errors).length === 0 ? { ok: true, request: checked.value } : { ok: false, fieldErrors: errors };
}

/** The API's field paths (`lines.N.quantity`) as the form's fields (`quantity-<position>`). */
function formFields(errors: Record<string, string>, lines: readonly { position: number }[], issues?: readonly { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of [...Object.entries(errors), ...(issues ?? []).map((i) => [i.path, i.message] as const)]) {
    const line = /^lines\.(\d+)\./.exec(path)?.[1];
    const position = line === undefined ? undefined : lines[Number(line)]?.position;
    out[position === undefined ? (path === "lines" ? "form" : path) : `quantity-${position}`] ??= message;
  }
  return out;
}

/** A change made, audited as the JSON API audits it (`post /orders/{id}/deliver`). */
async function audited(c: Context<EdgeEnv>, actor: Actor, route: RouteConfig, before: MerchantOrder, after: unknown): Promise<void> {
  const path = adminPath(route.path).slice(ADMIN_API_PREFIX.length);
  await recordChange(c, actor, { action: `${route.method} ${path}`, target: path.replace("{id}", before.id), before: { order: before }, after, requestId: c.get("requestId") });
}

/** A refusal the member can act on, shown on the order page; anything else goes to the error page. */
function refusal(err: unknown): err is AppError {
  return err instanceof AppError && (err.code === "ORDER_STATE_CONFLICT" || err.code === "IDEMPOTENCY_KEY_REUSED" || err.code === "PAYMENT_UNAVAILABLE");
}

/** Adds the order pages to the admin pages' app. */
export function registerOrderPages(app: Hono<EdgeEnv>, kit: AdminPageKit): void {
  app.get("/admin/orders", async (c) => {
    const actor = await kit.member(c, "orders:read");
    const query = Object.fromEntries(Object.entries(c.req.query()).filter(([name, v]) => v !== "" && name !== "status"));
    const statuses = (c.req.queries("status") ?? []).filter((s) => s !== "");
    const checked = kit.checkForm(merchantOrderListQuerySchema, statuses.length > 0 ? { ...query, status: statuses } : query);
    if (!checked.ok) return kit.page(c, <OrdersListPage actor={actor} query={query} statuses={statuses} fieldErrors={checked.state.fieldErrors} />, 400);
    const list = await callAsActor(c, actor, "orders", merchantListOrdersRoute, { query: checked.value });
    const next = new URLSearchParams([...Object.entries(query).filter(([name]) => name !== "cursor"), ...statuses.map((s) => ["status", s] as [string, string])]);
    if (list.nextCursor) next.set("cursor", list.nextCursor);
    return kit.page(c, <OrdersListPage actor={actor} query={query} statuses={statuses} list={list} nextHref={list.nextCursor ? `/admin/orders?${next}` : undefined} />);
  });

  async function orderPage(c: Context<EdgeEnv>, actor: Actor, form: FormState = {}, status: ContentfulStatusCode = 200, order?: MerchantOrder) {
    const shown = order ?? (await callAsActor(c, actor, "orders", merchantGetOrderRoute, { params: { id: c.req.param("id") ?? "" } })).order;
    const notice = { shipped: "Shipment recorded.", delivered: "Marked delivered.", cancelled: "Order cancelled: an unpaid order's units are back on sale; a paid one is refunded in full and its units go back once the refund is reported." }[c.req.query("done") ?? ""];
    const canWrite = actorPermissions(actor).includes("orders:write");
    return kit.page(c, <OrderDetailPage actor={actor} order={shown} canWrite={canWrite} idempotencyKey={crypto.randomUUID()} form={form} notice={notice} />, status);
  }

  app.get("/admin/orders/:id", async (c) => orderPage(c, await kit.member(c, "orders:read")));

  app.post("/admin/orders/:id/fulfil", async (c) => {
    const actor = await kit.member(c, "orders:write");
    const fields = await parseFormBody(c);
    const { order } = await callAsActor(c, actor, "orders", merchantGetOrderRoute, { params: { id: c.req.param("id") } });
    const shipment = shipmentFromForm(kit, order, fields);
    const values = Object.fromEntries(Object.entries(fields).filter(([name]) => name !== "idempotencyKey"));
    if (!shipment.ok) return orderPage(c, actor, { fieldErrors: shipment.fieldErrors, formError: shipment.fieldErrors.form, values }, 400, order);
    const key = idempotencyKeySchema.safeParse(fields.idempotencyKey);
    try {
      const after = await callAsActor(c, actor, "orders", merchantFulfilOrderRoute, { params: { id: order.id }, json: shipment.request, ...(key.success ? { idempotencyKey: key.data } : {}) });
      await audited(c, actor, merchantFulfilOrderRoute, order, after);
      return c.redirect(`/admin/orders/${order.id}?done=shipped`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === "VALIDATION_FAILED") {
        const issues = (err.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
        const fieldErrors = formFields({}, shipment.request.lines ?? [], issues);
        return orderPage(c, actor, { fieldErrors, formError: fieldErrors.form ?? (Object.keys(fieldErrors).length === 0 ? err.message : undefined), values }, 400, order);
      }
      if (refusal(err)) return orderPage(c, actor, { formError: err.message, values }, err.status as ContentfulStatusCode);
      throw err;
    }
  });

  for (const [action, route, done] of [
    ["deliver", merchantDeliverOrderRoute, "delivered"],
    ["cancel", merchantCancelOrderRoute, "cancelled"],
  ] as const) {
    app.post(`/admin/orders/:id/${action}`, async (c) => {
      const actor = await kit.member(c, "orders:write");
      const { order } = await callAsActor(c, actor, "orders", merchantGetOrderRoute, { params: { id: c.req.param("id") } });
      try {
        const after = await callAsActor(c, actor, "orders", route, { params: { id: order.id } });
        await audited(c, actor, route, order, after);
        return c.redirect(`/admin/orders/${order.id}?done=${done}`, 303);
      } catch (err) {
        if (refusal(err)) return orderPage(c, actor, { formError: err.message }, err.status as ContentfulStatusCode);
        throw err;
      }
    });
  }
}
