package org.prex.seal;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Not a test: a throughput check to run by hand. Seals SIZE_MIB of plaintext (default 1024) to
 * RECIPIENTS recipients (default 5) in FORMAT (default SEIPD_V1) into null sinks, and prints MiB/s
 * of plaintext. Run: {@code java -cp target/classes:target/test-classes:target/lib/*
 * org.prex.seal.SealThroughput}.
 */
public final class SealThroughput {
  public static void main(String[] args) throws Exception {
    int mib = Integer.getInteger("SIZE_MIB", 1024);
    int n = Integer.getInteger("RECIPIENTS", 5);
    SealFormat format = SealFormat.valueOf(System.getProperty("FORMAT", "SEIPD_V1"));
    boolean threaded = Boolean.parseBoolean(System.getProperty("THREADED", "true"));
    Path dir = Files.createTempDirectory("prex-throughput");
    Fixture keys = new Fixture(dir, n);
    byte[] chunk = new byte[1 << 16];
    new Random(1).nextBytes(chunk);
    for (int round = 0; round < 2; round++) { // the first round warms up the JIT
      List<Sealer.Recipient> recipients = new ArrayList<>();
      for (PublicCert c : keys.agencyCerts) {
        recipients.add(new Sealer.Recipient(c, format, OutputStream.nullOutputStream()));
      }
      long total = (round == 0 ? Math.min(mib, 256) : mib) * (1L << 20);
      long t0 = System.nanoTime();
      try (OutputStream out = new Sealer(keys.exchange, threaded).seal(recipients, "x", Instant.now())) {
        for (long done = 0; done < total; done += chunk.length) {
          out.write(chunk);
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "%s %d MiB to %d recipients (%s): %.1f s, %.0f MiB/s of plaintext (%.0f MiB/s sealed)%n",
          round == 0 ? "warm-up" : "measured",
          total >> 20,
          n,
          format,
          s,
          (total >> 20) / s,
          n * (total >> 20) / s);
    }
  }
}
