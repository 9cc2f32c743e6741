package org.prex.inspect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Model files written the way their tools write them, small. */
final class Weights {
  private Weights() {}

  /**
   * A safetensors file with two F32 tensors; {@code metadata} goes into {@code __metadata__};
   * {@code tail} (if any) is appended after the tensors.
   */
  static void safetensors(Path p, String metadata, String tail) throws IOException {
    String header =
        "{\"__metadata__\":{\"format\":\"pt\",\"description\":\""
            + metadata
            + "\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
            + "\"b\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[16,24]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    int pad = (8 - h.length % 8) % 8;
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length + pad);
    try (OutputStream out = Files.newOutputStream(p)) {
      out.write(len.array());
      out.write(h);
      out.write(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[24]);
      if (tail != null) {
        out.write(tail.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** Looks like safetensors to magic-byte detection, but is a report. */
  static void fakeSafetensors(Path p, String text) throws IOException {
    byte[] body =
        ("{\"title\": \"report\"}\n" + text + "\nmore text\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(20);
    try (OutputStream out = Files.newOutputStream(p)) {
      out.write(len.array());
      out.write(body);
    }
  }

  /** A GGUF v3 file: string metadata (description = text, a token list), one F32 tensor. */
  static void gguf(Path p, String description) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    le32(b, 0x46554747);
    le32(b, 3);
    le64(b, 1); // tensors
    le64(b, 3); // metadata
    str(b, "general.architecture");
    le32(b, 8);
    str(b, "llama");
    str(b, "general.description");
    le32(b, 8);
    str(b, description);
    str(b, "tokenizer.ggml.tokens");
    le32(b, 9);
    le32(b, 8);
    le64(b, 3);
    str(b, "<s>");
    str(b, "hello");
    str(b, "world");
    str(b, "weight");
    le32(b, 2); // dims
    le64(b, 4);
    le64(b, 2);
    le32(b, 0); // F32
    le64(b, 0); // offset
    while (b.size() % 32 != 0) {
      b.write(0);
    }
    b.write(new byte[32], 0, 32); // 8 floats
    Files.write(p, b.toByteArray());
  }

  /** A PyTorch checkpoint zip; {@code extra} goes into an entry that is not tensor data. */
  static void torchZip(Path p, String extra) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(p))) {
      zip.putNextEntry(new ZipEntry("archive/data.pkl"));
      zip.write(new byte[] {(byte) 0x80, 2, '}', 'q', 0, '.'});
      zip.putNextEntry(new ZipEntry("archive/data/0"));
      zip.write(new byte[64]);
      zip.putNextEntry(new ZipEntry("archive/version"));
      zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
      zip.putNextEntry(new ZipEntry("archive/extra/notes.txt"));
      zip.write(("notes\n" + extra + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A NumPy array of fixed-width byte strings, one of them the text. */
  static void npyStrings(Path p, String text) throws IOException {
    int width = 32;
    String dict = "{'descr': '|S" + width + "', 'fortran_order': False, 'shape': (2,), }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x93);
    b.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
    b.write(1);
    b.write(0);
    b.write(header.length() & 0xFF);
    b.write(header.length() >> 8);
    b.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    for (String s : new String[] {"label-one", text}) {
      byte[] v = java.util.Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), width);
      b.writeBytes(v);
    }
    Files.write(p, b.toByteArray());
  }

  private static void le32(ByteArrayOutputStream b, long v) {
    b.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
  }

  private static void le64(ByteArrayOutputStream b, long v) {
    b.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
  }

  private static void str(ByteArrayOutputStream b, String s) {
    byte[] v = s.getBytes(StandardCharsets.UTF_8);
    le64(b, v.length);
    b.writeBytes(v);
  }
}
