import type { Actor } from "../../../contracts/admin/actor.ts";
import type { ImportProblem, ImportResult } from "../../../contracts/catalog/merchant-api.ts";
import { FormError } from "../ui/components.tsx";
import { AdminLayout } from "./pages.tsx";
import { TableHead } from "./catalog-fields.tsx";

/** The CSV import page (routes: catalog-page-routes.tsx): the upload form and, after a refusal, every problem by line and column. */
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
