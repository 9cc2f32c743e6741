package org.prex.console.users;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  @Test
  void aHash_verifiesItsPassword_andNoOther() {
    String phc = PasswordHash.hash(PASSWORD);
    assertTrue(PasswordHash.verify(PASSWORD, phc));
    assertFalse(PasswordHash.verify("correct horse battery stapler".toCharArray(), phc));
    assertFalse(PasswordHash.verify("Correct horse battery staple".toCharArray(), phc));
    assertFalse(PasswordHash.verify(new char[0], phc));
    assertFalse(PasswordHash.verify(null, phc));
  }

  @Test
  void aNonAsciiPassword_roundTrips() {
    char[] password = "pässwörd 🔑 ünïcode".toCharArray();
    String phc = PasswordHash.hash(password);
    assertTrue(PasswordHash.verify(password, phc));
    assertFalse(PasswordHash.verify("passwörd 🔑 ünïcode".toCharArray(), phc));
  }

  @Test
  void twoHashesOfOnePassword_differ_byTheirSalt() {
    String a = PasswordHash.hash(PASSWORD);
    String b = PasswordHash.hash(PASSWORD);
    assertNotEquals(a, b);
    assertNotEquals(a.split("\\$")[4], b.split("\\$")[4], "a fresh salt each time");
    assertTrue(PasswordHash.verify(PASSWORD, a));
    assertTrue(PasswordHash.verify(PASSWORD, b));
  }

  @Test
  void thePhcString_hasTheDocumentedParameters() {
    String phc = PasswordHash.hash(PASSWORD);
    Matcher m =
        Pattern.compile(
                "\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)")
            .matcher(phc);
    assertTrue(m.matches(), phc);
    assertEquals(16, Base64.getDecoder().decode(m.group(1)).length, "16-byte salt");
    assertEquals(32, Base64.getDecoder().decode(m.group(2)).length, "32-byte hash");
    assertFalse(phc.contains("=$") || phc.endsWith("="), "no base64 padding");
  }

  @Test
  void burn_zeroesThePassword() {
    char[] p = "secret secret".toCharArray();
    PasswordHash.burn(p);
    assertArrayEquals(new char[13], p);
    PasswordHash.burn(null);
  }

  /** RFC 9106, section 5.3: Argon2id with secret and associated data, 32 KiB, 3 passes, 4 lanes. */
  @Test
  void argon2id_givesTheRfc9106TestVector() {
    byte[] password = filled(32, 0x01);
    byte[] salt = filled(16, 0x02);
    byte[] secret = filled(8, 0x03);
    byte[] ad = filled(12, 0x04);
    byte[] tag = PasswordHash.argon2id(password, salt, secret, ad, 32, 3, 4, 32);
    assertEquals(
        "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659",
        HexFormat.of().formatHex(tag));
  }

  /**
   * PHC strings the Argon2 reference implementation (P-H-C/phc-winner-argon2, src/test.c) makes for
   * "password" and the 8-byte salt "somesalt": verify reads them as that implementation wrote them,
   * which checks the string format, the UTF-8 password and Argon2id together.
   */
  @Test
  void verify_acceptsTheReferenceImplementationsStrings() {
    char[] password = "password".toCharArray();
    String m256 =
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
    String m256p2 =
        "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc";
    String m65536 =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    for (String phc : new String[] {m256, m256p2, m65536}) {
      assertTrue(PasswordHash.verify(password, phc), phc);
      assertFalse(PasswordHash.verify("passwore".toCharArray(), phc), phc);
    }
    // and the raw tag of the last, from the same test file
    byte[] tag =
        PasswordHash.argon2id(
            "password".getBytes(StandardCharsets.UTF_8),
            "somesalt".getBytes(StandardCharsets.UTF_8),
            null,
            null,
            65536,
            2,
            1,
            32);
    assertEquals(
        "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7",
        HexFormat.of().formatHex(tag));
    assertEquals(
        m65536, PasswordHash.encode(65536, 2, 1, "somesalt".getBytes(StandardCharsets.UTF_8), tag));
  }

  @Test
  void malformedStrings_areFalse_neverAnException() {
    String good = PasswordHash.hash(PASSWORD);
    String[] parts = good.split("\\$");
    String salt = parts[4];
    String hash = parts[5];
    for (String bad :
        new String[] {
          null,
          "",
          "-",
          "$",
          "$$$$$",
          "plain text",
          good + "$",
          good + "=",
          good.substring(0, good.length() - 1) + "!",
          good.replace("$argon2id$", "$argon2i$"),
          good.replace("$argon2id$", "$argon2d$"),
          good.replace("$argon2id$", "$ARGON2ID$"),
          good.replace("v=19", "v=16"),
          good.replace("$v=19", ""),
          good.replace("m=19456,t=2,p=1", "t=2,m=19456,p=1"),
          good.replace("m=19456,t=2,p=1", "m=19456,t=2"),
          good.replace("m=19456,t=2,p=1", "m=019456,t=2,p=1"),
          good.replace("m=19456,t=2,p=1", "m=+19456,t=2,p=1"),
          good.replace("m=19456,t=2,p=1", "m=-1,t=2,p=1"),
          good.replace("m=19456,t=2,p=1", "m=19456,t=0,p=1"),
          good.replace("m=19456,t=2,p=1", "m=19456,t=2,p=0"),
          good.replace("m=19456,t=2,p=1", "m=7,t=2,p=1"),
          good.replace("m=19456,t=2,p=1", "m=99999999999999999999,t=2,p=1"),
          good.replace("m=19456,t=2,p=1", "m=19456,t=2,p=1,keyid=abc"),
          "$argon2id$v=19$m=19456,t=2,p=1$$" + hash,
          "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$",
          "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "==$" + hash,
          "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + hash + "A",
          "$argon2id$v=19$m=19456,t=2,p=1$c29tZQ$" + hash, // 4-byte salt
          "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + hash.substring(0, 10), // short hash
          "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + "A".repeat(300),
        }) {
      assertFalse(PasswordHash.verify(PASSWORD, bad), String.valueOf(bad));
    }
  }

  @Test
  void absurdParameters_areRefused_withoutRunningThem() {
    String good = PasswordHash.hash(PASSWORD);
    for (String params :
        new String[] {
          "m=1048577,t=2,p=1", // over 1 GiB
          "m=4294967295,t=2,p=1",
          "m=19456,t=21,p=1",
          "m=19456,t=1000000,p=1",
          "m=19456,t=2,p=17",
          "m=19456,t=2,p=255"
        }) {
      long start = System.nanoTime();
      assertFalse(PasswordHash.verify(PASSWORD, good.replace("m=19456,t=2,p=1", params)), params);
      assertTrue(System.nanoTime() - start < 1_000_000_000L, "refused, not computed: " + params);
    }
    assertNotNull(PasswordHash.parse(good.replace("m=19456,t=2,p=1", "m=1048576,t=20,p=16")));
    assertEquals(null, PasswordHash.parse(good.replace("m=19456,t=2,p=1", "m=1048577,t=20,p=16")));
  }

  @Test
  void aLoneSurrogate_isNoPassword() {
    char[] broken = {'a', '\uD800', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'};
    String phc = PasswordHash.hash(PASSWORD);
    assertFalse(PasswordHash.verify(broken, phc));
  }

  /**
   * PHC strings of PBKDF2-HMAC-SHA512 at 210,000 iterations, made by another implementation
   * (Python's hashlib.pbkdf2_hmac) for {@link #PASSWORD} and a non-ASCII password, salt 01..10: as
   * a FIPS build writes them, and as the general line checks them.
   */
  private static final String PBKDF2_PASSWORD =
      "$pbkdf2-sha512$i=210000,l=64$AQIDBAUGBwgJCgsMDQ4PEA$bMt+STpFHl5DaKdoRV8GbiRw/+O/VRFe+ESOTUocvU5"
          + "FKopsZtTvBjpuFnjHrusStTTowpolU0pO+2YTji/G+Q";

  private static final String PBKDF2_UNICODE =
      "$pbkdf2-sha512$i=210000,l=64$AQIDBAUGBwgJCgsMDQ4PEA$7CO4h0jfBp+Ff6QcbLiS18fcSZo1uh4w93dGE+h4JD"
          + "A0I6iZavVlPMagBo9cyjIzztC7Uy88RQh1zq2fg999uA";

  @Test
  void pbkdf2Strings_fromAnotherImplementation_verify() {
    assertTrue(PasswordHash.verify(PASSWORD, PBKDF2_PASSWORD));
    assertFalse(
        PasswordHash.verify("correct horse battery stapler".toCharArray(), PBKDF2_PASSWORD));
    assertFalse(PasswordHash.verify(new char[0], PBKDF2_PASSWORD));
    assertTrue(PasswordHash.verify("pässwörd 🔑 ünïcode".toCharArray(), PBKDF2_UNICODE));
    assertFalse(PasswordHash.verify(PASSWORD, PBKDF2_UNICODE));
    // the general line checks both hashes it reads, and refuses neither
    assertEquals(null, PasswordHash.refusal(PBKDF2_PASSWORD));
    assertEquals(null, PasswordHash.refusal(PasswordHash.hash(PASSWORD)));
  }

  /** The usual PBKDF2-HMAC-SHA512 vector: "password", "salt", 1 iteration, 64 bytes. */
  @Test
  void pbkdf2_givesTheKnownVector() {
    byte[] out =
        PasswordHash.pbkdf2(
            "password".getBytes(StandardCharsets.UTF_8),
            "salt".getBytes(StandardCharsets.UTF_8),
            1,
            64);
    assertEquals(
        "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
            + "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce",
        HexFormat.of().formatHex(out));
  }

  @Test
  void pbkdf2Strings_roundTrip_throughEncode() {
    PasswordHash.Stored parsed = PasswordHash.parse(PBKDF2_PASSWORD);
    assertTrue(parsed instanceof PasswordHash.Pbkdf2Phc, String.valueOf(parsed));
    PasswordHash.Pbkdf2Phc p = (PasswordHash.Pbkdf2Phc) parsed;
    assertEquals(210_000, p.iterations());
    assertEquals(16, p.salt().length);
    assertEquals(64, p.hash().length);
    assertEquals(PasswordHash.Scheme.PBKDF2_SHA512, p.scheme());
    assertEquals(PBKDF2_PASSWORD, PasswordHash.encodePbkdf2(p.iterations(), p.salt(), p.hash()));
  }

  @Test
  void malformedOrWeakPbkdf2Strings_areFalse_neverAnException() {
    String[] parts = PBKDF2_PASSWORD.split("\\$");
    String salt = parts[3];
    String hash = parts[4];
    String head = "$pbkdf2-sha512$i=210000,l=64$";
    for (String bad :
        new String[] {
          "$pbkdf2-sha512$",
          "$pbkdf2-sha512$i=210000,l=64$" + salt,
          PBKDF2_PASSWORD + "$",
          PBKDF2_PASSWORD.replace("$pbkdf2-sha512$", "$pbkdf2-sha256$"),
          PBKDF2_PASSWORD.replace("$pbkdf2-sha512$", "$PBKDF2-SHA512$"),
          PBKDF2_PASSWORD.replace("i=210000,l=64", "l=64,i=210000"),
          PBKDF2_PASSWORD.replace("i=210000,l=64", "i=210000"),
          PBKDF2_PASSWORD.replace("i=210000,l=64", "i=0210000,l=64"),
          PBKDF2_PASSWORD.replace("i=210000,l=64", "i=209999,l=64"), // weaker than prex makes
          PBKDF2_PASSWORD.replace("i=210000,l=64", "i=1000,l=64"),
          PBKDF2_PASSWORD.replace("i=210000,l=64", "i=2100001,l=64"), // a login of seconds
          PBKDF2_PASSWORD.replace("i=210000,l=64", "i=99999999999,l=64"),
          PBKDF2_PASSWORD.replace("i=210000,l=64", "i=210000,l=32"), // l is not the hash's length
          head + "AQIDBAUGBwgJCgsMDQ4P$" + hash, // a 15-byte salt
          head + salt + "$" + hash.substring(0, 40), // a 30-byte hash
          head + salt + "$" + hash + "AAAA", // a 67-byte hash
          head + salt + "==$" + hash,
        }) {
      assertFalse(PasswordHash.verify(PASSWORD, bad), String.valueOf(bad));
      assertEquals(null, PasswordHash.parse(bad), bad);
    }
    // ten times prex's iterations is still read (and would verify, at ten times the cost)
    assertNotNull(PasswordHash.parse(PBKDF2_PASSWORD.replace("i=210000,", "i=2100000,")));
  }

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
