package org.prex.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The RFC 9162 §2.1.1 hashes of the Merkle tree, with their domain-separation prefixes. */
public final class TreeHash {
  /** Length of every hash in the tree: SHA-256. */
  public static final int SIZE = 32;

  private static final byte LEAF = 0x00;
  private static final byte NODE = 0x01;

  private TreeHash() {}

  /** {@code SHA-256(0x00 ‖ leaf)}: the hash of one leaf, e.g. an event's canonical bytes. */
  public static byte[] leaf(byte[] leaf) {
    MessageDigest sha = sha256();
    sha.update(LEAF);
    sha.update(leaf);
    return sha.digest();
  }

  /** {@code SHA-256(0x01 ‖ left ‖ right)}: the hash of an interior node. */
  public static byte[] node(byte[] left, byte[] right) {
    if (left.length != SIZE || right.length != SIZE) {
      throw new IllegalArgumentException(
          "Node children must be 32-byte hashes; got " + left.length + " and " + right.length);
    }
    MessageDigest sha = sha256();
    sha.update(NODE);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /** The hash of an empty tree, {@code SHA-256("")}. */
  public static byte[] empty() {
    return sha256().digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
