package org.prex.inspect;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Sequential little-endian reads from a file, buffered, with the position known. */
final class LittleEndianReader {
  private final FileChannel ch;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private long bufStart;

  LittleEndianReader(FileChannel ch, long start) throws IOException {
    this.ch = ch;
    seek(start);
  }

  long position() {
    return bufStart + buf.position();
  }

  long size() throws IOException {
    return ch.size();
  }

  void seek(long pos) throws IOException {
    bufStart = pos;
    buf.clear();
    buf.limit(0);
  }

  private void need(int n) throws IOException {
    if (buf.remaining() >= n) {
      return;
    }
    long pos = position();
    buf.compact();
    bufStart = pos - buf.position();
    while (buf.position() < n) {
      int r = ch.read(buf, bufStart + buf.position());
      if (r < 0) {
        throw new EOFException("the file ends early");
      }
    }
    buf.flip();
  }

  int u8() throws IOException {
    need(1);
    return buf.get() & 0xFF;
  }

  int u16() throws IOException {
    need(2);
    return buf.getShort() & 0xFFFF;
  }

  long u32() throws IOException {
    need(4);
    return buf.getInt() & 0xFFFFFFFFL;
  }

  long u64() throws IOException {
    need(8);
    return buf.getLong();
  }

  void skip(long n) throws IOException {
    seek(position() + n);
  }

  byte[] bytes(int n) throws IOException {
    byte[] out = new byte[n];
    int off = 0;
    while (off < n) {
      int chunk = Math.min(n - off, buf.capacity());
      need(chunk);
      buf.get(out, off, chunk);
      off += chunk;
    }
    return out;
  }

  String utf8(int n) throws IOException {
    return new String(bytes(n), StandardCharsets.UTF_8);
  }
}
