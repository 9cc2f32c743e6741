package org.prex.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The system's GnuPG in a throw-away home folder, as an agency would use it. */
public final class Gpg {
  private final Path home;

  public Gpg(Path home) throws IOException {
    this.home = home;
    Files.createDirectories(home);
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  public record Result(int exit, String status, String stderr) {}

  public Result run(String... args) throws IOException, InterruptedException {
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
                "",
                "--status-fd",
                "1"));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile(home, "stderr", ".txt");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    String status = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("gpg did not finish: " + cmd);
    }
    return new Result(p.exitValue(), status, Files.readString(err));
  }

  public void importKey(Path file) throws IOException, InterruptedException {
    Result r = run("--import", file.toString());
    if (r.exit() != 0) {
      throw new AssertionError("gpg --import " + file + " failed: " + r.stderr());
    }
  }
}
