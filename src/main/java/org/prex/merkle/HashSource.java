package org.prex.merkle;

/**
 * The hashes of complete subtrees, as a log stores them: {@code hash(level, index)} covers the
 * {@code 2^level} leaves from {@code index << level}; level 0 is the leaf hashes. A log serves
 * roots and proofs from its stored nodes in O(log n) reads through this, without the tree knowing
 * how they are stored.
 *
 * @param <X> what a lookup may fail with, e.g. a database error; carried out of {@link MerkleTree}
 *     unchanged
 */
@FunctionalInterface
public interface HashSource<X extends Exception> {
  byte[] hash(int level, long index) throws X;
}
