import { CURRENCIES } from "../../../domain/money.ts";
import { Field } from "../ui/components.tsx";
import type { FormState } from "./pages.tsx";

/**
 * The admin forms' fields, each with its value and its error from a FormState (the error beside
 * the field, tied to it with aria-describedby): text, a choice, a checkbox, an amount per currency.
 */

export const FieldError = (props: { name: string; error?: string | undefined }) =>
  props.error ? (
    <p class="field-error" id={`${props.name}-error`}>
      {props.error}
    </p>
  ) : null;

export const invalid = (name: string, error?: string) => (error ? { "aria-invalid": "true", "aria-describedby": `${name}-error` } : {});

export function Text(props: { name: string; label: string; form: FormState; type?: string; hint?: string }) {
  return (
    <Field
      name={props.name}
      label={props.label}
      hint={props.hint}
      error={props.form.fieldErrors?.[props.name]}
      input={{ type: props.type ?? "text", value: props.form.values?.[props.name] ?? "" }}
    />
  );
}

export function Choice(props: { name: string; label: string; form: FormState; options: Record<string, string> }) {
  const error = props.form.fieldErrors?.[props.name];
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <select id={props.name} name={props.name} {...invalid(props.name, error)}>
        {Object.entries(props.options).map(([value, label]) => (
          <option value={value} selected={props.form.values?.[props.name] === value}>
            {label}
          </option>
        ))}
      </select>
      <FieldError name={props.name} error={error} />
    </div>
  );
}

export function Check(props: { name: string; label: string; form: FormState }) {
  return (
    <div>
      <input type="checkbox" id={props.name} name={props.name} value="on" checked={Boolean(props.form.values?.[props.name])} />
      <label for={props.name}>{props.label}</label>
    </div>
  );
}

/** One amount per currency, each optional. */
export function Amounts(props: { name: string; legend: string; form: FormState }) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {CURRENCIES.map((currency) => (
        <Text name={`${props.name}_${currency}`} label={currency} form={props.form} />
      ))}
    </fieldset>
  );
}
