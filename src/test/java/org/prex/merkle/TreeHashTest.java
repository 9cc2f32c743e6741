package org.prex.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TreeHashTest {
  @Test
  void emptyLeaf_isTheRfc6962TestVector() {
    assertEquals(
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        HexFormat.of().formatHex(TreeHash.leaf(new byte[0])));
  }

  @Test
  void node_prefixesOneAndConcatenatesChildren() {
    byte[] a = TreeHash.leaf("a".getBytes(StandardCharsets.UTF_8));
    byte[] b = TreeHash.leaf("b".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "b137985ff484fb600db93107c77b0365c80d78f5b429ded0fd97361d077999eb",
        HexFormat.of().formatHex(TreeHash.node(a, b)));
  }

  @Test
  void node_refusesChildrenThatAreNotHashes() {
    assertThrows(IllegalArgumentException.class, () -> TreeHash.node(new byte[31], new byte[32]));
  }
}
