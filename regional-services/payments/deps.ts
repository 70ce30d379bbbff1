import type { PaymentsDb } from "./db.ts";
import type { PaymentProvider } from "./providers/provider.ts";

/** What the payment flows need: their database and the card processor. */
export interface PaymentsDeps {
  db: PaymentsDb;
  provider: PaymentProvider;
  /** How long a repeated request waits for the first one to hear back from the provider. */
  replayWaitMs?: number;
}
