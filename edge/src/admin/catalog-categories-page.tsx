import type { Actor } from "../../../contracts/admin/actor.ts";
import type { MerchantCategory } from "../../../contracts/catalog/merchant-api.ts";
import { AdminLayout, type FormState } from "./pages.tsx";
import { CategorySelect, CellLabel, Problems, RowErrors, TableHead, Text } from "./catalog-fields.tsx";

/** The categories page of the admin (routes: catalog-page-routes.tsx): the tree, and forms to add or move a category. */
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
