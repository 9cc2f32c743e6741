package org.prex.console.users;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One console account: its name, its role, and how it logs in. At least one of the two is set.
 *
 * @param name {@value #NAME_RULE}
 * @param role what the account may do
 * @param passwordHash the PHC string of its password's hash, Argon2id or PBKDF2-HMAC-SHA512 ({@link
 *     PasswordHash}), or null when it logs in by client certificate only
 * @param certSha256 the SHA-256 of its client certificate's DER encoding, 64 lower-case hex digits,
 *     or null when it logs in by password only
 */
public record ConsoleUser(String name, Role role, String passwordHash, String certSha256) {
  /** What a console user's name must match. */
  public static final String NAME_RULE = "[a-z][a-z0-9._-]{0,62}";

  private static final Pattern NAME = Pattern.compile(NAME_RULE);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * @throws IllegalArgumentException naming what is wrong (never the hash itself)
   */
  public ConsoleUser {
    if (!validName(name)) {
      throw new IllegalArgumentException(
          "console user name '"
              + name
              + "' is not valid: a lower-case letter, then up to 62 lower-case letters, digits,"
              + " '.', '_' or '-' ("
              + NAME_RULE
              + ")");
    }
    Objects.requireNonNull(role, "role");
    if (passwordHash != null && PasswordHash.parse(passwordHash) == null) {
      throw new IllegalArgumentException(
          "console user "
              + name
              + ": the password hash is not a PHC string prex accepts"
              + " ($argon2id$v=19$m=...,t=...,p=...$SALT$HASH or"
              + " $pbkdf2-sha512$i=...,l=...$SALT$HASH)");
    }
    if (certSha256 != null && !SHA256.matcher(certSha256).matches()) {
      throw new IllegalArgumentException(
          "console user "
              + name
              + ": the certificate fingerprint is not a SHA-256 in 64 lower-case hex digits");
    }
    if (passwordHash == null && certSha256 == null) {
      throw new IllegalArgumentException(
          "console user "
              + name
              + " has neither a password nor a certificate: it could not log in");
    }
  }

  /** Whether {@code name} is a valid console user name. */
  public static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Whether the account may log in with a password. */
  public boolean passwordLogin() {
    return passwordHash != null;
  }

  /**
   * Why this build refuses the account's password, naming the account and what to do (its hash is
   * of an algorithm the line will not check, as Argon2id on the FIPS line); empty when it takes it,
   * or when the account has no password. Never the hash.
   */
  public Optional<String> passwordRefusal() {
    String why = passwordHash == null ? null : PasswordHash.refusal(passwordHash);
    if (why == null) {
      return Optional.empty();
    }
    return Optional.of(
        "console user "
            + name
            + " cannot log in by password: "
            + why
            + ": prex console remove-user "
            + name
            + ", then prex console add-user "
            + name
            + " --role "
            + role.id()
            + (certSha256 == null ? "" : " --cert FILE (its certificate again)"));
  }

  /** Whether the account may log in with a client certificate. */
  public boolean certificateLogin() {
    return certSha256 != null;
  }

  /** Never the hash: a record's default toString would print it into any log that names a user. */
  @Override
  public String toString() {
    return "ConsoleUser["
        + name
        + ", "
        + role.id()
        + (passwordLogin() ? ", password" : "")
        + (certificateLogin() ? ", certificate " + certSha256 : "")
        + "]";
  }
}
