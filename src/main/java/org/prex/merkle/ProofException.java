package org.prex.merkle;

/** A proof that does not show what it claims; {@link #failure} says which check refused it. */
public final class ProofException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which check refused the proof. */
  public enum Failure {
    /** A tree size is negative, or the older tree is larger than the newer one. */
    WRONG_SIZE,
    /** The leaf index is not inside the tree. */
    INDEX_OUT_OF_RANGE,
    /** A hash in the proof, a leaf hash or a root is missing or not 32 bytes. */
    MALFORMED_PROOF,
    /** The proof has more or fewer hashes than the tree sizes call for. */
    WRONG_PROOF_LENGTH,
    /** The proof is well formed, but leads to another root. */
    ROOT_MISMATCH
  }

  private final Failure failure;

  public ProofException(Failure failure, String message) {
    super(message);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
