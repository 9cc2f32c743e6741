package org.prex.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where each key lives in a key folder (SPEC §2), and which ids are allowed. */
final class KeyLayout {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final String RESERVED_LAB = "prex-ingest";
  static final String EXAMPLE_MARKER = "EXAMPLE-KEYS-DO-NOT-USE.txt";

  private KeyLayout() {}

  static Path labs(Path dir) {
    return dir.resolve("labs");
  }

  static Path agencies(Path dir) {
    return dir.resolve("agencies");
  }

  static Path signing(Path dir) {
    return dir.resolve("exchange/signing.asc");
  }

  static Path signingPublic(Path dir) {
    return dir.resolve("exchange/signing.pub.asc");
  }

  static Path quarantine(Path dir) {
    return dir.resolve("exchange/quarantine.asc");
  }

  static Path hostKey(Path dir) {
    return dir.resolve("exchange/ssh_host_ed25519_key");
  }

  /** Lab public key files, {@code labs/<lab>.pub}, sorted. */
  static List<Path> labFiles(Path dir) throws IOException {
    return list(labs(dir), ".pub");
  }

  /** Agency certificates, {@code agencies/<id>.asc} (not the demo {@code .secret.asc}), sorted. */
  static List<Path> agencyFiles(Path dir) throws IOException {
    return list(agencies(dir), ".asc").stream()
        .filter(p -> !p.getFileName().toString().endsWith(".secret.asc"))
        .toList();
  }

  static String idOf(Path file, String suffix) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - suffix.length());
  }

  private static List<Path> list(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }
}
