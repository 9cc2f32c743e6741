package org.prex.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.prex.merkle.ProofException.Failure.INDEX_OUT_OF_RANGE;
import static org.prex.merkle.ProofException.Failure.MALFORMED_PROOF;
import static org.prex.merkle.ProofException.Failure.ROOT_MISMATCH;
import static org.prex.merkle.ProofException.Failure.WRONG_PROOF_LENGTH;
import static org.prex.merkle.ProofException.Failure.WRONG_SIZE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every kind of tampering with a proof is refused, and named. */
class MerkleVerifierTest {
  private static final int N = 13;
  private static final List<byte[]> HASHES = leafHashes(N);
  private static final HashSource<RuntimeException> TREE = MerkleTree.inMemory(HASHES);

  @Test
  void inclusion_genuineProofPasses() {
    byte[] root = MerkleTree.root(TREE, N);
    List<byte[]> proof = MerkleTree.inclusionProof(TREE, 5, N);
    assertDoesNotThrow(() -> MerkleVerifier.checkInclusion(5, N, HASHES.get(5), proof, root));
  }

  @Test
  void inclusion_everyTamperingIsRefused() {
    byte[] root = MerkleTree.root(TREE, N);
    List<byte[]> proof = MerkleTree.inclusionProof(TREE, 5, N);
    byte[] leaf = HASHES.get(5);
    refused(INDEX_OUT_OF_RANGE, () -> MerkleVerifier.checkInclusion(N, N, leaf, proof, root));
    refused(INDEX_OUT_OF_RANGE, () -> MerkleVerifier.checkInclusion(-1, N, leaf, proof, root));
    refused(MALFORMED_PROOF, () -> MerkleVerifier.checkInclusion(5, N, null, proof, root));
    refused(MALFORMED_PROOF, () -> MerkleVerifier.checkInclusion(5, N, leaf, proof, new byte[31]));
    refused(
        MALFORMED_PROOF,
        () -> MerkleVerifier.checkInclusion(5, N, leaf, replace(proof, 1, new byte[33]), root));
    refused(
        WRONG_PROOF_LENGTH,
        () -> MerkleVerifier.checkInclusion(5, N, leaf, proof.subList(0, 2), root));
    refused(
        WRONG_PROOF_LENGTH,
        () -> MerkleVerifier.checkInclusion(5, N, leaf, append(proof, HASHES.get(0)), root));
    refused(ROOT_MISMATCH, () -> MerkleVerifier.checkInclusion(5, N, HASHES.get(6), proof, root));
    refused(ROOT_MISMATCH, () -> MerkleVerifier.checkInclusion(4, N, leaf, proof, root));
    refused(
        ROOT_MISMATCH,
        () ->
            MerkleVerifier.checkInclusion(5, N, leaf, replace(proof, 0, flip(proof.get(0))), root));
    refused(ROOT_MISMATCH, () -> MerkleVerifier.checkInclusion(5, N, leaf, proof, flip(root)));
  }

  @Test
  void consistency_genuineProofPasses() {
    for (int size1 = 0; size1 <= N; size1++) {
      byte[] root1 = MerkleTree.root(TREE, size1);
      byte[] root2 = MerkleTree.root(TREE, N);
      List<byte[]> proof = MerkleTree.consistencyProof(TREE, size1, N);
      int m = size1;
      assertDoesNotThrow(() -> MerkleVerifier.checkConsistency(m, N, root1, root2, proof));
    }
  }

  @Test
  void consistency_everyTamperingIsRefused() {
    byte[] root1 = MerkleTree.root(TREE, 6);
    byte[] root2 = MerkleTree.root(TREE, N);
    List<byte[]> proof = MerkleTree.consistencyProof(TREE, 6, N);
    refused(WRONG_SIZE, () -> MerkleVerifier.checkConsistency(N, 6, root2, root1, proof));
    refused(WRONG_SIZE, () -> MerkleVerifier.checkConsistency(-1, N, root1, root2, proof));
    refused(MALFORMED_PROOF, () -> MerkleVerifier.checkConsistency(6, N, null, root2, proof));
    refused(
        MALFORMED_PROOF,
        () -> MerkleVerifier.checkConsistency(6, N, root1, root2, replace(proof, 1, null)));
    refused(
        WRONG_PROOF_LENGTH,
        () -> MerkleVerifier.checkConsistency(6, N, root1, root2, proof.subList(0, 1)));
    refused(
        WRONG_PROOF_LENGTH,
        () -> MerkleVerifier.checkConsistency(6, N, root1, root2, append(proof, root1)));
    refused(
        WRONG_PROOF_LENGTH,
        () -> MerkleVerifier.checkConsistency(N, N, root2, root2, List.of(root1)));
    refused(ROOT_MISMATCH, () -> MerkleVerifier.checkConsistency(N, N, root1, root2, List.of()));
    refused(ROOT_MISMATCH, () -> MerkleVerifier.checkConsistency(6, N, flip(root1), root2, proof));
    refused(ROOT_MISMATCH, () -> MerkleVerifier.checkConsistency(6, N, root1, flip(root2), proof));
    refused(
        ROOT_MISMATCH,
        () ->
            MerkleVerifier.checkConsistency(
                6, N, root1, root2, replace(proof, 2, flip(proof.get(2)))));
  }

  @Test
  void frontier_buildsTheSameTreeAsTheRecursiveDefinition() {
    Frontier frontier = new Frontier();
    assertArrayEquals(TreeHash.empty(), frontier.root());
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      frontier.add(
          HASHES.get(i),
          (level, index, hash) -> {
            assertArrayEquals(TREE.hash(level, index), hash);
            nodes.add(level + "/" + index);
          });
      assertArrayEquals(MerkleTree.root(TREE, i + 1), frontier.root(), "size " + (i + 1));
    }
    // 13 leaves: 6 nodes of level 1, 3 of level 2, 1 of level 3
    assertEquals(10, nodes.size());
  }

  private static void refused(ProofException.Failure failure, Executable check) {
    ProofException e = assertThrows(ProofException.class, check);
    assertEquals(failure, e.failure(), e.getMessage());
  }

  private static List<byte[]> leafHashes(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TreeHash.leaf(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static List<byte[]> replace(List<byte[]> proof, int i, byte[] value) {
    List<byte[]> out = new ArrayList<>(proof);
    out.set(i, value);
    return out;
  }

  private static List<byte[]> append(List<byte[]> proof, byte[] value) {
    List<byte[]> out = new ArrayList<>(proof);
    out.add(value);
    return out;
  }

  private static byte[] flip(byte[] hash) {
    byte[] out = hash.clone();
    out[0] ^= 1;
    return out;
  }
}
