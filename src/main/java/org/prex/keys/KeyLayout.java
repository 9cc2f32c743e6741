package org.prex.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where each key lives in a key folder (docs/deployment.md), and which ids are allowed. */
final class KeyLayout {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final String ID_RULE =
      "lower-case letters, digits and '-', starting with a letter or digit," + " at most 63";

  /** The exchange's own SFTP account: never a lab. */
  static final String RESERVED_LAB = "prex-ingest";

  static final String EXAMPLE_MARKER = "EXAMPLE-KEYS-DO-NOT-USE.txt";
  static final String README = "README.txt";
  static final String PUB = ".pub";
  static final String ASC = ".asc";
  static final String SECRET_ASC = ".secret.asc";
  static final String SSH_PUB = ".ssh.pub";

  private KeyLayout() {}

  static Path labs(Path dir) {
    return dir.resolve("labs");
  }

  static Path agencies(Path dir) {
    return dir.resolve("agencies");
  }

  static Path exchange(Path dir) {
    return dir.resolve("exchange");
  }

  static Path signing(Path dir) {
    return exchange(dir).resolve("signing.asc");
  }

  static Path signingPublic(Path dir) {
    return exchange(dir).resolve("signing.pub.asc");
  }

  static Path quarantine(Path dir) {
    return exchange(dir).resolve("quarantine.asc");
  }

  /** The security officer's secret key: made by {@code keys init}, kept elsewhere in production. */
  static Path quarantineSecret(Path dir) {
    return exchange(dir).resolve("quarantine.secret.asc");
  }

  static Path hostKey(Path dir) {
    return exchange(dir).resolve(org.prex.sftp.SshLine.HOST_KEY_FILE);
  }

  /** Lab public key files, {@code labs/<lab>.pub}, sorted. */
  static List<Path> labFiles(Path dir) throws IOException {
    return list(labs(dir)).stream().filter(p -> name(p).endsWith(PUB)).toList();
  }

  /** Agency certificates, {@code agencies/<id>.asc} (not the demo {@code .secret.asc}), sorted. */
  static List<Path> agencyFiles(Path dir) throws IOException {
    return list(agencies(dir)).stream()
        .filter(p -> name(p).endsWith(ASC) && !name(p).endsWith(SECRET_ASC))
        .toList();
  }

  /** Agencies' drop-box accounts, {@code agencies/<id>.ssh.pub} (docs/review-cycle.md), sorted. */
  static List<Path> agencySshFiles(Path dir) throws IOException {
    return list(agencies(dir)).stream().filter(p -> name(p).endsWith(SSH_PUB)).toList();
  }

  static String idOf(Path file, String suffix) {
    String name = name(file);
    return name.substring(0, name.length() - suffix.length());
  }

  static boolean validId(String id) {
    return ID.matcher(id).matches();
  }

  /** Every entry of a folder, sorted; empty if it does not exist. */
  static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  static String name(Path p) {
    return p.getFileName().toString();
  }
}
