package org.prex.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.prex.cli.Main;
import org.prex.config.Deployment;

/** prex's command line run in-process, as a user would type it. */
public final class Cli {
  private Cli() {}

  /** The exit code, standard output and standard error of one command. */
  public record Run(int code, String out, String err) {}

  /** With {@code env} as the whole environment the command sees. */
  public static Run prexWithEnv(java.util.Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
    return new Run(code, out.toString(), err.toString());
  }

  public static Run prex(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code prex audit verify} of a deployment's transfer log, with more options if given. */
  public static Run auditVerify(Deployment d, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "audit", "verify", "--data", d.data().toString(), "--keys", d.keys().toString()));
    args.addAll(List.of(more));
    return prex(args.toArray(String[]::new));
  }

  /** {@code prex receive}: an agency opens a transfer folder with its key. */
  public static Run receive(Path key, Path signer, Path in, Path out) {
    return prex(
        "receive",
        "--key",
        key.toString(),
        "--signer",
        signer.toString(),
        "--in",
        in.toString(),
        "--out",
        out.toString());
  }

  /** The arguments of {@code prex serve} for a deployment, its drop box on this port. */
  public static List<String> serveArgs(Deployment d, int sftpPort) {
    return List.of(
        "serve",
        "--keys",
        d.keys().toString(),
        "--routes",
        d.routes().toString(),
        "--data",
        d.data().toString(),
        "--sftp-port",
        String.valueOf(sftpPort));
  }
}
