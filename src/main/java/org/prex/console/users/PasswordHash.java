package org.prex.console.users;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Console passwords, stored as PHC strings (docs/console-accounts.md) of one of two hashes. Which
 * one new passwords get, and which ones are checked, is the line's ({@link PasswordLine}):
 *
 * <ul>
 *   <li>Argon2id (RFC 9106), on the general line: {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}.
 *       The cost is OWASP's first Argon2id setting (19 MiB, 2 passes, 1 lane): a login costs tens
 *       of milliseconds, a guess as much, and memory-hard.
 *   <li>PBKDF2 with HMAC-SHA-512 (RFC 8018), on the FIPS line, where Argon2id is not approved:
 *       {@code $pbkdf2-sha512$i=210000,l=64$SALT$HASH}, 210,000 iterations (OWASP's figure for
 *       HMAC-SHA-512; about half a second in the FIPS module, docs/fips.md).
 * </ul>
 *
 * Salt and hash are in base64 without padding; the salt is 16 random bytes. A password is encoded
 * as UTF-8 before hashing, as the reference implementations' command lines and other PHC libraries
 * do, so a hash made elsewhere with the same password verifies here.
 */
public final class PasswordHash {
  /** The hashes prex reads. */
  public enum Scheme {
    ARGON2ID("Argon2id"),
    PBKDF2_SHA512("PBKDF2-HMAC-SHA512");

    private final String label;

    Scheme(String label) {
      this.label = label;
    }

    /** Its name, as messages give it. */
    public String label() {
      return label;
    }
  }

  /** The fewest characters a console password may have (the line's: 12, or 14 on the FIPS line). */
  public static final int MIN_PASSWORD = PasswordLine.MIN_PASSWORD;

  /** The name of the hash new passwords get. */
  public static final String NEW_HASH = PasswordLine.NEW_HASH_NAME;

  /** Memory in KiB (19 MiB). */
  static final int MEMORY_KIB = 19456;

  /** Passes over the memory. */
  static final int ITERATIONS = 2;

  /** Lanes. */
  static final int PARALLELISM = 1;

  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;

  /** The most a stored hash may ask of {@link #verify}: beyond these it is refused, not run. */
  static final int MAX_MEMORY_KIB = 1 << 20; // 1 GiB

  static final int MAX_ITERATIONS = 20;
  static final int MAX_PARALLELISM = 16;

  /** Lengths of salt and hash, in bytes, a stored hash may have. */
  static final int MIN_SALT = 8;

  static final int MAX_SALT = 64;
  static final int MIN_HASH = 16;
  static final int MAX_HASH = 64;

  /** PBKDF2's iterations for new hashes. */
  static final int PBKDF2_ITERATIONS = 210_000;

  /** PBKDF2's output: as long as HMAC-SHA-512's, past which more costs the guesser nothing. */
  static final int PBKDF2_HASH_BYTES = 64;

  /**
   * The iterations a stored PBKDF2 hash may have: fewer than prex makes is a weaker hash, refused;
   * more than ten times that, a login would take seconds.
   */
  static final int PBKDF2_MIN_ITERATIONS = PBKDF2_ITERATIONS;

  static final int PBKDF2_MAX_ITERATIONS = 10 * PBKDF2_ITERATIONS;

  /** Lengths of a stored PBKDF2 hash's salt and hash, in bytes. */
  static final int PBKDF2_MIN_SALT = 16;

  static final int PBKDF2_MIN_HASH = 32;

  /** Longer strings are not looked at: no valid one comes near. */
  private static final int MAX_PHC_LENGTH = 256;

  private static final Pattern PARAMETERS =
      Pattern.compile("m=(0|[1-9][0-9]{0,9}),t=(0|[1-9][0-9]{0,9}),p=(0|[1-9][0-9]{0,9})");
  private static final Pattern PBKDF2_PARAMETERS =
      Pattern.compile("i=(0|[1-9][0-9]{0,9}),l=(0|[1-9][0-9]{0,9})");
  private static final Pattern B64 = Pattern.compile("[A-Za-z0-9+/]+");

  private PasswordHash() {}

  /** A stored hash, parsed. */
  sealed interface Stored permits Phc, Pbkdf2Phc {
    Scheme scheme();

    byte[] hash();
  }

  /** A stored Argon2id hash: its cost, salt and hash. */
  record Phc(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash)
      implements Stored {
    @Override
    public Scheme scheme() {
      return Scheme.ARGON2ID;
    }
  }

  /** A stored PBKDF2-HMAC-SHA512 hash: its iterations, salt and hash. */
  record Pbkdf2Phc(int iterations, byte[] salt, byte[] hash) implements Stored {
    @Override
    public Scheme scheme() {
      return Scheme.PBKDF2_SHA512;
    }
  }

  /**
   * The PHC string of {@code password} under a fresh 16-byte random salt, with the line's hash and
   * prex's parameters. Does not clear {@code password}: the caller owns it ({@link #burn}).
   *
   * @throws IllegalArgumentException when {@code password} is not valid UTF-16 (a lone surrogate),
   *     or is shorter than the line's hash takes
   */
  public static String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    byte[] bytes = utf8(password);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "the password is not valid Unicode text (it holds a lone surrogate)");
    }
    try {
      if (PasswordLine.NEW_HASHES == Scheme.PBKDF2_SHA512) {
        byte[] hash = pbkdf2(bytes, salt, PBKDF2_ITERATIONS, PBKDF2_HASH_BYTES);
        return encodePbkdf2(PBKDF2_ITERATIONS, salt, hash);
      }
      byte[] hash =
          argon2id(bytes, salt, null, null, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
      return encode(MEMORY_KIB, ITERATIONS, PARALLELISM, salt, hash);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Whether {@code password} is the one {@code phc} was made from, compared in constant time.
   * False, never an exception, for a null or malformed string, another algorithm or version, a cost
   * beyond what prex will run (Argon2id: more than 1 GiB, 20 passes or 16 lanes; PBKDF2: more than
   * {@value #PBKDF2_MAX_ITERATIONS} iterations), or a hash this line will not check ({@link
   * #refusal}).
   */
  public static boolean verify(char[] password, String phc) {
    if (password == null) {
      return false;
    }
    Stored p = parse(phc);
    if (p == null || PasswordLine.refusal(p.scheme()) != null) {
      return false;
    }
    byte[] bytes = utf8(password);
    if (bytes == null) {
      return false;
    }
    try {
      byte[] computed;
      if (p instanceof Pbkdf2Phc k) {
        computed = pbkdf2(bytes, k.salt(), k.iterations(), k.hash().length);
      } else {
        Phc a = (Phc) p;
        computed =
            argon2id(
                bytes,
                a.salt(),
                null,
                null,
                a.memoryKib(),
                a.iterations(),
                a.parallelism(),
                a.hash().length);
      }
      return MessageDigest.isEqual(computed, p.hash());
    } catch (RuntimeException e) {
      return false;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Why this build will not check the stored hash {@code phc} (its algorithm is one the line
   * refuses, as Argon2id on the FIPS line), without naming the account; null when it will, or when
   * {@code phc} is not a stored hash at all ({@link #parse} says that).
   */
  public static String refusal(String phc) {
    Stored p = parse(phc);
    return p == null ? null : PasswordLine.refusal(p.scheme());
  }

  /** Overwrites {@code password} with zeros; null is ignored. */
  public static void burn(char[] password) {
    if (password != null) {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * {@code phc} parsed, or null when it is neither an Argon2id v19 nor a PBKDF2-HMAC-SHA512 PHC
   * string within the limits above.
   */
  static Stored parse(String phc) {
    if (phc == null || phc.length() > MAX_PHC_LENGTH) {
      return null;
    }
    return phc.startsWith("$pbkdf2-sha512$") ? parsePbkdf2(phc) : parseArgon2id(phc);
  }

  private static Phc parseArgon2id(String phc) {
    String[] parts = phc.split("\\$", -1);
    if (parts.length != 6
        || !parts[0].isEmpty()
        || !parts[1].equals("argon2id")
        || !parts[2].equals("v=19")) {
      return null;
    }
    Matcher m = PARAMETERS.matcher(parts[3]);
    if (!m.matches()) {
      return null;
    }
    long memory = Long.parseLong(m.group(1));
    long iterations = Long.parseLong(m.group(2));
    long parallelism = Long.parseLong(m.group(3));
    if (parallelism < 1
        || parallelism > MAX_PARALLELISM
        || iterations < 1
        || iterations > MAX_ITERATIONS
        || memory < 8 * parallelism
        || memory > MAX_MEMORY_KIB) {
      return null;
    }
    byte[] salt = base64(parts[4]);
    byte[] hash = base64(parts[5]);
    if (salt == null
        || hash == null
        || salt.length < MIN_SALT
        || salt.length > MAX_SALT
        || hash.length < MIN_HASH
        || hash.length > MAX_HASH) {
      return null;
    }
    return new Phc((int) memory, (int) iterations, (int) parallelism, salt, hash);
  }

  private static Pbkdf2Phc parsePbkdf2(String phc) {
    String[] parts = phc.split("\\$", -1);
    if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals("pbkdf2-sha512")) {
      return null;
    }
    Matcher m = PBKDF2_PARAMETERS.matcher(parts[2]);
    if (!m.matches()) {
      return null;
    }
    long iterations = Long.parseLong(m.group(1));
    long length = Long.parseLong(m.group(2));
    if (iterations < PBKDF2_MIN_ITERATIONS || iterations > PBKDF2_MAX_ITERATIONS) {
      return null;
    }
    byte[] salt = base64(parts[3]);
    byte[] hash = base64(parts[4]);
    if (salt == null
        || hash == null
        || salt.length < PBKDF2_MIN_SALT
        || salt.length > MAX_SALT
        || hash.length < PBKDF2_MIN_HASH
        || hash.length > PBKDF2_HASH_BYTES
        || hash.length != length) {
      return null;
    }
    return new Pbkdf2Phc((int) iterations, salt, hash);
  }

  /**
   * Raw Argon2id, version 0x13 (RFC 9106, section 3); {@code secret} and {@code ad} may be null.
   */
  static byte[] argon2id(
      byte[] password,
      byte[] salt,
      byte[] secret,
      byte[] ad,
      int memoryKib,
      int iterations,
      int parallelism,
      int length) {
    return Argon2id.derive(password, salt, secret, ad, memoryKib, iterations, parallelism, length);
  }

  /** Raw PBKDF2 with HMAC-SHA-512 (RFC 8018, section 5.2): {@code length} bytes. */
  static byte[] pbkdf2(byte[] password, byte[] salt, int iterations, int length) {
    return Pbkdf2.derive(password, salt, iterations, length);
  }

  static String encodePbkdf2(int iterations, byte[] salt, byte[] hash) {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$pbkdf2-sha512$i="
        + iterations
        + ",l="
        + hash.length
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  static String encode(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /** Unpadded standard base64 decoded, or null when it is not that. */
  private static byte[] base64(String text) {
    if (!B64.matcher(text).matches()) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code password} in UTF-8, or null when it is not valid UTF-16. */
  private static byte[] utf8(char[] password) {
    ByteBuffer encoded;
    try {
      encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(password));
    } catch (CharacterCodingException e) {
      return null;
    }
    byte[] out = new byte[encoded.remaining()];
    encoded.get(out);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return out;
  }
}
