package org.prex.inspect;

/** What one item may still unpack (entries, bytes), against its {@link Limits}. */
final class Budget {
  private final Limits limits;
  private final long maxBytes;
  private int entries;
  private long bytes;

  Budget(Limits limits, long itemSize) {
    this.limits = limits;
    long ratio =
        itemSize > Long.MAX_VALUE / limits.expansionRatio()
            ? Long.MAX_VALUE
            : itemSize * limits.expansionRatio();
    this.maxBytes = Math.max(limits.expansionFloor(), ratio);
  }

  void enter(int depth, String part) {
    if (depth > limits.maxDepth()) {
      throw new Incomplete(
          "nesting limit: containers nested deeper than " + limits.maxDepth() + " at " + part);
    }
    if (++entries > limits.maxEntries()) {
      throw new Incomplete(
          "entry-count limit: more than " + limits.maxEntries() + " entries, at " + part);
    }
  }

  void unpacked(long n, String part) {
    bytes += n;
    if (bytes > maxBytes) {
      throw new Incomplete(
          "expansion limit: containers unpack to more than " + maxBytes + " bytes, at " + part);
    }
  }
}
