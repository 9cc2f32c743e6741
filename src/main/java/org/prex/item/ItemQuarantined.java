package org.prex.item;

/**
 * The item must not be delivered to anyone (no agency may receive it, or it carries a marking that
 * does not parse or is classified): it is sealed to the security officer's key. Any other failure
 * while handling an item ends the same way: fail closed.
 */
public final class ItemQuarantined extends RuntimeException {
  public ItemQuarantined(String reason) {
    super(reason);
  }
}
