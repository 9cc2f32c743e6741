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
 * Console passwords, stored as Argon2id (RFC 9106) in the PHC string format: {@code
 * $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}, salt and hash in base64 without padding. The cost is
 * OWASP's first Argon2id setting (19 MiB, 2 passes, 1 lane): a login costs tens of milliseconds, a
 * guess as much, and memory-hard (docs/console-accounts.md).
 *
 * <p>A password is encoded as UTF-8 before hashing, as the reference implementation's command line
 * and other PHC libraries do, so a hash made elsewhere with the same password verifies here.
 */
public final class PasswordHash {
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

  /** Longer strings are not looked at: no valid one comes near. */
  private static final int MAX_PHC_LENGTH = 256;

  private static final Pattern PARAMETERS =
      Pattern.compile("m=(0|[1-9][0-9]{0,9}),t=(0|[1-9][0-9]{0,9}),p=(0|[1-9][0-9]{0,9})");
  private static final Pattern B64 = Pattern.compile("[A-Za-z0-9+/]+");

  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** A stored hash, parsed: its cost, salt and hash. */
  record Phc(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {}

  /**
   * The PHC string of {@code password} under a fresh 16-byte random salt, with prex's parameters.
   * Does not clear {@code password}: the caller owns it ({@link #burn}).
   *
   * @throws IllegalArgumentException when {@code password} is not valid UTF-16 (a lone surrogate)
   */
  public static String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] bytes = utf8(password);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "the password is not valid Unicode text (it holds a lone surrogate)");
    }
    try {
      byte[] hash =
          argon2id(bytes, salt, null, null, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
      return encode(MEMORY_KIB, ITERATIONS, PARALLELISM, salt, hash);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Whether {@code password} is the one {@code phc} was made from, compared in constant time.
   * False, never an exception, for a null or malformed string, another algorithm or version, or a
   * cost beyond what prex will run (more than 1 GiB, 20 passes or 16 lanes).
   */
  public static boolean verify(char[] password, String phc) {
    if (password == null) {
      return false;
    }
    Phc p = parse(phc);
    if (p == null) {
      return false;
    }
    byte[] bytes = utf8(password);
    if (bytes == null) {
      return false;
    }
    try {
      byte[] computed =
          argon2id(
              bytes,
              p.salt(),
              null,
              null,
              p.memoryKib(),
              p.iterations(),
              p.parallelism(),
              p.hash().length);
      return MessageDigest.isEqual(computed, p.hash());
    } catch (RuntimeException e) {
      return false;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Overwrites {@code password} with zeros; null is ignored. */
  public static void burn(char[] password) {
    if (password != null) {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * {@code phc} parsed, or null when it is not an Argon2id v19 PHC string within the limits above.
   */
  static Phc parse(String phc) {
    if (phc == null || phc.length() > MAX_PHC_LENGTH) {
      return null;
    }
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
