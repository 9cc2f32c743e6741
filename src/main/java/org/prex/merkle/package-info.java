/**
 * The RFC 9162 Merkle tree of the transfer log, as pure functions over SHA-256: hashing ({@link
 * org.prex.merkle.TreeHash}), tree heads and proof construction ({@link
 * org.prex.merkle.MerkleTree}) and proof verification ({@link org.prex.merkle.MerkleVerifier}),
 * failing with a typed {@link org.prex.merkle.ProofException}. It imports nothing of prex, so that
 * anyone can check a prex checkpoint or proof with this package alone; the log supplies its stored
 * node hashes through {@link org.prex.merkle.HashSource}. See docs/audit-log.md.
 */
package org.prex.merkle;
