import type { Child } from "hono/jsx";
import { MAX_EMAIL_LENGTH } from "../../../domain/cart-contact.ts";
import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../../regional-services/customers/contract.ts";

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

function Field(props: { name: FieldName; label: string; error?: string | undefined; children: Child }) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.children}
      {props.error ? (
        <p class="field-error" id={`${props.name}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** aria attributes for an input, so a screen reader reads its error with it. */
function invalid(name: FieldName, errors: FieldErrors | undefined) {
  return errors?.[name] ? { "aria-invalid": "true", "aria-describedby": `${name}-error` } : {};
}

function FormError(props: { message?: string | undefined }) {
  return props.message ? (
    <p class="form-error" role="alert">
      {props.message}
    </p>
  ) : null;
}

const nextQuery = (next: string) => (next === "/" ? "" : `?next=${encodeURIComponent(next)}`);

export function SignInForm(props: AccountFormState) {
  const errors = props.fieldErrors;
  return (
    <section class="account-form" aria-labelledby="signin-heading">
      <h1 id="signin-heading">Sign in</h1>
      <FormError message={props.formError} />
      <form method="post" action="/account/signin">
        <input type="hidden" name="next" value={props.next} />
        <Field name="email" label="Email" error={errors?.email}>
          <input id="email" name="email" type="email" autocomplete="email" required maxlength={MAX_EMAIL_LENGTH} value={props.values?.email ?? ""} {...invalid("email", errors)} />
        </Field>
        <Field name="password" label="Password" error={errors?.password}>
          <input id="password" name="password" type="password" autocomplete="current-password" required maxlength={MAX_PASSWORD_LENGTH} {...invalid("password", errors)} />
        </Field>
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
        <Field name="name" label="Name (optional)" error={errors?.name}>
          <input id="name" name="name" type="text" autocomplete="name" maxlength={MAX_NAME_LENGTH} value={props.values?.name ?? ""} {...invalid("name", errors)} />
        </Field>
        <Field name="email" label="Email" error={errors?.email}>
          <input id="email" name="email" type="email" autocomplete="email" required maxlength={MAX_EMAIL_LENGTH} value={props.values?.email ?? ""} {...invalid("email", errors)} />
        </Field>
        <Field name="password" label={`Password (at least ${MIN_PASSWORD_LENGTH} characters)`} error={errors?.password}>
          <input id="password" name="password" type="password" autocomplete="new-password" required minlength={MIN_PASSWORD_LENGTH} maxlength={MAX_PASSWORD_LENGTH} {...invalid("password", errors)} />
        </Field>
        <button type="submit">Create account</button>
      </form>
      <p>
        Already have an account? <a href={`/account/signin${nextQuery(props.next)}`}>Sign in</a>
      </p>
    </section>
  );
}
