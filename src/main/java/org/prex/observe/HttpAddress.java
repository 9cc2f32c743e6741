package org.prex.observe;

/**
 * Where {@code serve --http} listens: {@code HOST:PORT}, {@code [IPv6]:PORT}, or a bare {@code
 * PORT} on loopback (127.0.0.1).
 */
public record HttpAddress(String host, int port) {
  public static final String LOOPBACK = "127.0.0.1";

  public HttpAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("--http: no host");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--http: port " + port + " is not between 0 and 65535");
    }
  }

  /**
   * Reads {@code text}.
   *
   * @throws IllegalArgumentException naming the value and what is wrong with it
   */
  public static HttpAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("--http: empty; give HOST:PORT or PORT");
    }
    String host = LOOPBACK;
    String port = text.strip();
    int colon = port.lastIndexOf(':');
    if (colon >= 0) {
      host = port.substring(0, colon);
      port = port.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.contains(":")) {
        throw new IllegalArgumentException(
            "--http '" + text + "': write an IPv6 address in brackets, [::1]:9876");
      }
    }
    try {
      return new HttpAddress(host, Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--http '" + text + "': '" + port + "' is not a port number; give HOST:PORT or PORT");
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
