package org.prex.config;

import org.prex.item.Sha256;

/**
 * A policy as loaded: what was validated, the exact bytes it was read from, and their SHA-256, by
 * which every decision made under it names it.
 */
public record PolicyFile(Policy policy, byte[] text, String sha256) {
  public PolicyFile {
    text = text.clone();
  }

  @Override
  public byte[] text() {
    return text.clone();
  }

  /** The lower-case hex SHA-256 of a policy text. */
  public static String sha256Of(byte[] text) {
    var digest = Sha256.newDigest();
    digest.update(text);
    return Sha256.hex(digest);
  }
}
