package org.prex.testing;

import java.util.List;

/**
 * What the tests of the FIPS line make and expect (docs/fips.md): the keys GnuPG makes for an agency
 * of this line, which approved-only mode can verify and encrypt to, and what a signature of the
 * line's exchange key (ECDSA P-384 over SHA-384) looks like to GnuPG. The general line has its own
 * class of this name.
 */
public final class TestLine {
  /** The primary (signing) key an agency makes with {@code gpg --quick-gen-key}. */
  public static final String GPG_SIGNING_KEY = "nistp384";

  /** Its encryption subkey, as {@code gpg --quick-add-key} takes it. */
  public static final String GPG_ENCRYPTION_KEY = "nistp384";

  /** GnuPG's number for the line's signing key algorithm (ECDSA). */
  public static final int SIGNATURE_KEY_ALGORITHM = 19;

  /** GnuPG's number for the hash of the line's signatures (SHA-384). */
  public static final int SIGNATURE_HASH = 9;

  /** The same hash as a cleartext signature's {@code Hash:} header names it. */
  public static final String SIGNATURE_HASH_NAME = "SHA384";

  /**
   * The AEAD mode of a SEIPDv2 package to a key that advertises SEIPDv2 without preferring GCM:
   * GCM, whatever the certificate prefers: OCB is not approved.
   */
  public static final int SEIPD_V2_AEAD = org.bouncycastle.bcpg.AEADAlgorithmTags.GCM;

  private TestLine() {}

  /** The agency keys (as {@code gpg --quick-gen-key} names them) this line seals to. */
  public static List<String> gpgAgencyKeys() {
    return List.of("nistp384", "nistp256", "nistp521");
  }
}
