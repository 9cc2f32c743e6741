package org.prex.cli;

import java.io.ByteArrayInputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.prex.console.users.ConsoleUser;
import org.prex.console.users.ConsoleUsers;
import org.prex.console.users.PasswordHash;
import org.prex.console.users.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description =
        "Manages the accounts of the records officers' console, KEYS/console-users"
            + " (docs/console-accounts.md).",
    subcommands = {
      ConsoleCommand.AddUser.class,
      ConsoleCommand.RemoveUser.class,
      ConsoleCommand.ListUsers.class
    })
final class ConsoleCommand implements Runnable {
  /** The new account's password, when given through the environment. */
  static final String PASSWORD = "PREX_CONSOLE_PASSWORD";

  /** 12, or 14 on the FIPS line (docs/fips.md, "Console passwords"). */
  static final int MIN_PASSWORD = PasswordHash.MIN_PASSWORD;

  /** The longest first line of standard input read as a password, in bytes. */
  static final int MAX_PASSWORD_BYTES = 4096;

  private static final String FORMAT_HINT =
      "fix that line (the format is in the file's header and docs/console-accounts.md)";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The accounts of {@code keys}, or a failure naming the file and line that is wrong. */
  static ConsoleUsers users(Path keys) {
    if (!Files.isDirectory(keys)) {
      throw new CommandFailed(
          "keys folder " + keys + " does not exist",
          "give --keys the exchange's keys folder ('prex keys init' makes one)");
    }
    try {
      return ConsoleUsers.read(keys);
    } catch (IllegalArgumentException e) {
      throw new CommandFailed(e.getMessage(), FORMAT_HINT);
    } catch (UncheckedIOException e) {
      throw new CommandFailed(e.getMessage(), "check the keys folder and its permissions");
    }
  }

  @Command(
      name = "add-user",
      mixinStandardHelpOptions = true,
      description = {
        "Adds a console account. Its password comes from env "
            + PASSWORD
            + ", else the first"
            + " line of standard input (at a terminal: asked for twice, not echoed); at least "
            + MIN_PASSWORD
            + " characters. Only its "
            + PasswordHash.NEW_HASH
            + " hash is kept.",
        "With --cert the account also logs in with that client certificate (a PIV card's, say),"
            + " known by its SHA-256; with --cert and no password it logs in by certificate only."
      })
  static final class AddUser implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The account's name: " + ConsoleUser.NAME_RULE)
    String name;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "records-officer or security-officer.")
    String role;

    @Option(
        names = "--cert",
        paramLabel = "FILE.pem",
        description = "The user's X.509 client certificate, PEM (the certificate only, no key).")
    Path cert;

    @Mixin KeysFolder keys;

    @Override
    public Integer call() {
      if (!ConsoleUser.validName(name)) {
        throw new CommandFailed(
            "'"
                + name
                + "' is not a valid console user name: a lower-case letter, then up to 62 of"
                + " a-z 0-9 . _ -",
            "e.g. 'jdoe' or 'j.doe'",
            2);
      }
      Role r;
      try {
        r = Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw new CommandFailed(e.getMessage(), "see 'prex console add-user --help'", 2);
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      X509Certificate certificate = cert == null ? null : certificate(cert);
      String fingerprint = certificate == null ? null : fingerprint(certificate);
      if (users(keys.path).byName(name).isPresent()) {
        throw new CommandFailed(
            "console user " + name + " exists; remove it first",
            "'prex console remove-user " + name + "', then add it again");
      }
      char[] password = password();
      try {
        if (password == null || password.length == 0) {
          if (certificate == null) {
            throw new CommandFailed(
                password == null
                    ? "no password: " + PASSWORD + " is unset and standard input is empty"
                    : "the password is empty",
                "give a password of at least "
                    + MIN_PASSWORD
                    + " characters in "
                    + PASSWORD
                    + " or on standard input, or --cert FILE for certificate login only",
                2);
          }
          if (Main.environment(spec).get(PASSWORD) != null) {
            throw new CommandFailed(
                "the password in " + PASSWORD + " is empty",
                "unset it for certificate login only, or give at least "
                    + MIN_PASSWORD
                    + " characters",
                2);
          }
        } else if (Character.codePointCount(password, 0, password.length) < MIN_PASSWORD) {
          throw new CommandFailed(
              "the password is shorter than " + MIN_PASSWORD + " characters",
              "choose a longer one; a passphrase of several words is easier to remember",
              2);
        }
        String hash = password == null || password.length == 0 ? null : PasswordHash.hash(password);
        ConsoleUser user;
        try {
          user = new ConsoleUser(name, r, hash, fingerprint);
          ConsoleUsers.add(keys.path, user);
        } catch (IllegalArgumentException e) {
          throw new CommandFailed(
              e.getMessage(),
              "'prex console list-users --keys " + keys.path + "' shows the accounts");
        } catch (UncheckedIOException e) {
          throw new CommandFailed(e.getMessage(), "check the keys folder and its permissions");
        }
        out.println("added console user " + name + " (" + r.id() + ")");
        if (certificate != null) {
          out.println(
              "  certificate sha256 "
                  + fingerprint
                  + " ("
                  + certificate.getSubjectX500Principal().getName()
                  + ")"
                  + (hash == null ? "; logs in by certificate only" : ""));
          try {
            certificate.checkValidity();
          } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            err.println(
                "warning: "
                    + cert
                    + " is not valid now (from "
                    + certificate.getNotBefore().toInstant()
                    + " to "
                    + certificate.getNotAfter().toInstant()
                    + "): the console refuses it until it is");
          }
        }
        return 0;
      } finally {
        PasswordHash.burn(password);
      }
    }

    /**
     * The password: env {@value #PASSWORD}, else asked twice at a terminal, else the first line of
     * standard input; null when there is none (env unset, standard input empty).
     */
    private char[] password() {
      String env = Main.environment(spec).get(PASSWORD);
      if (env != null) {
        return env.toCharArray();
      }
      Console console = System.console();
      if (console != null) {
        char[] first =
            console.readPassword(
                "password for console user %s%s: ",
                name, cert == null ? "" : " (empty for certificate login only)");
        if (first == null || first.length == 0) {
          return first; // no password: certificate login only, or refused
        }
        char[] again = console.readPassword("the same again: ");
        try {
          if (!Arrays.equals(first, again)) {
            PasswordHash.burn(first);
            throw new CommandFailed(
                "the two passwords differ", "run add-user again and type the same one twice", 2);
          }
        } finally {
          PasswordHash.burn(again);
        }
        return first;
      }
      return firstLine(System.in);
    }
  }

  /**
   * The first line of {@code in}, without its line end, decoded as UTF-8; null when {@code in} is
   * empty. Reads no further than that line.
   */
  static char[] firstLine(InputStream in) {
    byte[] buf = new byte[MAX_PASSWORD_BYTES + 1];
    int n = 0;
    try {
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        if (n == buf.length) {
          Arrays.fill(buf, (byte) 0);
          throw new CommandFailed(
              "the first line of standard input is longer than "
                  + MAX_PASSWORD_BYTES
                  + " bytes: not taken as a password",
              "give the password alone on the first line",
              2);
        }
        buf[n++] = (byte) b;
      }
      if (b == -1 && n == 0) {
        return null;
      }
    } catch (IOException e) {
      throw new CommandFailed(
          "cannot read the password from standard input (" + e.getClass().getSimpleName() + ")",
          "or give it in " + PASSWORD);
    }
    if (n > 0 && buf[n - 1] == '\r') {
      n--;
    }
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buf, 0, n));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      if (chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
      return out;
    } catch (CharacterCodingException e) {
      throw new CommandFailed(
          "the password on standard input is not UTF-8 text", "give it as UTF-8", 2);
    } finally {
      Arrays.fill(buf, (byte) 0);
    }
  }

  /** PEM types a certificate goes by. */
  private static final Set<String> CERTIFICATE_TYPES =
      Set.of("CERTIFICATE", "X509 CERTIFICATE", "X.509 CERTIFICATE");

  /**
   * The one X.509 certificate the PEM file {@code file} holds; a failure (exit 2) naming the file
   * when it holds none, more than one, or a private key.
   */
  static X509Certificate certificate(Path file) {
    List<PemObject> objects = new ArrayList<>();
    try (PemReader r = new PemReader(Files.newBufferedReader(file, StandardCharsets.ISO_8859_1))) {
      for (PemObject o = r.readPemObject(); o != null; o = r.readPemObject()) {
        objects.add(o);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CommandFailed("--cert " + file + " does not exist", null, 2);
    } catch (IOException | RuntimeException e) {
      // unreadable, or a PEM block whose base64 or end line is broken
      if (!Files.isReadable(file)) {
        throw new CommandFailed("--cert " + file + " cannot be read", null, 2);
      }
      throw notACertificate(file);
    }
    if (objects.stream().anyMatch(o -> o.getType().endsWith("PRIVATE KEY"))) {
      throw new CommandFailed(
          "--cert " + file + " holds a private key",
          "give the certificate alone; the key stays with its owner (and on the card)",
          2);
    }
    List<PemObject> certs =
        objects.stream().filter(o -> CERTIFICATE_TYPES.contains(o.getType())).toList();
    if (certs.size() > 1) {
      throw new CommandFailed(
          "--cert " + file + " holds " + certs.size() + " certificates",
          "give the user's own certificate alone, not a chain",
          2);
    }
    if (certs.isEmpty()) {
      throw notACertificate(file);
    }
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(certs.get(0).getContent()));
    } catch (CertificateException | ClassCastException e) {
      throw notACertificate(file);
    }
  }

  private static CommandFailed notACertificate(Path file) {
    return new CommandFailed(
        "--cert " + file + " is not a PEM X.509 certificate",
        "give the client certificate as PEM (-----BEGIN CERTIFICATE-----)",
        2);
  }

  /** The SHA-256 of a certificate's DER encoding, lower-case hex: how accounts name it. */
  static String fingerprint(X509Certificate cert) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot hash a certificate", e);
    }
  }

  @Command(
      name = "remove-user",
      mixinStandardHelpOptions = true,
      description =
          "Removes a console account. Its open sessions end at their next request. Exit 1 if"
              + " there is no such account.")
  static final class RemoveUser implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The account's name.")
    String name;

    @Mixin KeysFolder keys;

    @Override
    public Integer call() {
      users(keys.path); // a malformed file is reported as such, not as "no such user"
      boolean removed;
      try {
        removed = ConsoleUsers.remove(keys.path, name);
      } catch (IllegalArgumentException e) {
        throw new CommandFailed(e.getMessage(), FORMAT_HINT);
      } catch (UncheckedIOException e) {
        throw new CommandFailed(e.getMessage(), "check the keys folder and its permissions");
      }
      if (!removed) {
        throw new CommandFailed(
            "no console user " + name + " in " + ConsoleUsers.file(keys.path),
            "'prex console list-users --keys " + keys.path + "' lists them");
      }
      spec.commandLine().getOut().println("removed console user " + name);
      return 0;
    }
  }

  @Command(
      name = "list-users",
      mixinStandardHelpOptions = true,
      description =
          "Lists the console accounts: name, role, and how each logs in (password, certificate).")
  static final class ListUsers implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin KeysFolder keys;

    @Override
    public Integer call() {
      List<ConsoleUser> all = users(keys.path).all();
      PrintWriter out = spec.commandLine().getOut();
      if (all.isEmpty()) {
        out.println("no console users in " + ConsoleUsers.file(keys.path));
        return 0;
      }
      int width = Math.max(4, all.stream().mapToInt(u -> u.name().length()).max().orElse(0));
      String row = "%-" + width + "s  %-16s  %s%n";
      out.printf(row, "NAME", "ROLE", "LOGIN");
      for (ConsoleUser u : all) {
        List<String> kinds = new ArrayList<>();
        if (u.passwordLogin()) {
          kinds.add(u.passwordRefusal().isPresent() ? "password (refused, see below)" : "password");
        }
        if (u.certificateLogin()) {
          kinds.add("certificate");
        }
        out.printf(row, u.name(), u.role().id(), String.join(", ", kinds));
      }
      PrintWriter err = spec.commandLine().getErr();
      for (ConsoleUser u : all) {
        u.passwordRefusal().ifPresent(why -> err.println("warning: " + why));
      }
      return 0;
    }
  }
}
