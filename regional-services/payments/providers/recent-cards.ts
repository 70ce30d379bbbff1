import type { PaymentMethod } from "./provider.ts";
import type { CardBehaviour } from "./sandbox-cards.ts";

/** A stored card as the sandbox charges it: its description and what charging it does. */
export interface StoredCard extends PaymentMethod {
  behaviour: CardBehaviour;
}

const DEFAULT_CAPACITY = 10_000;

/**
 * The cards the sandbox stored or read lately, by token. A token's row is never changed nor
 * deleted, so a remembered card is as good as its row: a checkout tokenises a card and charges it
 * moments later, and neither step then reads the row again. Another process's tokens are simply
 * read. Bounded: the oldest is forgotten first.
 */
export class RecentCards {
  private readonly cards = new Map<string, StoredCard>();
  private readonly capacity: number;

  constructor(capacity = DEFAULT_CAPACITY) {
    this.capacity = capacity;
  }

  get(token: string): StoredCard | undefined {
    return this.cards.get(token);
  }

  remember(card: StoredCard): StoredCard {
    this.cards.set(card.token, card);
    if (this.cards.size > this.capacity) {
      const oldest = this.cards.keys().next();
      if (!oldest.done) this.cards.delete(oldest.value);
    }
    return card;
  }
}
