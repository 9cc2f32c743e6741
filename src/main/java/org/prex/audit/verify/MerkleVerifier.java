package org.prex.audit.verify;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.prex.audit.TreeHash;

/**
 * The RFC 9162 Merkle tree, as pure functions: tree heads, and the generation and verification of
 * inclusion and consistency proofs (§2.1.3, §2.1.4). Needs nothing but SHA-256, so anyone can check
 * a prex checkpoint or proof offline with this class alone.
 *
 * <p>Proofs are generated from a {@link Subtrees} source of complete-subtree hashes, so that the
 * log can serve them from its stored nodes in O(log n) reads; {@link #subtrees(List)} makes one
 * from leaf hashes in memory.
 */
public final class MerkleVerifier {
  private MerkleVerifier() {}

  /**
   * The hashes of complete subtrees: {@code hash(level, index)} covers the {@code 2^level} leaves
   * from {@code index << level}; level 0 is the leaf hashes.
   */
  @FunctionalInterface
  public interface Subtrees {
    byte[] hash(int level, long index);
  }

  /** The hash of an empty tree, {@code SHA-256("")}. */
  public static byte[] emptyRoot() {
    try {
      return MessageDigest.getInstance("SHA-256").digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

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
    return root(subtrees(leafHashes), leafHashes.size());
  }

  /** The root of the tree of the first {@code size} leaves, from complete-subtree hashes. */
  public static byte[] root(Subtrees tree, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + size);
    }
    return size == 0 ? emptyRoot() : range(tree, 0, size);
  }

  /**
   * The complete-subtree hashes of these leaf hashes, computed once and kept in memory (about twice
   * the leaves' size).
   */
  public static Subtrees subtrees(List<byte[]> leafHashes) {
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
  public static List<byte[]> inclusionProof(Subtrees tree, long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is outside a tree of size " + size);
    }
    List<byte[]> proof = new ArrayList<>();
    path(tree, index, 0, size, proof);
    return proof;
  }

  private static void path(Subtrees tree, long m, long start, long end, List<byte[]> out) {
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
  public static List<byte[]> consistencyProof(Subtrees tree, long size1, long size2) {
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

  private static void subproof(
      Subtrees tree, long m, long start, long end, boolean whole, List<byte[]> out) {
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

  /** RFC 9162 §2.1.3.2: whether {@code proof} shows the leaf hash at this index under root. */
  public static boolean verifyInclusion(
      long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
    Objects.requireNonNull(proof, "proof");
    if (leafIndex < 0 || leafIndex >= treeSize || leafHash == null || root == null) {
      return false;
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0 || p == null || p.length != 32) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = TreeHash.node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = TreeHash.node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /** RFC 9162 §2.1.4.2: whether {@code proof} shows the tree at size2 extends that at size1. */
  public static boolean verifyConsistency(
      long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
    Objects.requireNonNull(proof, "proof");
    if (size1 < 0 || size1 > size2 || root1 == null || root2 == null) {
      return false;
    }
    if (size1 == size2) {
      return proof.isEmpty() && MessageDigest.isEqual(root1, root2);
    }
    if (size1 == 0) {
      return proof.isEmpty();
    }
    List<byte[]> path = new ArrayList<>();
    if (Long.bitCount(size1) == 1) {
      path.add(root1);
    }
    path.addAll(proof);
    if (path.isEmpty()) {
      return false;
    }
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    if (fr == null || fr.length != 32) {
      return false;
    }
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0 || c == null || c.length != 32) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = TreeHash.node(c, fr);
        sr = TreeHash.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = TreeHash.node(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2);
  }

  /** The hash of leaves {@code [start, end)}, a subtree of the RFC's recursive split. */
  private static byte[] range(Subtrees tree, long start, long end) {
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
