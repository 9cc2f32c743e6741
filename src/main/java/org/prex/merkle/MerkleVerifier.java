package org.prex.merkle;

import static org.prex.merkle.ProofException.Failure.INDEX_OUT_OF_RANGE;
import static org.prex.merkle.ProofException.Failure.MALFORMED_PROOF;
import static org.prex.merkle.ProofException.Failure.ROOT_MISMATCH;
import static org.prex.merkle.ProofException.Failure.WRONG_PROOF_LENGTH;
import static org.prex.merkle.ProofException.Failure.WRONG_SIZE;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks RFC 9162 inclusion and consistency proofs (§2.1.3.2, §2.1.4.2) against tree heads. The
 * {@code check…} methods say which check refused a proof; the {@code verify…} methods answer yes or
 * no, for callers that only report the outcome.
 */
public final class MerkleVerifier {
  private MerkleVerifier() {}

  /** Whether {@code proof} shows the leaf hash at this index under {@code root}. */
  public static boolean verifyInclusion(
      long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
    try {
      checkInclusion(leafIndex, treeSize, leafHash, proof, root);
      return true;
    } catch (ProofException e) {
      return false;
    }
  }

  /** Whether {@code proof} shows the tree at {@code size2} extends that at {@code size1}. */
  public static boolean verifyConsistency(
      long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
    try {
      checkConsistency(size1, size2, root1, root2, proof);
      return true;
    } catch (ProofException e) {
      return false;
    }
  }

  /**
   * RFC 9162 §2.1.3.2: checks that {@code proof} shows the leaf hash at this index under root.
   *
   * @throws ProofException naming the check that failed
   */
  public static void checkInclusion(
      long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws ProofException {
    Objects.requireNonNull(proof, "proof");
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new ProofException(
          INDEX_OUT_OF_RANGE, "leaf " + leafIndex + " is outside a tree of " + treeSize);
    }
    hash(leafHash, "the leaf hash");
    hash(root, "the root");
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (int i = 0; i < proof.size(); i++) {
      byte[] p = proof.get(i);
      if (sn == 0) {
        throw tooLong(proof.size(), i);
      }
      hash(p, "proof hash " + i);
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
    if (sn != 0) {
      throw tooShort(proof.size());
    }
    if (!MessageDigest.isEqual(r, root)) {
      throw new ProofException(ROOT_MISMATCH, "the inclusion proof leads to another root");
    }
  }

  /**
   * RFC 9162 §2.1.4.2: checks that {@code proof} shows the tree at {@code size2} extends that at
   * {@code size1}.
   *
   * @throws ProofException naming the check that failed
   */
  public static void checkConsistency(
      long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
      throws ProofException {
    Objects.requireNonNull(proof, "proof");
    if (size1 < 0 || size1 > size2) {
      throw new ProofException(
          WRONG_SIZE, "no consistency from a tree of " + size1 + " to one of " + size2);
    }
    hash(root1, "the first root");
    hash(root2, "the second root");
    if (size1 == size2 || size1 == 0) {
      if (!proof.isEmpty()) {
        throw tooLong(proof.size(), 0);
      }
      if (size1 == size2 && !MessageDigest.isEqual(root1, root2)) {
        throw new ProofException(ROOT_MISMATCH, "two trees of the same size have different roots");
      }
      return;
    }
    List<byte[]> path = new ArrayList<>();
    if (Long.bitCount(size1) == 1) {
      path.add(root1);
    }
    path.addAll(proof);
    if (path.isEmpty()) {
      throw tooShort(0);
    }
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = hash(path.get(0), "proof hash 0");
    byte[] sr = fr;
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        throw tooLong(proof.size(), i);
      }
      hash(c, "proof hash " + i);
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
    if (sn != 0) {
      throw tooShort(proof.size());
    }
    if (!MessageDigest.isEqual(fr, root1)) {
      throw new ProofException(ROOT_MISMATCH, "the consistency proof leads to another first root");
    }
    if (!MessageDigest.isEqual(sr, root2)) {
      throw new ProofException(ROOT_MISMATCH, "the consistency proof leads to another second root");
    }
  }

  private static byte[] hash(byte[] value, String what) throws ProofException {
    if (value == null || value.length != TreeHash.SIZE) {
      throw new ProofException(
          MALFORMED_PROOF,
          what + " is " + (value == null ? "missing" : value.length + " bytes, not 32"));
    }
    return value;
  }

  private static ProofException tooLong(int length, int used) {
    return new ProofException(
        WRONG_PROOF_LENGTH, "the proof has " + length + " hashes; the tree sizes call for " + used);
  }

  private static ProofException tooShort(int length) {
    return new ProofException(
        WRONG_PROOF_LENGTH, "the proof has " + length + " hashes, too few for the tree sizes");
  }
}
