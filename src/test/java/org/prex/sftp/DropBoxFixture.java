package org.prex.sftp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.prex.testing.SftpClient;

/**
 * A running drop box on 127.0.0.1 (free port) with labs {@code acme-ai} and {@code beta}, the
 * ingest account, and a stranger's key that is registered nowhere. All under one temporary folder.
 * Public for tests of other packages that need a real drop box (e.g. the ingest client).
 */
public final class DropBoxFixture implements AutoCloseable {

  public static final String ACME = "acme-ai";
  public static final String BETA = "beta";

  public final Path dir;
  public final Path root;
  final Path hostKeyFile;
  final TestKeys.KeyFile acmeKey;
  final TestKeys.KeyFile betaKey;
  final TestKeys.KeyFile ingestKey;
  final TestKeys.KeyFile strangerKey;
  final RecordingListener listener = new RecordingListener();
  public final DropBox box;
  private final DropBoxLimits limits;

  public DropBoxFixture(Path dir) throws IOException {
    this(dir, null);
  }

  /** With other limits (null: the defaults). */
  public DropBoxFixture(Path dir, DropBoxLimits limits) throws IOException {
    this.limits = limits;
    this.dir = dir;
    this.root = dir.resolve("data/sftp");
    this.hostKeyFile = dir.resolve("keys/exchange/ssh_host_ed25519_key");
    Path keys = dir.resolve("client-keys");
    this.acmeKey = TestKeys.ed25519(keys, ACME);
    this.betaKey = TestKeys.ed25519(keys, BETA);
    this.ingestKey = TestKeys.ed25519(keys, "ingest");
    this.strangerKey = TestKeys.ed25519(keys, "stranger");
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
        limits);
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
