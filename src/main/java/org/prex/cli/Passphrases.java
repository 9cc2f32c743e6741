package org.prex.cli;

/**
 * Where secrets come from: the environment or a file, never the command line (it shows in `ps`).
 */
final class Passphrases {
  static final String SIGNING = "PREX_SIGNING_PASSPHRASE";
  static final String AGENCY = "PREX_AGENCY_PASSPHRASE";
  static final String INGEST = "PREX_INGEST_PASSPHRASE";
  static final String INGEST_FILE = "PREX_INGEST_PASSPHRASE_FILE";

  private Passphrases() {}

  static char[] signing() {
    String value = System.getenv(SIGNING);
    return value == null ? new char[0] : value.toCharArray();
  }

  /**
   * The {@code --ingest} key's passphrase: env {@value #INGEST}, else the first line of the file
   * env {@value #INGEST_FILE} names; null when neither is set.
   *
   * @throws CommandFailed naming the file when it cannot be read
   */
  static String ingest(java.util.Map<String, String> env) {
    String value = env.get(INGEST);
    if (value != null) {
      return value;
    }
    String file = env.get(INGEST_FILE);
    if (file == null) {
      return null;
    }
    java.nio.file.Path path = java.nio.file.Path.of(file);
    try {
      String text = java.nio.file.Files.readString(path, java.nio.charset.StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      String line = end < 0 ? text : text.substring(0, end);
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    } catch (java.io.IOException e) {
      throw new CommandFailed(
          INGEST_FILE
              + " names "
              + path
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + ")",
          "point it at a file holding the --ingest key's passphrase, readable by prex only");
    }
  }

  static char[] agency() {
    String value = System.getenv(AGENCY);
    return value == null ? new char[0] : value.toCharArray();
  }
}
