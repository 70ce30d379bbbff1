import { Amounts, Check, Choice, FieldError, invalid, Text } from "./form-fields.tsx";
import type { FormState } from "./pages.tsx";
import { FORM_KINDS } from "./promotion-form.ts";

/**
 * The promotion form's fields (promotion-form.ts reads them), each with its error beside it.
 * Times are UTC; amounts are decimals per currency; lists are comma-separated.
 */

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
