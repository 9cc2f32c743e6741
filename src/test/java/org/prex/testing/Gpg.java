package org.prex.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The system's GnuPG ({@code /usr/bin/gpg}) in a throw-away home folder, as an agency would use it.
 * {@link #close()} stops the agent this home started. Registered as an extension
 * ({@code @RegisterExtension static final Gpg gpg = Gpg.perClass();}) it makes its home before all
 * tests of a class and stops the agent and removes the home after all.
 */
public final class Gpg implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  private Path home; // set at once by hand, before all tests as an extension

  public Gpg(Path home) throws IOException {
    open(home);
  }

  private Gpg() {}

  /** A GnuPG home for the tests of one class. */
  public static Gpg perClass() {
    return new Gpg();
  }

  private void open(Path home) throws IOException {
    this.home = home;
    Files.createDirectories(home);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    open(Files.createTempDirectory("prex-gnupg"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
    try (Stream<Path> all = Files.walk(home)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a socket the agent left behind stays in the system's temporary folder; no test reads it
    }
  }

  /** Exit code, status lines ({@code --status-fd}), standard output and standard error. */
  public record Result(int exit, String status, String stdout, String stderr) {
    public Result ok() {
      assertEquals(0, exit, "gpg failed: " + stderr);
      return this;
    }
  }

  public Path home() {
    return home;
  }

  /** Runs gpg in batch mode; the passphrase of every key is empty. */
  public Result run(String... args) throws IOException, InterruptedException {
    return runWith("", null, args);
  }

  /**
   * Runs gpg in batch mode with this passphrase for every key, and {@code stdin} (or nothing) as
   * its standard input (e.g. for {@code --command-fd 0}).
   */
  public Result runWith(String passphrase, String stdin, String... args)
      throws IOException, InterruptedException {
    Path status = Files.createTempFile(home, "status", ".txt");
    Path out = Files.createTempFile(home, "stdout", ".txt");
    Path err = Files.createTempFile(home, "stderr", ".txt");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "gpg",
                "--homedir",
                home.toString(),
                "--batch",
                "--no-tty",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                passphrase,
                "--status-file",
                status.toString()));
    cmd.addAll(List.of(args));
    Path in = Files.createTempFile(home, "stdin", ".txt");
    Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("gpg did not finish: " + cmd);
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(status, StandardCharsets.UTF_8),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(in);
    Files.delete(status);
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /** {@code text} clear-signed with the secret key of {@code user}, as {@code gpg --clearsign}. */
  public String clearSign(String user, String text) throws IOException, InterruptedException {
    Path in = Files.createTempFile(home, "sign", ".txt");
    Files.writeString(in, text, StandardCharsets.UTF_8);
    Result r = run("--local-user", user, "--output", "-", "--clearsign", in.toString()).ok();
    Files.delete(in);
    return r.stdout();
  }

  public void importFile(Path file) throws IOException, InterruptedException {
    run("--import", file.toString()).ok();
  }

  public void importText(String armored) throws IOException, InterruptedException {
    Path f = Files.createTempFile(home, "import", ".asc");
    Files.writeString(f, armored, StandardCharsets.US_ASCII);
    importFile(f);
    Files.delete(f);
  }

  /** Makes a key; {@code algo} as --quick-gen-key takes it (ed25519, rsa3072…). */
  public String generate(String uid, String algo, String usage, String expire)
      throws IOException, InterruptedException {
    run("--quick-gen-key", uid, algo, usage, expire).ok();
    return fingerprint(uid);
  }

  /**
   * An agency's key as agencies make them: a signing primary key and an encryption subkey of the
   * same family (ed25519 with cv25519, rsa with rsa); returns its fingerprint.
   */
  public String generateAgency(String uid, String algo, String expire)
      throws IOException, InterruptedException {
    String fpr = generate(uid, algo, "cert,sign", expire);
    addSubkey(fpr, algo.equals("ed25519") ? "cv25519" : algo, "encr", expire);
    return fpr;
  }

  public void addSubkey(String fingerprint, String algo, String usage, String expire)
      throws IOException, InterruptedException {
    run("--quick-add-key", fingerprint, algo, usage, expire).ok();
  }

  public String fingerprint(String uid) throws IOException, InterruptedException {
    for (String line : run("--with-colons", "--list-keys", uid).ok().stdout().split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new AssertionError("no key for " + uid);
  }

  public String exportPublic(String uid) throws IOException, InterruptedException {
    return run("--armor", "--export", uid).ok().stdout();
  }

  public String exportSecret(String uid) throws IOException, InterruptedException {
    return run("--armor", "--export-secret-keys", uid).ok().stdout();
  }

  @Override
  public void close() throws IOException {
    Process p =
        new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
