package org.prex.testing;

import java.util.List;

/**
 * What the tests of the general line make and expect (docs/fips.md): the keys GnuPG makes for an
 * agency of this line and what a signature of the line's exchange key looks like to GnuPG. The FIPS
 * line has its own class of this name.
 */
public final class TestLine {
  /** The primary (signing) key an agency makes with {@code gpg --quick-gen-key}. */
  public static final String GPG_SIGNING_KEY = "ed25519";

  /** Its encryption subkey, as {@code gpg --quick-add-key} takes it. */
  public static final String GPG_ENCRYPTION_KEY = "cv25519";

  /** GnuPG's number for the line's signing key algorithm (EdDSA legacy). */
  public static final int SIGNATURE_KEY_ALGORITHM = 22;

  /** GnuPG's number for the hash of the line's signatures (SHA-256). */
  public static final int SIGNATURE_HASH = 8;

  /** The same hash as a cleartext signature's {@code Hash:} header names it. */
  public static final String SIGNATURE_HASH_NAME = "SHA256";

  /**
   * The AEAD mode of a SEIPDv2 package to a key that advertises SEIPDv2 without preferring GCM:
   * OCB, mandatory in RFC 9580.
   */
  public static final int SEIPD_V2_AEAD = org.bouncycastle.bcpg.AEADAlgorithmTags.OCB;

  private TestLine() {}

  /** The agency keys (as {@code gpg --quick-gen-key} names them) this line seals to. */
  public static List<String> gpgAgencyKeys() {
    return List.of("ed25519", "rsa3072");
  }
}
