package org.prex.testing;

import java.io.InputStream;

/** {@code size} pseudo-random bytes (xorshift), made as they are read: never held in memory. */
public final class GeneratedStream extends InputStream {
  private long remaining;
  private long state = 0x9E3779B97F4A7C15L;

  public GeneratedStream(long size) {
    this.remaining = size;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (remaining <= 0) {
      return -1;
    }
    int n = (int) Math.min(length, remaining);
    for (int i = 0; i < n; i++) {
      if ((i & 7) == 0) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
      }
      buffer[offset + i] = (byte) (state >>> ((i & 7) * 8));
    }
    remaining -= n;
    return n;
  }
}
