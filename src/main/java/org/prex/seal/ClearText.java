package org.prex.seal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.bcpg.HashAlgorithmTags;

/** The text part of a cleartext-signed message: its lines, headers and signature block. */
record ClearText(List<String> hashHeaders, List<String> lines, String signatureArmor) {
  static final String BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
  static final String SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
  static final String END = "-----END PGP SIGNATURE-----";

  private static final Map<String, Integer> HASH_NAMES =
      Map.of(
          "SHA256", HashAlgorithmTags.SHA256,
          "SHA384", HashAlgorithmTags.SHA384,
          "SHA512", HashAlgorithmTags.SHA512,
          "SHA3-256", HashAlgorithmTags.SHA3_256,
          "SHA3-512", HashAlgorithmTags.SHA3_512);

  /** Splits text into lines at "\n"; a final "\n" ends the last line, it does not start one. */
  static List<String> lines(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    return Arrays.asList(body.split("\n", -1));
  }

  /** The signed form: trailing whitespace removed, lines joined with CR LF, none after the last. */
  static byte[] canonical(List<String> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        out.writeBytes(new byte[] {'\r', '\n'});
      }
      out.writeBytes(stripTrailingWhitespace(lines.get(i)).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  static String stripTrailingWhitespace(String line) {
    int end = line.length();
    while (end > 0 && " \t\r".indexOf(line.charAt(end - 1)) >= 0) {
      end--;
    }
    return line.substring(0, end);
  }

  /** Parses a whole cleartext-signed message; nothing may come before or after it. */
  static ClearText parse(String message) throws SealException {
    List<String> all = lines(message.replace("\r\n", "\n"));
    int i = 0;
    if (all.isEmpty() || !all.get(0).equals(BEGIN)) {
      throw new SealException("refused: does not start with '" + BEGIN + "'");
    }
    i++;
    List<String> hashes = new ArrayList<>();
    while (i < all.size() && !all.get(i).isEmpty()) {
      String header = all.get(i);
      if (!header.startsWith("Hash: ")) {
        throw new SealException("refused: unexpected armour header in the signed message");
      }
      for (String h : header.substring("Hash: ".length()).split(",")) {
        hashes.add(h.trim().toUpperCase(Locale.ROOT));
      }
      i++;
    }
    i++; // the empty line
    List<String> text = new ArrayList<>();
    while (i < all.size() && !all.get(i).equals(SIGNATURE)) {
      String line = all.get(i);
      if (line.startsWith("- ")) {
        text.add(line.substring(2));
      } else if (line.startsWith("-")) {
        throw new SealException("refused: line " + (i + 1) + " starts with '-' without escaping");
      } else {
        text.add(line);
      }
      i++;
    }
    if (i >= all.size()) {
      throw new SealException("refused: no signature block");
    }
    int sigStart = i;
    while (i < all.size() && !all.get(i).equals(END)) {
      i++;
    }
    if (i >= all.size()) {
      throw new SealException("refused: the signature block does not end");
    }
    for (int j = i + 1; j < all.size(); j++) {
      if (!all.get(j).isBlank()) {
        throw new SealException("refused: text after the signature block is not signed");
      }
    }
    String armor = String.join("\n", all.subList(sigStart, i + 1)) + "\n";
    return new ClearText(hashes, List.copyOf(text), armor);
  }

  /** The "Hash:" header, when present, must name the signature's hash. */
  void checkHashHeader(int hashAlgorithm) throws SealException {
    if (hashHeaders.isEmpty()) {
      return;
    }
    boolean named =
        hashHeaders.stream().anyMatch(h -> HASH_NAMES.getOrDefault(h, -1) == hashAlgorithm);
    if (!named) {
      throw new SealException("refused: the 'Hash:' header does not name the signature's hash");
    }
  }

  /** The signed text, trailing whitespace removed, each line ending in "\n". */
  String text() {
    StringBuilder b = new StringBuilder();
    for (String line : lines) {
      b.append(stripTrailingWhitespace(line)).append('\n');
    }
    return b.toString();
  }
}
