package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CfbOverCbc must give exactly the JDK's AES/CFB/NoPadding bytes, however the caller writes. */
class CfbOverCbcTest {
  private static final int[] SIZES = {
    0,
    1,
    15,
    16,
    17,
    31,
    32,
    33,
    1000,
    CfbOverCbc.CHUNK - 1,
    CfbOverCbc.CHUNK,
    CfbOverCbc.CHUNK + 1,
    3 * CfbOverCbc.CHUNK + 7,
    1_000_003
  };

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void sameBytesAsTheJdksCfbForEveryWayOfWriting(int seed) throws Exception {
    Random random = new Random(seed);
    byte[] keyBytes = new byte[32];
    random.nextBytes(keyBytes);
    SecretKey key = new SecretKeySpec(keyBytes, "AES");
    for (int size : SIZES) {
      byte[] plain = new byte[size];
      random.nextBytes(plain);
      Cipher reference = Cipher.getInstance("AES/CFB/NoPadding");
      reference.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[16]));
      byte[] expected = size == 0 ? new byte[0] : reference.doFinal(plain);

      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      try (CfbOverCbc out = new CfbOverCbc(sink, key)) {
        int off = 0;
        while (off < size) {
          int n = writeSize(random, size - off);
          if (n == 1 && random.nextBoolean()) {
            out.write(plain[off]);
          } else {
            out.write(plain, off, n);
          }
          off += n;
        }
      }
      assertArrayEquals(expected, sink.toByteArray(), "size " + size + ", seed " + seed);
    }
  }

  /** Single bytes, odd sizes inside a block, and runs longer than a chunk, mixed. */
  private static int writeSize(Random random, int left) {
    int n =
        switch (random.nextInt(4)) {
          case 0 -> 1;
          case 1 -> 1 + random.nextInt(40);
          case 2 -> 1 + random.nextInt(CfbOverCbc.CHUNK);
          default -> 1 + random.nextInt(3 * CfbOverCbc.CHUNK);
        };
    return Math.min(n, left);
  }

  @Test
  void refusesWritesAfterClose() throws Exception {
    CfbOverCbc out =
        new CfbOverCbc(new ByteArrayOutputStream(), new SecretKeySpec(new byte[32], "AES"));
    out.close();
    assertThrows(IOException.class, () -> out.write(1));
  }
}
