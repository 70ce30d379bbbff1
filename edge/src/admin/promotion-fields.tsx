import { CURRENCIES } from "../../../domain/money.ts";
import { Field } from "../ui/components.tsx";
import type { FormState } from "./pages.tsx";
import { FORM_KINDS } from "./promotion-form.ts";

/**
 * The promotion form's fields (promotion-form.ts reads them), each with its error beside it.
 * Times are UTC; amounts are decimals per currency; lists are comma-separated.
 */

const FieldError = (props: { name: string; error?: string | undefined }) =>
  props.error ? (
    <p class="field-error" id={`${props.name}-error`}>
      {props.error}
    </p>
  ) : null;

const invalid = (name: string, error?: string) => (error ? { "aria-invalid": "true", "aria-describedby": `${name}-error` } : {});

function Text(props: { name: string; label: string; form: FormState; type?: string; hint?: string }) {
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

function Choice(props: { name: string; label: string; form: FormState; options: Record<string, string> }) {
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

function Check(props: { name: string; label: string; form: FormState }) {
  return (
    <div>
      <input type="checkbox" id={props.name} name={props.name} value="on" checked={Boolean(props.form.values?.[props.name])} />
      <label for={props.name}>{props.label}</label>
    </div>
  );
}

/** One amount per currency, each optional. */
function Amounts(props: { name: string; legend: string; form: FormState }) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {CURRENCIES.map((currency) => (
        <Text name={`${props.name}_${currency}`} label={currency} form={props.form} />
      ))}
    </fieldset>
  );
}

export function PromotionFields(props: { form: FormState }) {
  const form = props.form;
  const codesError = form.fieldErrors?.codes;
  return (
    <>
      <Text name="name" label="Name" form={form} />
      <Text name="description" label="Description shown to shoppers" form={form} />
      <Choice name="kind" label="Kind" form={form} options={FORM_KINDS} />
      <Text name="percent" label="Percent off (also the discount on Y for buy X get Y; 100 = free)" form={form} />
      <Amounts name="amountOff" legend="Amount off (fixed amount only)" form={form} />
      <Text name="buy" label="Buy X (buy X get Y only)" form={form} />
      <Text name="get" label="Get Y (buy X get Y only)" form={form} />
      <Text name="categorySlugs" label="Only products of these categories (slugs, comma-separated; product kinds only)" form={form} />
      <Choice name="activation" label="How it applies" form={form} options={{ code: "With a code", automatic: "Automatically" }} />
      <div class="field">
        <label for="codes">Codes (one per line or comma-separated)</label>
        <textarea id="codes" name="codes" rows={3} {...invalid("codes", codesError)}>
          {form.values?.codes ?? ""}
        </textarea>
        <FieldError name="codes" error={codesError} />
      </div>
      <Text name="startsAt" label="Starts (UTC, optional)" type="datetime-local" form={form} />
      <Text name="endsAt" label="Ends (UTC, optional)" type="datetime-local" form={form} />
      <Text name="totalUses" label="Usage limit (optional)" form={form} />
      <Text name="usesPerCustomer" label="Uses per customer (optional)" form={form} />
      <Amounts name="budget" legend="Budget: most discount to give (optional)" form={form} />
      <Amounts name="minSubtotal" legend="Minimum subtotal (optional)" form={form} />
      <fieldset>
        <legend>Customers</legend>
        <Check name="signedInOnly" label="Signed-in customers only" form={form} />
        <Check name="firstOrderOnly" label="First order only" form={form} />
        <Text name="customerTags" label="Only customers with one of these tags (comma-separated)" form={form} />
      </fieldset>
    </>
  );
}
