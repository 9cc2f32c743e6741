package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.prex.sftp.DropBoxFixture.ACME;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model-sized upload streams through without being held in memory on either side. */
class LargeUploadTest {

  private static final long SIZE = 200L * 1024 * 1024;

  @TempDir Path tmp;

  @Test
  void upload200MegabytesWithJsch_arrivesIntact() throws Exception {
    try (DropBoxFixture fx = new DropBoxFixture(tmp)) {
      MessageDigest sent = MessageDigest.getInstance("SHA-256");
      long start = System.nanoTime();
      try (SftpClient acme = fx.acme();
          InputStream weights = new DigestInputStream(new GeneratedStream(SIZE), sent)) {
        acme.sftp().put(weights, "weights.safetensors");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "SFTP drop box: jsch upload of %d MiB in %.1f s = %.1f MiB/s%n",
          SIZE >> 20,
          seconds,
          (SIZE >> 20) / seconds);

      Path landed = fx.inbox(ACME).resolve("weights.safetensors");
      assertEquals(SIZE, Files.size(landed));
      assertArrayEquals(sent.digest(), sha256(landed));
      assertEquals(
          RecordingListener.Kind.UPLOAD_CLOSED,
          fx.listener
              .await(RecordingListener.Kind.UPLOAD_CLOSED, ACME, null, Long.toString(SIZE))
              .orElseThrow()
              .kind());
    }
  }

  private static byte[] sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return digest.digest();
  }

  /** {@code size} pseudo-random bytes (xorshift), made as they are read. */
  private static final class GeneratedStream extends InputStream {
    private long remaining;
    private long state = 0x9E3779B97F4A7C15L;

    GeneratedStream(long size) {
      this.remaining = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(length, remaining);
      for (int i = 0; i < n; i++) {
        if ((i & 7) == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        buffer[offset + i] = (byte) (state >>> ((i & 7) * 8));
      }
      remaining -= n;
      return n;
    }
  }
}
