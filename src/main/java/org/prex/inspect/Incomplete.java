package org.prex.inspect;

/** Part of an item could not be inspected: the item is held with this reason (fail closed). */
final class Incomplete extends RuntimeException {
  Incomplete(String reason) {
    super(reason, null, false, false);
  }
}
