package org.prex.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.tika.mime.MediaType;

/**
 * Single-stream compression (gzip, bzip2, xz, lzma, zstd, lz4, snappy, Unix compress): decompressed
 * here, every concatenated stream of it as {@code zcat} or {@code xz -dc} would, within the
 * unpacking budget, and the result inspected as a part. Tika would stop after the first stream.
 */
final class Compressed {
  private static final Map<String, String> FORMATS =
      Map.of(
          "application/gzip", CompressorStreamFactory.GZIP,
          "application/x-gzip", CompressorStreamFactory.GZIP,
          "application/x-bzip2", CompressorStreamFactory.BZIP2,
          "application/x-xz", CompressorStreamFactory.XZ,
          "application/x-lzma", CompressorStreamFactory.LZMA,
          "application/zstd", CompressorStreamFactory.ZSTANDARD,
          "application/x-lz4", CompressorStreamFactory.LZ4_FRAMED,
          "application/x-snappy", CompressorStreamFactory.SNAPPY_FRAMED,
          "application/x-compress", CompressorStreamFactory.Z);

  /** Archive and compression formats Tika detects that neither it nor prex can open: held. */
  static final Set<String> UNOPENABLE =
      Set.of(
          "application/x-lzip",
          "application/x-rar-compressed",
          "application/vnd.rar",
          "application/x-lzh-compressed",
          "application/x-arj",
          "application/x-ace-compressed",
          "application/vnd.ms-cab-compressed",
          "application/x-stuffit",
          "application/x-alz-compressed",
          "application/x-lz4-block",
          "application/x-lzop");

  private Compressed() {}

  static String formatOf(MediaType type) {
    return FORMATS.get(type.getBaseType().toString());
  }

  static void inspect(
      Path file,
      String format,
      String name,
      String part,
      int depth,
      Inspection insp,
      ContentInspector inspector)
      throws IOException {
    String inner = innerName(name);
    String sub = part + "!/" + inner;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            new CompressorStreamFactory(true).createCompressorInputStream(format, raw)) {
      inspector.inspectEntry(in, inner, sub, depth, insp);
    } catch (IOException e) {
      insp.fail("cannot be decompressed", e, part);
    }
  }

  /** "log.txt.gz" holds "log.txt"; a name gives detection a hint, never content. */
  private static String innerName(String name) {
    if (name == null) {
      return "content";
    }
    String base = name.substring(name.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(0, dot) : "content";
  }
}
