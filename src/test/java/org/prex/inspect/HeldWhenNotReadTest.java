package org.prex.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What cannot be read completely is not clean: each way of not being read gives an incomplete
 * verdict whose reason says what and where, and the same file, readable, is complete.
 */
class HeldWhenNotReadTest {
  @TempDir Path dir;

  Verdict inspect(Path f, Limits limits) throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    Verdict v =
        new ContentInspector(Map.of(), scratch, false, limits)
            .inspect(f, f.getFileName().toString());
    try (var s = Files.list(scratch)) {
      assertEquals(List.of(), s.toList(), "nothing unpacked is left behind");
    }
    return v;
  }

  Verdict inspect(Path f) throws Exception {
    return inspect(f, Limits.DEFAULT);
  }

  static void assertHeld(Verdict v, String reasonPart) {
    assertTrue(!v.complete() && v.incomplete().contains(reasonPart), v.toString());
  }

  @Test
  void aPasswordProtectedZip_isHeld_namingTheEntry() throws Exception {
    Path zip = dir.resolve("locked.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("readme.txt"));
      z.write("clean text\n".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(inspect(zip).complete());
    HostileCorpus.markEncrypted(zip);
    Verdict v = inspect(zip);
    assertHeld(v, "encrypted or password-protected: entry 'readme.txt'");
  }

  @Test
  void aPasswordProtectedPdf_isHeldAsEncrypted() throws Exception {
    Path pdf = dir.resolve("locked.pdf");
    HostileCorpus.pdf(pdf, "Results.", null, null, false);
    assertTrue(inspect(pdf).complete());
    HostileCorpus.pdf(pdf, "Results.", null, null, true);
    assertHeld(inspect(pdf), "encrypted or password-protected");
  }

  @Test
  void aPasswordProtectedPdfInsideAZip_isHeld_namingTheEntry() throws Exception {
    Path pdf = dir.resolve("inner.pdf");
    HostileCorpus.pdf(pdf, "Results.", null, null, true);
    Path zip = dir.resolve("outer.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("evals/locked.pdf"));
      z.write(Files.readAllBytes(pdf));
    }
    assertHeld(inspect(zip), "entry 'evals/locked.pdf'");
  }

  @Test
  void containersNestedPastTheLimit_areHeld() throws Exception {
    byte[] inner = "deep text\n".getBytes(StandardCharsets.UTF_8);
    String name = "t.txt";
    for (int i = 0; i < 4; i++) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      try (ZipOutputStream z = new ZipOutputStream(b)) {
        z.putNextEntry(new ZipEntry(name));
        z.write(inner);
      }
      inner = b.toByteArray();
      name = "level" + i + ".zip";
    }
    Path zip = Files.write(dir.resolve("deep.zip"), inner);
    assertTrue(inspect(zip, new Limits(4, 100, 100, 1 << 20)).complete());
    assertHeld(inspect(zip, new Limits(3, 100, 100, 1 << 20)), "nesting limit");
  }

  @Test
  void tooManyEntries_areHeld() throws Exception {
    Path zip = dir.resolve("many.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 0; i < 50; i++) {
        z.putNextEntry(new ZipEntry("f" + i + ".txt"));
        z.write("x y z\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    assertTrue(inspect(zip, new Limits(5, 50, 100, 1 << 20)).complete());
    assertHeld(inspect(zip, new Limits(5, 49, 100, 1 << 20)), "entry-count limit");
  }

  @Test
  void aDecompressionBomb_isHeldAtTheExpansionLimit() throws Exception {
    Path zip = dir.resolve("bomb.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("zeros.bin"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        z.write(zeros);
      }
    }
    assertTrue(Files.size(zip) < 200_000);
    assertHeld(inspect(zip, new Limits(5, 100, 100, 8 << 20)), "expansion limit");
  }

  @Test
  void aCorruptZip_isHeld() throws Exception {
    Path zip = dir.resolve("cut.zip");
    HostileCorpus.lateZipEntry(zip, "clean");
    byte[] all = Files.readAllBytes(zip);
    Files.write(zip, java.util.Arrays.copyOf(all, all.length / 2));
    Verdict v = inspect(zip);
    assertTrue(!v.complete(), v.toString());
  }

  @Test
  void billionLaughs_isHeldNotExpanded() throws Exception {
    StringBuilder x =
        new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    x.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for (int i = 2; i <= 9; i++) {
      x.append("<!ENTITY lol").append(i).append(" \"");
      x.append(("&lol" + (i - 1) + ";").repeat(10));
      x.append("\">\n");
    }
    x.append("]>\n<lolz>&lol9;</lolz>\n");
    Path xml = Files.writeString(dir.resolve("lolz.xml"), x);
    assertHeld(inspect(xml), "cannot be parsed");
  }

  @Test
  void anImage_withoutOcr_isReportedUnread() throws Exception {
    Path png = dir.resolve("shot.png");
    HostileCorpus.png(png, "HELLO");
    Verdict v = inspect(png);
    assertEquals(List.of("the item"), v.unreadImages());
  }

  @Test
  void weightsThatParse_areNotReadAsUnknown_andThoseThatDoNot_are() throws Exception {
    Path st = dir.resolve("m.safetensors");
    Weights.safetensors(st, "clean", null);
    assertEquals(List.of(), inspect(st).notes());
    Path gguf = dir.resolve("m.gguf");
    Weights.gguf(gguf, "a model");
    assertEquals(List.of(), inspect(gguf).notes());
    Path npy = dir.resolve("m.npy");
    Weights.npyStrings(npy, "label");
    assertEquals(List.of(), inspect(npy).notes());
    Path pt = dir.resolve("m.pt");
    Weights.torchZip(pt, "notes");
    assertEquals(List.of(), inspect(pt).notes());
    Path fake = dir.resolve("f.safetensors");
    Weights.fakeSafetensors(fake, "report");
    assertTrue(
        inspect(fake).notes().get(0).contains("claims application/x-safetensors but is not"));
    Path tail = dir.resolve("t.safetensors");
    Weights.safetensors(tail, "clean", "appended");
    assertTrue(
        inspect(tail).notes().get(0).contains("bytes after the last tensor"),
        inspect(tail).toString());
  }

  @Test
  void aLargeWeightsFile_isNotReadThrough() throws Exception {
    // 64 MiB of F16 tensor payload: numbers, not read (a byte tensor this small would be)
    Path st = dir.resolve("big.safetensors");
    String header =
        "{\"w\":{\"dtype\":\"F16\",\"shape\":[33554432],\"data_offsets\":[0,67108864]}}";
    try (OutputStream out = Files.newOutputStream(st)) {
      out.write(
          java.nio.ByteBuffer.allocate(8)
              .order(java.nio.ByteOrder.LITTLE_ENDIAN)
              .putLong(header.length())
              .array());
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      byte[] payload = new byte[1 << 20];
      System.arraycopy("SECRET//NOFORN".getBytes(StandardCharsets.US_ASCII), 0, payload, 100, 14);
      for (int i = 0; i < 64; i++) {
        out.write(payload);
      }
    }
    Verdict v = inspect(st);
    assertTrue(v.complete() && v.classified().isEmpty() && v.notes().isEmpty(), v.toString());
  }
}
