import type { Child } from "hono/jsx";
import type { MerchantCategory } from "../../../contracts/catalog/merchant-api.ts";
import { FormError } from "../ui/components.tsx";
import type { FormState } from "./pages.tsx";

/**
 * The form pieces every catalog page uses (catalog-pages.tsx, catalog-categories-page.tsx,
 * catalog-import-page.tsx): labelled fields whose names are the API's field paths, so an error
 * the service names lands beside its field.
 */
export function Text(props: { name: string; label: string; form: FormState; value?: string | undefined; hint?: string; multiline?: boolean; required?: boolean; type?: string }) {
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

export function CategorySelect(props: { name: string; label: string; categories: MerchantCategory[]; form: FormState; value?: string | null | undefined; allowNone?: boolean }) {
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
export function CellLabel(props: { for: string; children?: Child }) {
  return (
    <label class="visually-hidden" for={props.for}>
      {props.children}
    </label>
  );
}

/** A table's header row; a column given as false is left out (one only some roles see). */
export function TableHead(props: { columns: (string | false)[] }) {
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
export function RowErrors(props: { form: FormState }) {
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
export function Problems(props: { form: FormState }) {
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
