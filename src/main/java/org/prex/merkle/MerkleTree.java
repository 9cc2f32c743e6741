package org.prex.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Tree heads and proofs of the RFC 9162 Merkle tree (§2.1.1 to §2.1.4), computed from a {@link
 * HashSource} of complete-subtree hashes: at most O(log n) lookups each. {@link #inMemory} makes a
 * source from leaf hashes held in memory.
 */
public final class MerkleTree {
  private MerkleTree() {}

  /** The Merkle tree hash of these leaves' data (each is hashed as a leaf first). */
  public static byte[] rootOf(List<byte[]> leaves) {
    List<byte[]> hashes = new ArrayList<>(leaves.size());
    for (byte[] leaf : leaves) {
      hashes.add(TreeHash.leaf(leaf));
    }
    return rootOfHashes(hashes);
  }

  /** The Merkle tree hash over leaf hashes, in O(n) time. */
  public static byte[] rootOfHashes(List<byte[]> leafHashes) {
    return root(inMemory(leafHashes), leafHashes.size());
  }

  /** The root of the tree of the first {@code size} leaves. */
  public static <X extends Exception> byte[] root(HashSource<X> tree, long size) throws X {
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + size);
    }
    return size == 0 ? TreeHash.empty() : range(tree, 0, size);
  }

  /**
   * The complete-subtree hashes of these leaf hashes, computed once and kept in memory (about twice
   * the leaves' size).
   */
  public static HashSource<RuntimeException> inMemory(List<byte[]> leafHashes) {
    List<byte[][]> levels = new ArrayList<>();
    byte[][] level = leafHashes.toArray(new byte[0][]);
    levels.add(level);
    while (level.length > 1) {
      byte[][] up = new byte[level.length / 2][];
      for (int i = 0; i < up.length; i++) {
        up[i] = TreeHash.node(level[2 * i], level[2 * i + 1]);
      }
      levels.add(up);
      level = up;
    }
    return (lvl, index) -> {
      if (lvl >= levels.size() || index >= levels.get(lvl).length) {
        throw new IllegalArgumentException(
            "no complete subtree at level " + lvl + " index " + index);
      }
      return levels.get(lvl)[(int) index];
    };
  }

  /** The inclusion proof (audit path) of leaf {@code index} in the tree of {@code size} leaves. */
  public static <X extends Exception> List<byte[]> inclusionProof(
      HashSource<X> tree, long index, long size) throws X {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is outside a tree of size " + size);
    }
    List<byte[]> proof = new ArrayList<>();
    path(tree, index, 0, size, proof);
    return proof;
  }

  private static <X extends Exception> void path(
      HashSource<X> tree, long m, long start, long end, List<byte[]> out) throws X {
    long n = end - start;
    if (n == 1) {
      return;
    }
    long k = split(n);
    if (m < start + k) {
      path(tree, m, start, start + k, out);
      out.add(range(tree, start + k, end));
    } else {
      path(tree, m, start + k, end, out);
      out.add(range(tree, start, start + k));
    }
  }

  /** The consistency proof from the tree of {@code size1} leaves to that of {@code size2}. */
  public static <X extends Exception> List<byte[]> consistencyProof(
      HashSource<X> tree, long size1, long size2) throws X {
    if (size1 < 0 || size1 > size2) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + size1 + " to size " + size2);
    }
    List<byte[]> proof = new ArrayList<>();
    if (size1 > 0 && size1 < size2) {
      subproof(tree, size1, 0, size2, true, proof);
    }
    return proof;
  }

  private static <X extends Exception> void subproof(
      HashSource<X> tree, long m, long start, long end, boolean whole, List<byte[]> out) throws X {
    long n = end - start;
    if (m == n) {
      if (!whole) {
        out.add(range(tree, start, end));
      }
      return;
    }
    long k = split(n);
    if (m <= k) {
      subproof(tree, m, start, start + k, whole, out);
      out.add(range(tree, start + k, end));
    } else {
      subproof(tree, m - k, start + k, end, false, out);
      out.add(range(tree, start, start + k));
    }
  }

  /** The hash of leaves {@code [start, end)}, a subtree of the RFC's recursive split. */
  private static <X extends Exception> byte[] range(HashSource<X> tree, long start, long end)
      throws X {
    long n = end - start;
    if (Long.bitCount(n) == 1 && start % n == 0) {
      return tree.hash(Long.numberOfTrailingZeros(n), start / n);
    }
    long k = split(n);
    return TreeHash.node(range(tree, start, start + k), range(tree, start + k, end));
  }

  /** The largest power of two smaller than {@code n} (n ≥ 2). */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }
}
