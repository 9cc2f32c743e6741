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
import org.prex.testing.GeneratedStream;
import org.prex.testing.SftpClient;

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
        acme.channel().put(weights, "weights.safetensors");
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
}
