package org.prex.cli;

/** Where secrets come from: the environment, never the command line (it shows in `ps`). */
final class Passphrases {
  static final String SIGNING = "PREX_SIGNING_PASSPHRASE";
  static final String AGENCY = "PREX_AGENCY_PASSPHRASE";

  private Passphrases() {}

  static char[] signing() {
    String value = System.getenv(SIGNING);
    return value == null ? new char[0] : value.toCharArray();
  }

  static char[] agency() {
    String value = System.getenv(AGENCY);
    return value == null ? new char[0] : value.toCharArray();
  }
}
