import type { Actor } from "../../../contracts/admin/actor.ts";
import type { MerchantCategory, MerchantProduct, MerchantProductRow } from "../../../contracts/catalog/merchant-api.ts";
import type { VariantStock } from "../../../contracts/orders/stock-routes.ts";
import { CURRENCIES } from "../../../domain/money.ts";
import { formatOptionLines } from "../../../domain/product-options.ts";
import { AdminLayout, type FormState } from "./pages.tsx";
import { CategorySelect, CellLabel, Problems, RowErrors, TableHead, Text } from "./catalog-fields.tsx";

/**
 * The admin's product pages (routes: catalog-page-routes.tsx): the list, a new product, and a
 * product's editor with its variants and their stock (categories and the CSV import have pages of
 * their own). Plain forms, no script; field names are the API's field paths
 * (`variants.2.prices.EUR`), so an error the service names lands beside its field.
 */

export function ProductListPage(props: { actor: Actor; rows: MerchantProductRow[]; query: Record<string, string>; nextHref?: string | undefined; canWrite: boolean }) {
  return (
    <AdminLayout title="Products" actor={props.actor}>
      <h1>Products</h1>
      <p>
        {props.canWrite ? <a href="/admin/catalog/new">New product</a> : null} · <a href="/admin/catalog/categories">Categories</a> · <a href="/admin/catalog/export.csv">Export CSV</a>
        {props.canWrite ? (
          <>
            {" "}
            · <a href="/admin/catalog/import">Import CSV</a>
          </>
        ) : null}
      </p>
      <form method="get" action="/admin/catalog">
        <label for="q">Search</label> <input id="q" name="q" type="search" value={props.query.q ?? ""} />{" "}
        <label for="status">Show</label>{" "}
        <select id="status" name="status">
          {(["all", "active", "archived"] as const).map((s) => (
            <option value={s} selected={(props.query.status ?? "all") === s}>
              {s}
            </option>
          ))}
        </select>{" "}
        <button type="submit">Filter</button>
      </form>
      <table>
        <TableHead columns={["Product", "Category", "Variants", "Status"]} />
        <tbody>
          {props.rows.map((p) => (
            <tr>
              <td>
                <a href={`/admin/catalog/products/${p.slug}`}>{p.title}</a> <small>{p.slug}</small>
              </td>
              <td>{p.category}</td>
              <td>{p.variantCount}</td>
              <td>{p.active ? "active" : "archived"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.rows.length === 0 ? <p>No products match.</p> : null}
      {props.nextHref ? <a href={props.nextHref}>Next page</a> : null}
    </AdminLayout>
  );
}

export function NewProductPage(props: { actor: Actor; categories: MerchantCategory[]; form: FormState }) {
  const f = props.form;
  return (
    <AdminLayout title="New product" actor={props.actor}>
      <h1>New product</h1>
      <Problems form={f} />
      <form method="post" action="/admin/catalog/new">
        <Text name="slug" label="Slug" form={f} hint="a-z, 0-9 and -; the product's address" required />
        <Text name="title" label="Title" form={f} required />
        <Text name="description" label="Description" form={f} multiline />
        <CategorySelect name="category" label="Category" categories={props.categories} form={f} />
        <Text name="images" label="Image URLs" form={f} multiline hint="One per line; the first is the main image" />
        <Text name="options" label="Options" form={f} multiline hint='One per line, e.g. "Size: S, M, L" and "Colour: Navy, Sand"; a variant is made for every combination' />
        <fieldset>
          <legend>Price of every variant, in minor units (2400 for 24.00); leave empty for a currency not sold</legend>
          {CURRENCIES.map((c) => (
            <Text name={`prices.${c}`} label={c} form={f} type="number" />
          ))}
        </fieldset>
        <Text name="stock" label="Stock of every variant" form={f} type="number" value="0" />
        <button type="submit">Create product</button>
      </form>
    </AdminLayout>
  );
}

export function ProductEditPage(props: { actor: Actor; product: MerchantProduct; categories: MerchantCategory[]; stock: VariantStock[]; form: FormState; stockForm: FormState & { variantId?: string }; canWrite: boolean; notice?: string | undefined }) {
  const { product: p, form: f } = props;
  const stockOf = new Map(props.stock.map((s) => [s.variantId, s]));
  const rows = [...p.variants.map((v) => ({ ...v, isNew: false })), { id: "", sku: "", title: "", options: {} as Record<string, string>, prices: {}, stock: 0, active: true, isNew: true }];
  const value = (name: string, fallback: string) => f.values?.[name] ?? fallback;
  return (
    <AdminLayout title={p.title} actor={props.actor}>
      <h1>
        {p.title} <small>{p.active ? "active" : "archived"}</small>
      </h1>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <p>
        <a href="/admin/catalog">All products</a> · <a href={`/products/${p.slug}`}>View in the shop</a>
      </p>
      {props.canWrite ? (
        <form method="post" action={`/admin/catalog/products/${p.slug}/${p.active ? "archive" : "unarchive"}`}>
          <button type="submit">{p.active ? "Archive (leaves the shop; carts holding it warn)" : "Put back on sale"}</button>
        </form>
      ) : null}
      <Problems form={f} />
      <form method="post" action={`/admin/catalog/products/${p.slug}`}>
        <Text name="title" label="Title" form={f} value={p.title} required />
        <Text name="description" label="Description" form={f} value={p.description} multiline />
        <CategorySelect name="category" label="Category" categories={props.categories} form={f} value={p.category} />
        <Text name="images" label="Image URLs" form={f} value={p.images.join("\n")} multiline hint="One per line; the first is the main image" />
        <Text name="options" label="Options" form={f} value={formatOptionLines(p.options)} multiline hint='One per line, "Size: S, M, L"; each variant below names one value of each' />
        <table>
          <caption>Variants (a variant left without a SKU is not added; one unticked is switched off)</caption>
          <TableHead columns={["SKU", 'Options ("Size=M; Colour=Navy")', ...CURRENCIES, "Stock", "Active"]} />
          <tbody>
            {rows.map((v, i) => {
              const at = (field: string) => `variants.${i}.${field}`;
              const err = (field: string) => Object.entries(f.fieldErrors ?? {}).find(([k]) => k.startsWith(at(field)))?.[1];
              return (
                <tr>
                  <td>
                    <CellLabel for={`v${i}-sku`}>SKU of variant {i + 1}</CellLabel>
                    <input id={`v${i}-sku`} name={at("sku")} value={value(at("sku"), v.sku)} readonly={!v.isNew} />
                    {err("sku") ? <p class="field-error">{err("sku")}</p> : null}
                  </td>
                  <td>
                    <CellLabel for={`v${i}-options`}>Options of variant {i + 1}</CellLabel>
                    <input id={`v${i}-options`} name={at("options")} value={value(at("options"), Object.entries(v.options).map(([k, val]) => `${k}=${val}`).join("; "))} />
                    {err("options") ? <p class="field-error">{err("options")}</p> : null}
                  </td>
                  {CURRENCIES.map((c) => (
                    <td>
                      <CellLabel for={`v${i}-${c}`}>{c} price of variant {i + 1}</CellLabel>
                      <input id={`v${i}-${c}`} name={at(`prices.${c}`)} type="number" value={value(at(`prices.${c}`), (v.prices as Record<string, number | undefined>)[c]?.toString() ?? "")} />
                      {err(`prices.${c}`) ? <p class="field-error">{err(`prices.${c}`)}</p> : null}
                    </td>
                  ))}
                  <td>
                    {v.isNew ? (
                      <>
                        <CellLabel for={`v${i}-stock`}>Stock of the new variant</CellLabel>
                        <input id={`v${i}-stock`} name={at("stock")} type="number" value={value(at("stock"), "0")} />
                      </>
                    ) : (
                      <>
                        <input type="hidden" name={at("stock")} value={String(v.stock)} />
                        {v.stock}
                      </>
                    )}
                  </td>
                  <td>
                    <CellLabel for={`v${i}-active`}>Variant {i + 1} on sale</CellLabel>
                    <input id={`v${i}-active`} type="checkbox" name={at("active")} value="true" checked={f.values ? f.values[at("active")] === "true" : v.active} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {props.canWrite ? <button type="submit">Save product</button> : null}
      </form>
      <StockSection {...props} stockOf={stockOf} />
    </AdminLayout>
  );
}

function StockSection(props: { product: MerchantProduct; stockOf: Map<string, VariantStock>; stockForm: FormState & { variantId?: string }; canWrite: boolean }) {
  return (
    <section aria-labelledby="stock-heading">
      <h2 id="stock-heading">Stock</h2>
      <p>As the orders service counts it: available to buy, and held by orders awaiting payment.</p>
      <table>
        <TableHead columns={["Variant", "Available", "Held", props.canWrite && "Adjust (a change like +12 or -3, or a count on hand) with a reason"]} />
        <tbody>
          {props.product.variants.map((v) => {
            const s = props.stockOf.get(v.id);
            const mine = props.stockForm.variantId === v.id ? props.stockForm : {};
            return (
              <tr>
                <td>
                  {v.sku} <small>{v.title}</small>
                </td>
                <td>{s?.tracked ? s.available : "not counted yet"}</td>
                <td>{s?.held ?? 0}</td>
                {props.canWrite ? (
                  <td>
                    <form method="post" action={`/admin/catalog/products/${props.product.slug}/stock/${v.id}`}>
                      {/* One key per form shown: a form sent twice adjusts once. */}
                      <input type="hidden" name="key" value={mine.values?.key ?? crypto.randomUUID()} />
                      <CellLabel for={`mode-${v.id}`}>Kind of adjustment for {v.sku}</CellLabel>
                      <select id={`mode-${v.id}`} name="mode">
                        <option value="delta">change by</option>
                        <option value="set" selected={mine.values?.mode === "set"}>
                          count on hand
                        </option>
                      </select>{" "}
                      <CellLabel for={`amount-${v.id}`}>Units for {v.sku}</CellLabel>
                      <input id={`amount-${v.id}`} name="amount" type="number" required value={mine.values?.amount ?? ""} />{" "}
                      <CellLabel for={`reason-${v.id}`}>Reason for {v.sku}</CellLabel>
                      <input id={`reason-${v.id}`} name="reason" required placeholder="reason" value={mine.values?.reason ?? ""} /> <button type="submit">Adjust</button>
                      <RowErrors form={mine} />
                    </form>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
