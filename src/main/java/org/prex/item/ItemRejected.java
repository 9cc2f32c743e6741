package org.prex.item;

/**
 * The item cannot be accepted as uploaded (e.g. it is empty); it is rejected with a receipt saying
 * why. The reason names the problem, never the lab's file name.
 */
public final class ItemRejected extends RuntimeException {
  public ItemRejected(String reason) {
    super(reason);
  }
}
