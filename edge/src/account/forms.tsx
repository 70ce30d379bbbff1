import { MAX_EMAIL_LENGTH } from "../../../domain/cart-contact.ts";
import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../../regional-services/customers/contract.ts";
import { Field, FormError } from "../ui/components.tsx";

/**
 * The sign-in and sign-up forms: plain HTML that works without JavaScript. An error sits right
 * after its field and is tied to it with aria-describedby; a form-wide error (wrong password,
 * too many attempts) is announced at the top. Passwords are never echoed back into the page.
 */
export type FieldName = "email" | "password" | "name";
export type FieldErrors = Partial<Record<FieldName, string>>;

export interface AccountFormState {
  next: string;
  values?: { email?: string | undefined; name?: string | undefined };
  fieldErrors?: FieldErrors;
  formError?: string | undefined;
}

const nextQuery = (next: string) => (next === "/" ? "" : `?next=${encodeURIComponent(next)}`);

const emailInput = (props: AccountFormState) => ({ type: "email", autocomplete: "email", required: true, maxlength: MAX_EMAIL_LENGTH, value: props.values?.email ?? "" });

export function SignInForm(props: AccountFormState) {
  const errors = props.fieldErrors;
  return (
    <section class="account-form" aria-labelledby="signin-heading">
      <h1 id="signin-heading">Sign in</h1>
      <FormError message={props.formError} />
      <form method="post" action="/account/signin">
        <input type="hidden" name="next" value={props.next} />
        <Field name="email" label="Email" error={errors?.email} input={emailInput(props)} />
        <Field name="password" label="Password" error={errors?.password} input={{ type: "password", autocomplete: "current-password", required: true, maxlength: MAX_PASSWORD_LENGTH }} />
        <button type="submit">Sign in</button>
      </form>
      <p>
        New here? <a href={`/account/signup${nextQuery(props.next)}`}>Create an account</a>
      </p>
    </section>
  );
}

export function SignUpForm(props: AccountFormState) {
  const errors = props.fieldErrors;
  return (
    <section class="account-form" aria-labelledby="signup-heading">
      <h1 id="signup-heading">Create an account</h1>
      <FormError message={props.formError} />
      <form method="post" action="/account/signup">
        <input type="hidden" name="next" value={props.next} />
        <Field name="name" label="Name (optional)" error={errors?.name} input={{ type: "text", autocomplete: "name", maxlength: MAX_NAME_LENGTH, value: props.values?.name ?? "" }} />
        <Field name="email" label="Email" error={errors?.email} input={emailInput(props)} />
        <Field
          name="password"
          label={`Password (at least ${MIN_PASSWORD_LENGTH} characters)`}
          error={errors?.password}
          input={{ type: "password", autocomplete: "new-password", required: true, minlength: MIN_PASSWORD_LENGTH, maxlength: MAX_PASSWORD_LENGTH }}
        />
        <button type="submit">Create account</button>
      </form>
      <p>
        Already have an account? <a href={`/account/signin${nextQuery(props.next)}`}>Sign in</a>
      </p>
    </section>
  );
}
