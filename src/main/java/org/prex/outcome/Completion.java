package org.prex.outcome;

import org.prex.item.Item;
import org.prex.staging.Staging;

/**
 * The last step for an item delivered to every agency it was routed to: its plaintext leaves
 * staging. From here on the item exists only as ciphertext in the agencies' packages.
 */
public final class Completion {
  private final Staging staging;

  public Completion(Staging staging) {
    this.staging = staging;
  }

  public void complete(Item item) {
    staging.release(item.id());
  }
}
