import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { StaffActor } from "../../../contracts/admin/actor.ts";
import { merchantCancelFlashSaleRoute, merchantCreateFlashSaleRoute, merchantListFlashSalesRoute } from "../../../contracts/flash-sales/routes.ts";
import { AppError } from "../../../platform/errors.ts";
import { parseFormBody } from "../../../platform/http.ts";
import { unitsHeldAndSold } from "../flash-sales/shards.ts";
import type { EdgeEnv } from "../types.ts";
import { callAudited } from "./audit.ts";
import { callAsActor } from "./call.ts";
import { FlashSalesPage } from "./flash-sales-pages.tsx";
import { amounts, issuesOnForm, utcInstant, validationIssues, wholeNumber, type FieldErrors } from "./form-values.ts";
import { may, member, page } from "./page-kit.tsx";
import type { FormState } from "./pages.tsx";

/**
 * /admin/flash-sales: the catalog's flash-sales API as a page, called as the member, each change
 * recorded in the audit log; reserved and sold units come from the sale's StockObjects.
 */
export const flashSalePageRoutes = new Hono<EdgeEnv>();

async function flashSalesPage(c: Context<EdgeEnv>, actor: StaffActor, form: FormState, status: ContentfulStatusCode = 200) {
  const { flashSales } = await callAsActor(c, actor, "catalog", merchantListFlashSalesRoute, {});
  const rows = await Promise.all(flashSales.map(async (sale) => ({ sale, ...(await unitsHeldAndSold(c.env, sale)) })));
  return page(c, <FlashSalesPage actor={actor} rows={rows} canWrite={may(actor, "promotions:write")} form={form} created={c.req.query("created")} now={Date.now()} />, status);
}

flashSalePageRoutes.get("/admin/flash-sales", async (c) => flashSalesPage(c, await member(c, "promotions:read"), {}));

/** The API names `salePrices.USD`; the form, `salePrice_USD`. */
const fieldOfIssue = (path: string) => {
  const [head, currency] = path.split(".");
  if (head === "salePrices") return `salePrice_${currency ?? "USD"}`;
  return head && ["variantId", "allocation", "startsAt", "endsAt", "perCustomerMax", "shards"].includes(head) ? head : undefined;
};

flashSalePageRoutes.post("/admin/flash-sales", async (c) => {
  const actor = await member(c, "promotions:write");
  const fields = await parseFormBody(c);
  const again = (form: Omit<FormState, "values">, status: ContentfulStatusCode) => flashSalesPage(c, actor, { ...form, values: fields }, status);
  const errors: FieldErrors = {};
  const body = {
    variantId: (fields.variantId ?? "").trim(),
    salePrices: amounts(fields, "salePrice", "the sale price", errors) ?? {},
    allocation: wholeNumber(fields, "allocation", "units for the sale", errors),
    startsAt: utcInstant(fields.startsAt) ?? "",
    endsAt: utcInstant(fields.endsAt) ?? "",
    perCustomerMax: wholeNumber(fields, "perCustomerMax", "most units per customer", errors),
    shards: wholeNumber(fields, "shards", "shards", errors),
  };
  if (Object.keys(errors).length > 0) return again({ fieldErrors: errors }, 400);
  try {
    // JSON leaves out what the form left empty; the API names each missing field.
    const { flashSale } = await callAudited(c, actor, "catalog", merchantCreateFlashSaleRoute, { json: body as typeof body & { allocation: number } });
    return c.redirect(`/admin/flash-sales?created=${encodeURIComponent(flashSale.id)}`, 303);
  } catch (err) {
    const issues = validationIssues(err);
    if (!issues || !(err instanceof AppError)) throw err;
    return again(issuesOnForm(issues, err.message, fieldOfIssue), 400);
  }
});

flashSalePageRoutes.post("/admin/flash-sales/:id/cancel", async (c) => {
  const actor = await member(c, "promotions:write");
  await callAudited(c, actor, "catalog", merchantCancelFlashSaleRoute, { params: { id: c.req.param("id") } });
  return c.redirect("/admin/flash-sales", 303);
});
