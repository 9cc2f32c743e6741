package org.prex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.prex.audit.AuditFixtures;
import org.prex.audit.AuditLog;
import org.prex.audit.LogCheck;
import org.prex.seal.ClearSigner;
import org.prex.seal.SigningKey;

/**
 * Not a test: appends N events (default 1,000,000) to a fresh log, printing the append rate and the
 * file's size per event per tenth of the run so one sees neither grows with the log, then
 * checkpoints, proves and verifies the whole log (in whatever heap the JVM was given). Run with
 * {@code bench/log-bench.sh [N]}.
 */
public final class LogBench {
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("verify")) {
      try (AuditLog log = AuditLog.openReadOnly(Path.of(args[1]))) {
        long n = log.size();
        verify(log, n);
      }
      return;
    }
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    long block = Math.max(1, n / 10);
    Path data = Files.createTempDirectory("prex-log-bench");
    ClearSigner signer =
        new ClearSigner(SigningKey.read(Path.of("keys-example/exchange/signing.asc"), new char[0]));
    try (AuditLog log = AuditLog.open(data)) {
      long start = System.nanoTime();
      long blockStart = start;
      for (long i = 1; i <= n; i++) {
        log.append(
            AuditFixtures.delivered(i)
                .transfer("trn-" + (i / 50))
                .sha256Plain("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        if (i % block == 0) {
          long now = System.nanoTime();
          long bytes = Files.size(data.resolve("audit/prex.mv.db"));
          System.out.printf(
              "events %,10d  block rate %,8.0f events/s  file %,14d bytes = %,7.0f bytes/event%n",
              i, block / ((now - blockStart) / 1e9), bytes, (double) bytes / i);
          blockStart = now;
        }
      }
      double appendSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "append: %,d events in %.1f s = %,.0f events/s%n", n, appendSeconds, n / appendSeconds);

      long t = System.nanoTime();
      String checkpoint = log.checkpoint(signer::sign);
      System.out.printf("checkpoint at size %,d: %.1f ms%n", n, (System.nanoTime() - t) / 1e6);
      t = System.nanoTime();
      AuditLog.InclusionProof proof = log.prove(n / 3);
      System.out.printf(
          "inclusion proof of event %,d: %d hashes (%d bytes), %.1f ms%n",
          n / 3, proof.proof().size(), proof.proof().size() * 32, (System.nanoTime() - t) / 1e6);

      verify(log, n);
      System.out.println(checkpoint.lines().limit(7).reduce("", (a, b) -> a + b + "\n"));
    }
    System.out.println("data: " + data);
  }

  /** Verifies the whole log, printing the time, the heap it had and a consistency proof's size. */
  private static void verify(AuditLog log, long n) {
    long t = System.nanoTime();
    LogCheck check = log.verify(List.of(n / 2 + 1));
    double verifySeconds = (System.nanoTime() - t) / 1e9;
    System.out.printf(
        "verify: %s, %,d events in %.1f s = %,.0f events/s, in a heap of at most %,d MB%n",
        check.intact() ? "intact" : check.problem(),
        check.treeSize(),
        verifySeconds,
        check.treeSize() / verifySeconds,
        Runtime.getRuntime().maxMemory() >> 20);
    List<byte[]> consistency = check.consistencyProof(n / 2 + 1);
    System.out.printf(
        "consistency proof %,d -> %,d: %d hashes (%d bytes)%n",
        n / 2 + 1, n, consistency.size(), consistency.size() * 32);
  }
}
