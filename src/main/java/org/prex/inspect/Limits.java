package org.prex.inspect;

/**
 * Bounds on opening containers (docs/inspection.md, "Limits"). Past any of them the item is held,
 * never passed on half-read. Time is bounded too, by the policy's inspection-timeout, which prex
 * enforces from outside the inspection process.
 *
 * @param maxDepth containers within containers
 * @param maxEntries entries and embedded documents in one item, all levels together
 * @param expansionRatio bytes unpacked from containers, at most this many times the item's size
 * @param expansionFloor ... or this many bytes, whichever is more
 */
public record Limits(int maxDepth, int maxEntries, long expansionRatio, long expansionFloor) {
  public static final Limits DEFAULT = new Limits(10, 10_000, 100, 1L << 30);
}
