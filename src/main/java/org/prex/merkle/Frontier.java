package org.prex.merkle;

/**
 * The right edge of a tree that grows one leaf at a time: the newest complete subtree of each level
 * still waiting for its right sibling (O(log n) hashes). Lets a log build or recheck its stored
 * nodes in one streaming pass, whatever its size.
 */
public final class Frontier {
  /** Receives each complete subtree of two or more leaves as a leaf completes it. */
  @FunctionalInterface
  public interface Nodes<X extends Exception> {
    void completed(int level, long index, byte[] hash) throws X;
  }

  private final byte[][] pending = new byte[64][];
  private long size;

  /** How many leaves were added. */
  public long size() {
    return size;
  }

  /**
   * Adds the next leaf hash, and hands {@code nodes} the subtrees it completes, lowest level first.
   */
  public <X extends Exception> void add(byte[] leafHash, Nodes<X> nodes) throws X {
    byte[] hash = leafHash;
    long index = size++;
    int level = 0;
    while ((index & 1) == 1) {
      hash = TreeHash.node(pending[level], hash);
      index >>= 1;
      level++;
      nodes.completed(level, index, hash);
    }
    pending[level] = hash;
  }

  /** The root of the tree of the leaves added so far. */
  public byte[] root() {
    if (size == 0) {
      return TreeHash.empty();
    }
    byte[] root = null;
    for (int level = 0; level < 64; level++) {
      if (((size >>> level) & 1) == 1) {
        root = root == null ? pending[level] : TreeHash.node(pending[level], root);
      }
    }
    return root;
  }
}
