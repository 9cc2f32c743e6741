package org.prex.sftp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders untrusted or confidential values for log lines: user names a client sent are cut and
 * stripped of control characters; paths (which can carry a lab's confidential file names) appear
 * only as their area and a short hash, enough to correlate lines without revealing the name.
 */
final class LogSafe {

  private static final int MAX_USER = 64;

  private LogSafe() {}

  static String user(String user) {
    if (user == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder();
    user.codePoints()
        .limit(MAX_USER)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return user.length() > MAX_USER ? out + "…" : out.toString();
  }

  static String address(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() == null
          ? inet.getHostString() + ":" + inet.getPort()
          : inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }

  /**
   * {@code /inbox path#1a2b3c4d5e6f}: the account's area (a lab's {@code /inbox} or {@code
   * /receipts}, the ingest account's {@code /<lab>/inbox} or {@code /<lab>/receipts}) and a hash of
   * the whole path.
   */
  static String path(Account account, VirtualPath path) {
    List<String> names = path.names();
    int shown = 0;
    if (account.isIngest()) {
      shown = Math.min(names.size(), 1);
      if (names.size() >= 2 && isArea(names.get(1))) {
        shown = 2;
      }
    } else if (!names.isEmpty() && isArea(names.get(0))) {
      shown = 1;
    }
    String area = "/" + String.join("/", names.subList(0, shown));
    return shown == names.size() ? area : area + " path#" + hash(path.absolute());
  }

  /** For a path that could not be resolved: only its hash. */
  static String rawPath(String path) {
    return "path#" + hash(path);
  }

  private static boolean isArea(String name) {
    return name.equals(AccessPolicy.INBOX) || name.equals(AccessPolicy.RECEIPTS);
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
