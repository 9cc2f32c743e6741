package org.prex.seal;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.PreferredAEADCiphersuites.Combination;

/**
 * Not a test: a throughput check to run by hand. Seals SIZE_MIB of plaintext (default 1024) to
 * RECIPIENTS recipients (default 5) whose keys are KEYS (v1: SEIPDv1; ocb or gcm: SEIPDv2 with that
 * AEAD), into null sinks, with THREADED (default true) fan-out; then opens one message of OPEN_MIB
 * (default 256). Prints MiB/s of plaintext. Run after {@code mvn test-compile}:
 *
 * <pre>java -cp 'target/classes:target/test-classes:target/lib/*' org.prex.seal.SealThroughput
 * </pre>
 */
public final class SealThroughput {
  public static void main(String[] args) throws Exception {
    int mib = Integer.getInteger("SIZE_MIB", 1024);
    int n = Integer.getInteger("RECIPIENTS", 5);
    String kind = System.getProperty("KEYS", "v1");
    boolean threaded = Boolean.parseBoolean(System.getProperty("THREADED", "true"));
    Path dir = Files.createTempDirectory("prex-throughput");
    Fixture keys = new Fixture(dir, 0);
    for (int i = 0; i < n; i++) {
      keys.addAgency(KeyGenerator.generate("agency-" + i, Instant.now(), null, options(kind)));
    }
    byte[] chunk = new byte[1 << 16];
    new Random(1).nextBytes(chunk);
    for (int round = 0; round < 2; round++) { // the first round warms up the JIT
      List<Sealer.Recipient> recipients = new ArrayList<>();
      for (PublicCert c : keys.agencyCerts) {
        recipients.add(new Sealer.Recipient(c, SealFormat.AUTO, OutputStream.nullOutputStream()));
      }
      long total = (round == 0 ? Math.min(mib, 128) : mib) * (1L << 20);
      long t0 = System.nanoTime();
      try (OutputStream out =
          new Sealer(keys.exchange, threaded).seal(recipients, "x", Instant.now())) {
        for (long done = 0; done < total; done += chunk.length) {
          out.write(chunk);
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "%s seal %d MiB to %d recipients (%s keys, threaded=%s): %.1f s, %.0f MiB/s of plaintext"
              + " (%.0f MiB/s sealed)%n",
          round == 0 ? "warm-up " : "measured",
          total >> 20,
          n,
          kind,
          threaded,
          s,
          (total >> 20) / s,
          n * (total >> 20) / s);
    }
    open(keys, Integer.getInteger("OPEN_MIB", 256), chunk);
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void open(Fixture keys, int mib, byte[] chunk) throws Exception {
    Path message = Files.createTempFile("prex-throughput", ".pgp");
    try (OutputStream out =
        new Sealer(keys.exchange)
            .seal(Files.newOutputStream(message), keys.agencyCerts.get(0), SealFormat.AUTO, "x")) {
      for (long done = 0; done < (long) mib << 20; done += chunk.length) {
        out.write(chunk);
      }
    }
    long t0 = System.nanoTime();
    try (InputStream in = Files.newInputStream(message)) {
      Opener.open(in, keys.agencyKeys.get(0), keys.exchangeCert, OutputStream.nullOutputStream());
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("open %d MiB: %.1f s, %.0f MiB/s%n", mib, s, mib / s);
    Files.delete(message);
  }

  private static KeyGenerator.Options options(String kind) {
    return switch (kind) {
      case "v1" -> KeyGenerator.Options.GNUPG_22;
      case "ocb", "gcm" ->
          new KeyGenerator.Options(
              KeyGenerator.Algorithm.ED25519_LEGACY,
              true,
              List.of(
                  new Combination(
                      SymmetricKeyAlgorithmTags.AES_256,
                      kind.equals("gcm") ? AEADAlgorithmTags.GCM : AEADAlgorithmTags.OCB)));
      default -> throw new IllegalArgumentException("KEYS=v1|ocb|gcm, not " + kind);
    };
  }
}
