/**
 * The published development secrets: embedded so `npm run dev` and the tests need no set-up, and
 * listed in one place so production can refuse every one of them (regional-services/shared/env.ts
 * for the services, the session middleware for the Worker). Never use them anywhere real.
 */
export const DEV_SECRETS = Object.freeze({
  EDGE_SIGNING_SECRET: "dev-edge-signing-secret-change-me",
  SERVICE_SIGNING_SECRET: "dev-service-signing-secret-change-me",
  MERCHANT_TOKEN: "dev-merchant-token-change-me",
  PAYMENTS_WEBHOOK_SECRET: "dev-sandbox-webhook-secret-change-me",
  UPSTASH_REDIS_REST_TOKEN: "dev-upstash-token",
  /** The dev owner's password (`npm run dev` and the test stacks only; production makes its first owner with `npm run admin:create-owner`). */
  DEV_OWNER_PASSWORD: "dev-owner-password-change-me",
  /** The Worker's cookie-signing key; the services never see it. */
  SESSION_SECRET: "dev-session-secret-change-me-please-32b",
});

export type DevSecretName = keyof typeof DEV_SECRETS;

/** The dev owner's sign-in email, printed by `npm run dev` beside DEV_SECRETS.DEV_OWNER_PASSWORD. */
export const DEV_OWNER_EMAIL = "owner@edgeshop.local";
