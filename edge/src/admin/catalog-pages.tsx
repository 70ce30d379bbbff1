import type { Child } from "hono/jsx";
import type { Actor } from "../../../contracts/admin/actor.ts";
import type { ImportProblem, ImportResult, MerchantCategory, MerchantProduct, MerchantProductRow } from "../../../contracts/catalog/merchant-api.ts";
import type { VariantStock } from "../../../contracts/orders/stock-routes.ts";
import { CURRENCIES } from "../../../domain/money.ts";
import { formatOptionLines } from "../../../domain/product-options.ts";
import { FormError } from "../ui/components.tsx";
import { AdminLayout, type FormState } from "./pages.tsx";

/**
 * The admin's catalog pages (routes: catalog-page-routes.tsx): products, a product's editor with
 * its variants and their stock, categories, and the CSV import and export. Plain forms, no
 * script; field names are the API's field paths (`variants.2.prices.EUR`), so an error the
 * service names lands beside its field.
 */

function Text(props: { name: string; label: string; form: FormState; value?: string | undefined; hint?: string; multiline?: boolean; required?: boolean; type?: string }) {
  const error = props.form.fieldErrors?.[props.name];
  const value = props.form.values?.[props.name] ?? props.value ?? "";
  const id = `f-${props.name.replaceAll(".", "-")}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {props.multiline ? (
        <textarea id={id} name={props.name} rows={4} aria-invalid={error ? "true" : undefined}>
          {value}
        </textarea>
      ) : (
        <input id={id} name={props.name} type={props.type ?? "text"} value={value} required={props.required} aria-invalid={error ? "true" : undefined} />
      )}
      {error ? <p class="field-error">{error}</p> : null}
    </div>
  );
}

function CategorySelect(props: { name: string; label: string; categories: MerchantCategory[]; form: FormState; value?: string | null | undefined; allowNone?: boolean }) {
  const chosen = props.form.values?.[props.name] ?? props.value ?? "";
  const error = props.form.fieldErrors?.[props.name];
  return (
    <div class="field">
      <label for={`f-${props.name}`}>{props.label}</label>
      <select id={`f-${props.name}`} name={props.name}>
        {props.allowNone ? <option value="">(top level)</option> : null}
        {props.categories.map((c) => (
          <option value={c.slug} selected={c.slug === chosen}>
            {c.path.join(" › ")}
          </option>
        ))}
      </select>
      {error ? <p class="field-error">{error}</p> : null}
    </div>
  );
}

/** A control in a table cell: its label is there for screen readers, the column header for the eye. */
function CellLabel(props: { for: string; children?: Child }) {
  return (
    <label class="visually-hidden" for={props.for}>
      {props.children}
    </label>
  );
}

/** A table's header row; a column given as false is left out (one only some roles see). */
function TableHead(props: { columns: (string | false)[] }) {
  return (
    <thead>
      <tr>
        {props.columns.filter((c): c is string => c !== false).map((c) => (
          <th scope="col">{c}</th>
        ))}
      </tr>
    </thead>
  );
}

/** The errors of a one-row form, under it. */
function RowErrors(props: { form: FormState }) {
  return (
    <>
      {Object.entries(props.form.fieldErrors ?? {}).map(([field, message]) => (
        <p class="field-error">
          {field}: {message}
        </p>
      ))}
    </>
  );
}

/** Every problem the form has, above it, so one not tied to a shown field is not lost. */
function Problems(props: { form: FormState }) {
  const errors = Object.entries(props.form.fieldErrors ?? {});
  if (errors.length === 0 && !props.form.formError) return null;
  return (
    <FormError message={props.form.formError ?? "Please correct the fields below."}>
      <ul>
        {errors.map(([field, message]) => (
          <li>
            {field}: {message}
          </li>
        ))}
      </ul>
    </FormError>
  );
}

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

export function CategoriesPage(props: { actor: Actor; categories: MerchantCategory[]; form: FormState; canWrite: boolean; editing?: string | undefined }) {
  const f = props.form;
  return (
    <AdminLayout title="Categories" actor={props.actor}>
      <h1>Categories</h1>
      <p>
        <a href="/admin/catalog">Products</a>
      </p>
      {props.editing === undefined ? <Problems form={f} /> : null}
      <table>
        <TableHead columns={["Category", "Slug", props.canWrite && "Rename, move or reorder"]} />
        <tbody>
          {props.categories.map((c) => {
            const mine: FormState = props.editing === c.slug ? f : {};
            return (
              <tr>
                <td>{c.path.join(" › ")}</td>
                <td>{c.slug}</td>
                {props.canWrite ? (
                  <td>
                    <form method="post" action={`/admin/catalog/categories/${c.slug}`}>
                      <CellLabel for={`name-${c.slug}`}>Name of {c.slug}</CellLabel>
                      <input id={`name-${c.slug}`} name="name" value={mine.values?.name ?? c.name} />{" "}
                      <CellLabel for={`parent-${c.slug}`}>Parent of {c.slug}</CellLabel>
                      <select id={`parent-${c.slug}`} name="parent">
                        <option value="">(top level)</option>
                        {props.categories.map((p) => (
                          <option value={p.slug} selected={(mine.values?.parent ?? c.parent ?? "") === p.slug}>
                            {p.path.join(" › ")}
                          </option>
                        ))}
                      </select>{" "}
                      <CellLabel for={`position-${c.slug}`}>Position of {c.slug}</CellLabel>
                      <input id={`position-${c.slug}`} name="position" type="number" value={mine.values?.position ?? String(c.position)} /> <button type="submit">Save</button>
                      <RowErrors form={mine} />
                    </form>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.canWrite ? (
        <section aria-labelledby="new-category">
          <h2 id="new-category">New category</h2>
          <form method="post" action="/admin/catalog/categories">
            <Text name="slug" label="Slug" form={props.editing === undefined ? f : {}} required />
            <Text name="name" label="Name" form={props.editing === undefined ? f : {}} required />
            <CategorySelect name="parent" label="Parent" categories={props.categories} form={props.editing === undefined ? f : {}} allowNone />
            <button type="submit">Create category</button>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export function ImportPage(props: { actor: Actor; problems?: ImportProblem[] | undefined; message?: string | undefined; result?: ImportResult | undefined }) {
  return (
    <AdminLayout title="Import products" actor={props.actor}>
      <h1>Import products from CSV</h1>
      <p>
        The format of <a href="/admin/catalog/export.csv">the export</a>: one row per variant. Products are matched by slug and variants by SKU; a product's variants not in
        the file are switched off. Any problem refuses the whole file.
      </p>
      {props.result ? (
        <p role="status">
          Imported: {props.result.products.created} products created, {props.result.products.updated} updated, {props.result.products.unchanged} unchanged;{" "}
          {props.result.variants.created} variants created, {props.result.variants.updated} updated, {props.result.variants.deactivated} switched off.
        </p>
      ) : null}
      {props.problems ? (
        <FormError message={props.message ?? "Nothing was imported."}>
          <table>
            <TableHead columns={["Line", "Column", "Problem"]} />
            <tbody>
              {props.problems.map((p) => (
                <tr>
                  <td>{p.line}</td>
                  <td>{p.column}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </FormError>
      ) : null}
      <form method="post" action="/admin/catalog/import" enctype="multipart/form-data">
        <div class="field">
          <label for="file">CSV file</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <div class="field">
          <label for="csv">or paste the CSV</label>
          <textarea id="csv" name="csv" rows={10}></textarea>
        </div>
        <button type="submit">Import</button>
      </form>
    </AdminLayout>
  );
}
