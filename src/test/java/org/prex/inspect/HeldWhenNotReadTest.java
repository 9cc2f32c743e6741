package org.prex.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

  /** Complete within {@code enough}; held for {@code reasonPart} within {@code tooLittle}. */
  void assertHeldOnlyPast(Path f, Limits enough, Limits tooLittle, String reasonPart)
      throws Exception {
    assertTrue(inspect(f, enough).complete());
    assertHeld(inspect(f, tooLittle), reasonPart);
  }

  /**
   * A zip named {@code name} in the test's folder: each of {@code entries} holds {@code chunk},
   * {@code times} over.
   */
  Path zip(String name, List<String> entries, byte[] chunk, int times) throws IOException {
    Path zip = dir.resolve(name);
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String entry : entries) {
        z.putNextEntry(new ZipEntry(entry));
        for (int i = 0; i < times; i++) {
          z.write(chunk);
        }
      }
    }
    return zip;
  }

  @Test
  void aPasswordProtectedZip_isHeld_namingTheEntry() throws Exception {
    Path zip =
        zip(
            "locked.zip",
            List.of("readme.txt"),
            "clean text\n".getBytes(StandardCharsets.UTF_8),
            1);
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
    Path zip = zip("outer.zip", List.of("evals/locked.pdf"), Files.readAllBytes(pdf), 1);
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
    assertHeldOnlyPast(
        zip, new Limits(4, 100, 100, 1 << 20), new Limits(3, 100, 100, 1 << 20), "nesting limit");
  }

  @Test
  void tooManyEntries_areHeld() throws Exception {
    List<String> fifty =
        java.util.stream.IntStream.range(0, 50).mapToObj(i -> "f" + i + ".txt").toList();
    Path zip = zip("many.zip", fifty, "x y z\n".getBytes(StandardCharsets.UTF_8), 1);
    assertHeldOnlyPast(
        zip, new Limits(5, 50, 100, 1 << 20), new Limits(5, 49, 100, 1 << 20), "entry-count limit");
  }

  @Test
  void aDecompressionBomb_isHeldAtTheExpansionLimit() throws Exception {
    Path zip = zip("bomb.zip", List.of("zeros.bin"), new byte[1 << 20], 64);
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

  interface WeightsWriter {
    void write(Path f) throws IOException;
  }

  @Test
  void weightsThatParse_areNotReadAsUnknown_andThoseThatDoNot_are() throws Exception {
    Map<String, WeightsWriter> parse = new java.util.LinkedHashMap<>();
    parse.put("m.safetensors", f -> Weights.safetensors(f, "clean", null));
    parse.put("m.gguf", f -> Weights.gguf(f, "a model"));
    parse.put("m.npy", f -> Weights.npyStrings(f, "label"));
    parse.put("m.pt", f -> Weights.torchZip(f, "notes"));
    for (Map.Entry<String, WeightsWriter> e : parse.entrySet()) {
      Path f = dir.resolve(e.getKey());
      e.getValue().write(f);
      assertEquals(List.of(), inspect(f).notes());
    }
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
      HostileCorpus.safetensorsHeader(out, header);
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
