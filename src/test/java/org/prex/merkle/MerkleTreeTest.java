package org.prex.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against the RFC 6962 test vectors published with certificate-transparency and
 * transparency-dev/merkle (leaves "", 00, 10, 2021, 3031, 40414243, 5051525354555657,
 * 606162636465666768696a6b6c6d6e6f), then round trips for every size up to 70.
 */
class MerkleTreeTest {
  private static final HexFormat HEX = HexFormat.of();

  private static final List<byte[]> LEAVES =
      hex(
          "",
          "00",
          "10",
          "2021",
          "3031",
          "40414243",
          "5051525354555657",
          "606162636465666768696a6b6c6d6e6f");

  private static final List<byte[]> ROOTS =
      hex(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  @Test
  void rootsMatchThePublishedVectors() {
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HEX.formatHex(MerkleTree.rootOf(List.of())));
    for (int n = 1; n <= 8; n++) {
      assertEquals(
          HEX.formatHex(ROOTS.get(n - 1)),
          HEX.formatHex(MerkleTree.rootOf(LEAVES.subList(0, n))),
          "size " + n);
    }
  }

  @Test
  void inclusionProofsMatchThePublishedVectors() {
    inclusion(
        0,
        8,
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    inclusion(2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
    inclusion(
        1,
        5,
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  }

  @Test
  void consistencyProofsMatchThePublishedVectors() {
    consistency(1, 1);
    consistency(
        1,
        8,
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    consistency(
        6,
        8,
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    consistency(
        2,
        5,
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    consistency(
        6,
        7,
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
  }

  @Test
  void everyProofOfEverySizeUpTo70RoundTripsAndWrongOnesFail() {
    List<byte[]> hashes = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      hashes.add(TreeHash.leaf(("event " + i).getBytes()));
    }
    HashSource<RuntimeException> tree = MerkleTree.inMemory(hashes);
    for (int size = 1; size <= 70; size++) {
      byte[] root = MerkleTree.rootOfHashes(hashes.subList(0, size));
      assertArrayEquals(root, MerkleTree.root(tree, size));
      for (int i = 0; i < size; i++) {
        List<byte[]> proof = MerkleTree.inclusionProof(tree, i, size);
        assertTrue(MerkleVerifier.verifyInclusion(i, size, hashes.get(i), proof, root));
        assertFalse(MerkleVerifier.verifyInclusion(i, size, hashes.get((i + 1) % 70), proof, root));
        if (size > 1) {
          assertFalse(
              MerkleVerifier.verifyInclusion((i + 1) % size, size, hashes.get(i), proof, root));
        }
      }
      for (int size1 = 1; size1 <= size; size1++) {
        byte[] root1 = MerkleTree.root(tree, size1);
        List<byte[]> proof = MerkleTree.consistencyProof(tree, size1, size);
        assertTrue(MerkleVerifier.verifyConsistency(size1, size, root1, root, proof));
        if (size1 < size) {
          assertFalse(MerkleVerifier.verifyConsistency(size1, size, root, root1, proof));
          byte[] other = MerkleTree.rootOfHashes(hashes.subList(1, size1 + 1));
          assertFalse(MerkleVerifier.verifyConsistency(size1, size, other, root, proof));
        }
      }
    }
  }

  private static List<byte[]> leafHashes() {
    List<byte[]> leafHashes = new ArrayList<>();
    for (byte[] leaf : LEAVES) {
      leafHashes.add(TreeHash.leaf(leaf));
    }
    return leafHashes;
  }

  private static void inclusion(int index, int size, String... proofHex) {
    List<byte[]> leafHashes = leafHashes();
    HashSource<RuntimeException> tree = MerkleTree.inMemory(leafHashes);
    List<byte[]> expected = hex(proofHex);
    List<byte[]> proof = MerkleTree.inclusionProof(tree, index, size);
    assertEquals(hexes(expected), hexes(proof), "inclusion " + index + " in " + size);
    assertTrue(
        MerkleVerifier.verifyInclusion(
            index, size, leafHashes.get(index), expected, ROOTS.get(size - 1)));
  }

  private static void consistency(int size1, int size2, String... proofHex) {
    List<byte[]> leafHashes = leafHashes();
    HashSource<RuntimeException> tree = MerkleTree.inMemory(leafHashes);
    List<byte[]> expected = hex(proofHex);
    assertEquals(
        hexes(expected),
        hexes(MerkleTree.consistencyProof(tree, size1, size2)),
        "consistency " + size1 + " to " + size2);
    assertTrue(
        MerkleVerifier.verifyConsistency(
            size1, size2, ROOTS.get(size1 - 1), ROOTS.get(size2 - 1), expected));
  }

  private static List<byte[]> hex(String... values) {
    List<byte[]> out = new ArrayList<>();
    for (String v : values) {
      out.add(HEX.parseHex(v));
    }
    return out;
  }

  private static List<String> hexes(List<byte[]> values) {
    return values.stream().map(HEX::formatHex).toList();
  }
}
