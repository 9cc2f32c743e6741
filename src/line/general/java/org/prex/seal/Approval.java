package org.prex.seal;

import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKey;

/** What this line may use (docs/fips.md): on the general line, whatever the rest allows. */
final class Approval {
  private Approval() {}

  /** Why this line cannot use a certificate with this primary key: never, here. */
  static List<String> certificateProblems(PGPPublicKey primary) {
    return List.of();
  }

  /** Why this line may not encrypt to {@code key}: never, here. */
  static List<String> encryptionKeyProblems(PGPPublicKey key) {
    return List.of();
  }

  /** Why this line cannot open SEIPDv2 data of this AEAD algorithm: never, here. */
  static List<String> aeadProblems(int aeadAlgorithm) {
    return List.of();
  }

  /** The AEAD algorithm to seal SEIPDv2 with, given the one the certificate prefers. */
  static int aead(int preferred) {
    return preferred;
  }
}
