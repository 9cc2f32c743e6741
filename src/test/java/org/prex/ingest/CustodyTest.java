package org.prex.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.staging.Staging;

class CustodyTest {
  private static final String ITEM = "i-aaaaaaaaaaaaaaaaaaaaaaaaaa";

  @Test
  void anUpload_isCopiedAndHashedInOnePass_ownerOnly(@TempDir Path root) throws Exception {
    Staging staging = new Staging(root);
    byte[] content = new byte[300_000];
    new Random(7).nextBytes(content);
    CountingStream in = new CountingStream(new ByteArrayInputStream(content));

    Custody.Taken taken = Custody.take(staging, ITEM, in, (long) content.length, "upload x");

    assertEquals(content.length, taken.size());
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
        taken.sha256());
    assertEquals(content.length, in.read, "every byte read once, none twice");
    assertArrayEquals(content, Files.readAllBytes(staging.content(ITEM)));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(staging.content(ITEM))));
    try (var files = Files.list(staging.itemDir(ITEM))) {
      assertEquals(1, files.count(), "no partial file left beside the content");
    }
  }

  @Test
  void anUploadThatChangedWhileBeingTaken_leavesNothingInStaging(@TempDir Path root) {
    Staging staging = new Staging(root);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Custody.take(
                    staging, ITEM, new ByteArrayInputStream(new byte[10]), 11L, "upload x"));
    assertTrue(e.getMessage().startsWith("upload x changed while being taken"), e.getMessage());
    assertFalse(Files.exists(staging.itemDir(ITEM)));
  }

  @Test
  void aBrokenTransfer_leavesNothingInStaging(@TempDir Path root) {
    Staging staging = new Staging(root);
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection lost");
          }
        };
    assertThrows(IOException.class, () -> Custody.take(staging, ITEM, broken, null, "upload x"));
    assertFalse(Files.exists(staging.itemDir(ITEM)));
  }

  private static final class CountingStream extends FilterInputStream {
    long read;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        read++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        read += n;
      }
      return n;
    }
  }
}
