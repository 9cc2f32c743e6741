package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.ingest.DropBoxFiles;
import org.prex.ingest.IngestFilter;
import org.prex.ingest.IngestReadLock;
import org.prex.ingest.Stager;
import org.prex.item.Sha256;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.testing.SftpClient;

/**
 * Second red team of the in-place reads (fb3007a): the loose-file consumer as the route file
 * configures it for the embedded drop box (recursive from the root, the lab's ingest filter, the
 * drop box read lock, download=false, streamDownload, delete=true), with the stager reading the
 * upload in place through {@link DropBox#openForIngest}. Promise under attack: an upload is removed
 * from the drop box only once it is staged and logged, never staged twice, never lost.
 */
class InPlaceIngestRouteRedTeamTest {

  @TempDir Path tmp;

  /** What the stager staged, by name, with the SHA-256 of each. */
  private final Map<String, List<String>> staged = new ConcurrentHashMap<>();

  /**
   * A lab replaces an upload while prex is still copying it into staging (a corrected model: rm,
   * then put under the same name; a large model takes many seconds to copy). The in-place read
   * holds the first file open and stages it; the new upload is closed and has settled (a second) by
   * the time the copy ends, so the consumer's delete=true removes the name, which is now the new
   * upload: it is never staged, no receipt names it, and it is gone from the drop box.
   *
   * <p>Expected: the new upload is staged, or it stays in the drop box to be taken on a later poll.
   * (Camel removes by name; the file removed must be the one staged, e.g. compare the file key or
   * modification time the stager read before the removal.)
   */
  @Test
  void anUploadReplacedWhileItIsCopied_isNeverRemovedUnstaged() throws Exception {
    byte[] first = bytes(4 << 20, 'a');
    byte[] second = bytes(4 << 20, 'b'); // the corrected upload: same name, same size
    String secondSha = sha(second);
    try (DropBoxFixture fx = new DropBoxFixture(tmp.resolve("box"))) {
      try (SftpClient acme = fx.acme()) {
        acme.put("model.bin", first);
      }
      AtomicBoolean swapped = new AtomicBoolean();
      DropBoxFiles replacing =
          DropBoxFiles.of(
              path -> {
                InputStream in = fx.box.openForIngest(path);
                return new FilterInputStream(in) {
                  @Override
                  public int read(byte[] b, int off, int len) throws IOException {
                    if (swapped.compareAndSet(false, true)) {
                      try (SftpClient acme = fx.acme()) {
                        acme.channel().rm("model.bin");
                        acme.put("model.bin", second);
                        Thread.sleep(1_500); // the rest of a long copy: the new upload settles
                      } catch (Exception e) {
                        throw new IOException(e);
                      }
                    }
                    return super.read(b, off, len);
                  }
                };
              },
              fx.box::identityForIngest);
      try (AuditLog log = AuditLog.open(tmp.resolve("data"))) {
        CamelContext camel =
            route(fx, new Stager(new Staging(tmp.resolve("staging")), log, replacing));
        try {
          camel.start();
          long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (System.nanoTime() < until
              && !(swapped.get() && stagedShas("acme-ai/inbox/model.bin").contains(secondSha))) {
            Thread.sleep(200);
          }
        } finally {
          camel.stop();
        }
      }
      boolean stillInDropBox =
          Files.exists(fx.inbox(ACME).resolve("model.bin"))
              && sha(Files.readAllBytes(fx.inbox(ACME).resolve("model.bin"))).equals(secondSha);
      assertTrue(swapped.get(), "the replacement ran");
      assertTrue(
          stillInDropBox || stagedShas("acme-ai/inbox/model.bin").contains(secondSha),
          "the lab's second upload of model.bin was removed from the drop box without ever being"
              + " staged (staged: "
              + staged
              + ")");
    }
  }

  /**
   * Guard: names with characters that mean something in URIs, shells or Camel's expression language
   * are read in place under the name the consumer reports, staged exactly once each, and removed
   * from the drop box.
   */
  @Test
  void unusualNames_areEachStagedOnce_andRemoved() throws Exception {
    List<String> names =
        List.of(
            "a b.bin",
            "100%.bin",
            "100%25.bin",
            "x#y?z&w=1.bin",
            "plus+sign.bin",
            "ünïcödé-名前.bin",
            "'quote\".bin",
            "semi;colon.bin",
            "${date:now}.bin",
            "a..dots.bin",
            "trailing.",
            "-rf",
            "~tilde.bin");
    try (DropBoxFixture fx = new DropBoxFixture(tmp.resolve("box"))) {
      // written on the host (JSch's put reads '?' and '*' as patterns); names a lab can upload
      for (String n : names) {
        Files.write(
            fx.inbox(ACME).resolve(n), ("content of " + n).getBytes(StandardCharsets.UTF_8));
      }
      try (AuditLog log = AuditLog.open(tmp.resolve("data"))) {
        CamelContext camel =
            route(
                fx,
                new Stager(
                    new Staging(tmp.resolve("staging")),
                    log,
                    DropBoxFiles.of(fx.box::openForIngest, fx.box::identityForIngest)));
        try {
          camel.start();
          long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (System.nanoTime() < until && staged.size() < names.size()) {
            Thread.sleep(200);
          }
          Thread.sleep(2_000); // any second take of the same file
        } finally {
          camel.stop();
        }
      }
      for (String n : names) {
        String key = "acme-ai/inbox/" + n;
        String sha = sha(("content of " + n).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(sha), stagedShas(key), "staged once: " + n + " in " + staged);
        assertTrue(Files.notExists(fx.inbox(ACME).resolve(n)), "removed: " + n);
      }
    }
  }

  private CamelContext route(DropBoxFixture fx, Stager stager) throws Exception {
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, fx.box.knownHostsLine() + "\n");
    String uri =
        "sftp://"
            + DropBox.INGEST_USER
            + "@127.0.0.1:"
            + fx.box.port()
            + "/?privateKeyFile="
            + fx.privateKeyFile("ingest")
            + "&knownHostsFile="
            + knownHosts
            + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false"
            + "&recursive=true&filter=#ingestFilter&delete=true&streamDownload=true"
            + "&download=false&exclusiveReadLockStrategy=#ingestReadLock&stepwise=false"
            + "&delay=250&sortBy=file:modified&disconnect=false&soTimeout=30000";
    CamelContext camel = new DefaultCamelContext();
    camel
        .getRegistry()
        .bind(
            "ingestFilter",
            new IngestFilter(Set.of(ACME), p -> fx.box.isBeingWritten(p) || fx.box.isSettling(p)));
    camel
        .getRegistry()
        .bind(
            "ingestReadLock",
            IngestReadLock.dropBox(p -> fx.box.isBeingWritten(p) || fx.box.isSettling(p)));
    camel.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(uri)
                .bean(stager, "stage")
                .process(
                    e -> {
                      Submission s = e.getIn().getBody(Submission.class);
                      String name = e.getIn().getHeader("CamelFileName", String.class);
                      staged
                          .computeIfAbsent(
                              name, k -> Collections.synchronizedList(new ArrayList<>()))
                          .add(s.items().get(0).staged().sha256());
                    });
          }
        });
    return camel;
  }

  private List<String> stagedShas(String name) {
    List<String> l = staged.get(name);
    return l == null ? List.of() : List.copyOf(l);
  }

  private static byte[] bytes(int n, char c) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) c);
    return b;
  }

  private static String sha(byte[] b) {
    var d = Sha256.newDigest();
    d.update(b);
    return Sha256.hex(d);
  }
}
