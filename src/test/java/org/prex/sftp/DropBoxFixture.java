package org.prex.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.prex.testing.SftpClient;

/**
 * A running drop box on 127.0.0.1 (free port) with labs {@code acme-ai} and {@code beta}, the
 * ingest account, and a stranger's key that is registered nowhere. All under one temporary folder.
 * Public for tests of other packages that need a real drop box (e.g. the ingest client).
 *
 * <p>Either made and closed by hand ({@link #DropBoxFixture(Path)}), or registered once per test
 * class, where it starts before all tests in a folder of its own, forgets the listener's events
 * before each test, and stops and removes the folder after all:
 *
 * <pre>{@code @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass();}</pre>
 */
public final class DropBoxFixture
    implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  public static final String ACME = "acme-ai";
  public static final String BETA = "beta";

  /** An agency with a drop-box account (docs/review-cycle.md). */
  public static final String CAISI = "caisi";

  // set when the drop box starts: at once by hand, before all tests as an extension
  public Path dir;
  public Path root;
  Path hostKeyFile;
  TestKeys.KeyFile acmeKey;
  TestKeys.KeyFile betaKey;
  TestKeys.KeyFile caisiKey;
  TestKeys.KeyFile ingestKey;
  TestKeys.KeyFile strangerKey;
  final RecordingListener listener = new RecordingListener();
  public DropBox box;
  private final DropBoxLimits limits;

  public DropBoxFixture(Path dir) throws IOException {
    this(dir, null);
  }

  /** With other limits (null: the defaults). */
  public DropBoxFixture(Path dir, DropBoxLimits limits) throws IOException {
    this.limits = limits;
    start(dir);
  }

  private DropBoxFixture(DropBoxLimits limits) {
    this.limits = limits;
  }

  /** A drop box with the default limits for a whole test class, to register as an extension. */
  public static DropBoxFixture perClass() {
    return new DropBoxFixture((DropBoxLimits) null);
  }

  /** The same with other limits. */
  public static DropBoxFixture perClass(DropBoxLimits limits) {
    return new DropBoxFixture(limits);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    start(Files.createTempDirectory("prex-dropbox"));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    listener.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // what a test left unremovable stays in the system's temporary folder; no test reads it
    }
  }

  private void start(Path dir) throws IOException {
    this.dir = dir;
    this.root = dir.resolve("data/sftp");
    this.hostKeyFile = dir.resolve("keys/exchange/" + SshLine.HOST_KEY_FILE);
    Path keys = dir.resolve("client-keys");
    this.acmeKey = TestKeys.lab(keys, ACME);
    this.betaKey = TestKeys.lab(keys, BETA);
    this.caisiKey = TestKeys.lab(keys, CAISI);
    this.ingestKey = TestKeys.lab(keys, "ingest");
    this.strangerKey = TestKeys.lab(keys, "stranger");
    this.box = DropBox.start(config(0));
  }

  DropBoxConfig config(int port) {
    return new DropBoxConfig(
        "127.0.0.1",
        port,
        root,
        hostKeyFile,
        Map.of(ACME, List.of(acmeKey.publicKey()), BETA, List.of(betaKey.publicKey())),
        ingestKey.publicKey(),
        listener,
        limits,
        null,
        Map.of(CAISI, List.of(caisiKey.publicKey())));
  }

  SftpClient caisi() throws Exception {
    return SftpClient.connect(box, CAISI, caisiKey.privateKey());
  }

  SftpClient acme() throws Exception {
    return SftpClient.connect(box, ACME, acmeKey.privateKey());
  }

  SftpClient beta() throws Exception {
    return SftpClient.connect(box, BETA, betaKey.privateKey());
  }

  SftpClient ingest() throws Exception {
    return SftpClient.connect(box, DropBox.INGEST_USER, ingestKey.privateKey());
  }

  /**
   * The private key file of {@link #ACME}, {@link #BETA}, {@code "ingest"} or {@code "stranger"}.
   */
  public Path privateKeyFile(String who) {
    return switch (who) {
      case ACME -> acmeKey.privateKey();
      case BETA -> betaKey.privateKey();
      case CAISI -> caisiKey.privateKey();
      case "ingest" -> ingestKey.privateKey();
      case "stranger" -> strangerKey.privateKey();
      default -> throw new IllegalArgumentException("no test key " + who);
    };
  }

  public Path inbox(String lab) {
    return root.resolve(lab).resolve("inbox");
  }

  public Path receipts(String lab) {
    return root.resolve(lab).resolve("receipts");
  }

  @Override
  public void close() {
    box.close();
  }
}
