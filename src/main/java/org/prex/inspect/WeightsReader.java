package org.prex.inspect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.tika.mime.MediaType;
import org.prex.markings.MarkingScanner;
import org.prex.markings.TextSink;

/**
 * Model weights by structure, not by magic bytes (docs/inspection.md, "Model weights"). A file is
 * weights only when it parses as its format; then its text-bearing parts are scanned and the tensor
 * payload is not:
 *
 * <ul>
 *   <li>safetensors: header length, JSON header, every tensor's dtype and shape matching its byte
 *       range, and the ranges tiling the payload exactly (no byte outside a tensor); every string
 *       of the header ({@code __metadata__}, tensor names) is scanned;
 *   <li>GGUF (v2, v3): header, every metadata key and value (strings scanned), tensor infos whose
 *       sizes, from the ggml type table, tile the data section with zero padding only;
 *   <li>NumPy: header dict, data size = shape × item size; the header is scanned, and the data too
 *       when it holds strings or pickled objects;
 *   <li>PyTorch zip: a {@code data.pkl}, tensor storages under {@code data/}; every other entry
 *       (pickles, versions, anything added) is inspected as a part; Keras zip: every entry is;
 *   <li>ONNX (a protobuf message with a graph), HDF5 (superblock, end-of-file address = file size),
 *       legacy PyTorch pickles: checked for structure, then read whole as strings.
 * </ul>
 */
final class WeightsReader {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final long MAX_SAFETENSORS_HEADER = 100L << 20;

  /**
   * Byte tensors (U8, I8, BOOL) up to this size are read as strings: a byte tensor can be text.
   * Larger ones are packed quantized weights, whose reading would cost a pass over the model.
   */
  static final long BYTE_TENSOR_SCAN = 64L << 20;

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxStringLength((int) MAX_SAFETENSORS_HEADER)
                .maxNestingDepth(64)
                .build());
  }

  private WeightsReader() {}

  /** Parsed as weights (and scanned), or not, with why not. */
  record Result(boolean parsed, String why) {
    static final Result OK = new Result(true, null);

    static Result not(String why) {
      return new Result(false, why);
    }
  }

  private static final class NotWeights extends Exception {
    NotWeights(String why) {
      super(why, null, false, false);
    }
  }

  static Result read(
      Path file,
      MediaType type,
      String part,
      Inspection insp,
      MarkingScanner scanner,
      ContentInspector inspector,
      int depth)
      throws IOException {
    try {
      switch (type.getBaseType().toString()) {
        case "application/x-safetensors" -> safetensors(file, part, insp, scanner, inspector);
        case "application/x-gguf" -> gguf(file, part, insp, scanner, inspector);
        case "application/x-numpy" -> numpy(file, part, insp, scanner, inspector);
        case "application/x-pytorch" -> modelZip(file, part, insp, inspector, depth, true);
        case "application/x-keras" -> modelZip(file, part, insp, inspector, depth, false);
        case "application/x-onnx" -> {
          onnx(file);
          inspector.strings(file, part, insp);
        }
        case "application/x-hdf5" -> {
          hdf5(file);
          inspector.strings(file, part, insp);
        }
        case "application/x-pytorch-legacy" -> {
          pickle(file);
          inspector.strings(file, part, insp);
        }
        default -> throw new NotWeights("no structural reader for " + type);
      }
      return Result.OK;
    } catch (NotWeights e) {
      return Result.not(e.getMessage());
    } catch (java.io.EOFException e) {
      return Result.not("it ends before its structure does");
    }
  }

  // ---- safetensors ----

  private static final Map<String, Integer> ST_DTYPES =
      Map.ofEntries(
          Map.entry("BOOL", 1),
          Map.entry("U8", 1),
          Map.entry("I8", 1),
          Map.entry("F8_E4M3", 1),
          Map.entry("F8_E5M2", 1),
          Map.entry("F8_E8M0", 1),
          Map.entry("I16", 2),
          Map.entry("U16", 2),
          Map.entry("F16", 2),
          Map.entry("BF16", 2),
          Map.entry("I32", 4),
          Map.entry("U32", 4),
          Map.entry("F32", 4),
          Map.entry("I64", 8),
          Map.entry("U64", 8),
          Map.entry("F64", 8));

  /** A format's header as text, where the data after it starts, and the file's size. */
  private record Header(String text, long dataStart, long size) {}

  /** Reads a header from the start of a file of {@code size} bytes. */
  @FunctionalInterface
  private interface HeaderParser {
    Header read(LittleEndianReader r, long size) throws IOException, NotWeights;
  }

  private static Header header(Path file, HeaderParser parser) throws IOException, NotWeights {
    long size = Files.size(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return parser.read(new LittleEndianReader(ch, 0), size);
    }
  }

  private static Header safetensorsHeader(LittleEndianReader r, long size)
      throws IOException, NotWeights {
    long n = r.u64();
    if (n <= 1 || n > MAX_SAFETENSORS_HEADER || 8 + n > size) {
      throw new NotWeights("header length " + Long.toUnsignedString(n) + " does not fit the file");
    }
    return new Header(r.utf8((int) n), 8 + n, size);
  }

  private static Header numpyHeader(LittleEndianReader r, long size)
      throws IOException, NotWeights {
    byte[] magic = r.bytes(6);
    if ((magic[0] & 0xFF) != 0x93
        || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new NotWeights("no NumPy magic");
    }
    int major = r.u8();
    r.u8();
    long len = major == 1 ? r.u16() : r.u32();
    if (major < 1 || major > 3 || len > (1 << 20) || r.position() + len > size) {
      throw new NotWeights("its header does not fit the file");
    }
    String header =
        new String(
            r.bytes((int) len), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    return new Header(header, r.position(), size);
  }

  private static void safetensors(
      Path file, String part, Inspection insp, MarkingScanner scanner, ContentInspector inspector)
      throws IOException, NotWeights {
    Header h = header(file, WeightsReader::safetensorsHeader);
    long payload = h.size() - h.dataStart();
    JsonNode root;
    try {
      root =
          JSON.readerFor(JsonNode.class)
              .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .readValue(h.text().stripTrailing());
    } catch (IOException e) {
      throw new NotWeights("its header is not one JSON object (padding aside)");
    }
    if (root == null || !root.isObject()) {
      throw new NotWeights("its header is not a JSON object");
    }
    List<long[]> ranges = new ArrayList<>();
    List<long[]> bytes = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode t = e.getValue();
      if (e.getKey().equals("__metadata__")) {
        if (!t.isObject()) {
          throw new NotWeights("__metadata__ is not an object");
        }
        continue;
      }
      Integer width = t.path("dtype").isTextual() ? ST_DTYPES.get(t.path("dtype").asText()) : null;
      JsonNode shape = t.path("shape");
      JsonNode offsets = t.path("data_offsets");
      if (width == null || !shape.isArray() || !offsets.isArray() || offsets.size() != 2) {
        throw new NotWeights("a tensor entry lacks a known dtype, a shape or data_offsets");
      }
      long count = 1;
      for (JsonNode d : shape) {
        if (!d.canConvertToLong() || d.asLong() < 0) {
          throw new NotWeights("a tensor shape is not a list of sizes");
        }
        count = Math.multiplyExact(count, d.asLong());
      }
      long b = offsets.get(0).asLong(-1);
      long end = offsets.get(1).asLong(-1);
      if (b < 0 || end < b || end > payload || end - b != Math.multiplyExact(count, width)) {
        throw new NotWeights("a tensor's byte range does not match its dtype and shape");
      }
      ranges.add(new long[] {b, end});
      if (width == 1 && !t.path("dtype").asText().startsWith("F8") && end - b <= BYTE_TENSOR_SCAN) {
        bytes.add(new long[] {h.dataStart() + b, end - b});
      }
    }
    tiles(ranges, payload, "tensors");
    try (TextSink sink = scanner.sink(insp.found, part + " (header)")) {
      strings(root, sink);
    }
    for (long[] r : bytes) {
      inspector.strings(file, r[0], r[1], part + " (byte tensor)", insp);
    }
  }

  /** Ranges sorted must cover [0, total) exactly: no gap where text could hide, no overlap. */
  private static void tiles(List<long[]> ranges, long total, String what) throws NotWeights {
    ranges.sort((a, b) -> Long.compare(a[0], b[0]));
    long at = 0;
    for (long[] r : ranges) {
      if (r[0] != at) {
        throw new NotWeights(what + " leave bytes outside any tensor or overlap");
      }
      at = r[1];
    }
    if (at != total) {
      throw new NotWeights("bytes after the last tensor");
    }
  }

  private static void strings(JsonNode node, TextSink sink) {
    if (node.isTextual()) {
      sink.write(node.asText());
      sink.endLine();
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        sink.write(e.getKey());
        sink.endLine();
        strings(e.getValue(), sink);
      }
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        strings(n, sink);
      }
    }
  }

  // ---- GGUF ----

  /** ggml type → {block size in elements, bytes per block}. */
  private static final Map<Integer, int[]> GGML =
      Map.ofEntries(
          Map.entry(0, new int[] {1, 4}),
          Map.entry(1, new int[] {1, 2}),
          Map.entry(2, new int[] {32, 18}),
          Map.entry(3, new int[] {32, 20}),
          Map.entry(6, new int[] {32, 22}),
          Map.entry(7, new int[] {32, 24}),
          Map.entry(8, new int[] {32, 34}),
          Map.entry(9, new int[] {32, 36}),
          Map.entry(10, new int[] {256, 84}),
          Map.entry(11, new int[] {256, 110}),
          Map.entry(12, new int[] {256, 144}),
          Map.entry(13, new int[] {256, 176}),
          Map.entry(14, new int[] {256, 210}),
          Map.entry(15, new int[] {256, 292}),
          Map.entry(16, new int[] {256, 66}),
          Map.entry(17, new int[] {256, 74}),
          Map.entry(18, new int[] {256, 98}),
          Map.entry(19, new int[] {256, 50}),
          Map.entry(20, new int[] {32, 18}),
          Map.entry(21, new int[] {256, 110}),
          Map.entry(22, new int[] {256, 82}),
          Map.entry(23, new int[] {256, 136}),
          Map.entry(24, new int[] {1, 1}),
          Map.entry(25, new int[] {1, 2}),
          Map.entry(26, new int[] {1, 4}),
          Map.entry(27, new int[] {1, 8}),
          Map.entry(28, new int[] {1, 8}),
          Map.entry(29, new int[] {256, 56}),
          Map.entry(30, new int[] {1, 2}),
          Map.entry(34, new int[] {256, 54}),
          Map.entry(35, new int[] {256, 66}));

  private static void gguf(
      Path file, String part, Inspection insp, MarkingScanner scanner, ContentInspector inspector)
      throws IOException, NotWeights {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        TextSink sink = scanner.sink(insp.found, part + " (metadata)")) {
      long size = ch.size();
      LittleEndianReader r = new LittleEndianReader(ch, 0);
      if (r.u32() != 0x46554747L) {
        throw new NotWeights("no GGUF magic");
      }
      long version = r.u32();
      if (version != 2 && version != 3) {
        throw new NotWeights("GGUF version " + version + " (readable: 2, 3)");
      }
      long tensors = r.u64();
      long kvs = r.u64();
      if (tensors < 0 || tensors > 1_000_000 || kvs < 0 || kvs > 1_000_000) {
        throw new NotWeights("implausible tensor or metadata count");
      }
      long alignment = 32;
      for (long i = 0; i < kvs; i++) {
        String key = ggufString(r, size);
        sink.write(key);
        sink.endLine();
        int type = (int) r.u32();
        if (key.equals("general.alignment") && type == 4) {
          alignment = r.u32();
          if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > (1 << 20)) {
            throw new NotWeights("general.alignment is not a power of two up to 1 MiB");
          }
        } else {
          ggufValue(r, type, size, sink, 0);
        }
      }
      List<long[]> ranges = new ArrayList<>();
      for (long i = 0; i < tensors; i++) {
        String name = ggufString(r, size);
        sink.write(name);
        sink.endLine();
        long dims = r.u32();
        if (dims < 1 || dims > 8) {
          throw new NotWeights("a tensor with " + dims + " dimensions");
        }
        long count = 1;
        for (int d = 0; d < dims; d++) {
          long n = r.u64();
          if (n < 0) {
            throw new NotWeights("a negative tensor dimension");
          }
          count = Math.multiplyExact(count, n);
        }
        int ggmlType = (int) r.u32();
        int[] t = GGML.get(ggmlType);
        if (t == null) {
          throw new NotWeights("a tensor of an unknown ggml type");
        }
        long offset = r.u64();
        if (count % t[0] != 0 || offset < 0 || offset % alignment != 0) {
          throw new NotWeights("a tensor's size or offset does not fit its type");
        }
        ranges.add(new long[] {offset, offset + count / t[0] * t[1], ggmlType});
      }
      long dataStart = align(r.position(), alignment);
      zeros(ch, r.position(), dataStart);
      ranges.sort((a, b) -> Long.compare(a[0], b[0]));
      long at = 0;
      for (long[] t : ranges) {
        if (t[0] < at || t[0] - at >= alignment) {
          throw new NotWeights("tensors leave bytes outside any tensor or overlap");
        }
        zeros(ch, dataStart + at, dataStart + t[0]);
        at = t[1];
      }
      long end = dataStart + at;
      if (size < end || size - end >= alignment) {
        throw new NotWeights("bytes after the last tensor");
      }
      zeros(ch, end, size);
      for (long[] t : ranges) {
        if (t[2] == 24 && t[1] - t[0] <= BYTE_TENSOR_SCAN) { // I8: bytes that may be text
          inspector.strings(file, dataStart + t[0], t[1] - t[0], part + " (byte tensor)", insp);
        }
      }
    } catch (ArithmeticException e) {
      throw new NotWeights("tensor sizes overflow");
    }
  }

  private static long align(long pos, long alignment) {
    return (pos + alignment - 1) / alignment * alignment;
  }

  /** Padding must be zeros: nothing hides in it. */
  private static void zeros(FileChannel ch, long from, long to) throws IOException, NotWeights {
    if (to <= from) {
      return;
    }
    ByteBuffer b = ByteBuffer.allocate((int) (to - from));
    while (b.hasRemaining()) {
      if (ch.read(b, from + b.position()) < 0) {
        throw new java.io.EOFException();
      }
    }
    for (byte x : b.array()) {
      if (x != 0) {
        throw new NotWeights("non-zero bytes in padding");
      }
    }
  }

  private static String ggufString(LittleEndianReader r, long size) throws IOException, NotWeights {
    long n = r.u64();
    if (n < 0 || n > (64L << 20) || r.position() + n > size) {
      throw new NotWeights("a string longer than the file");
    }
    return r.utf8((int) n);
  }

  private static void ggufValue(LittleEndianReader r, int type, long size, TextSink sink, int depth)
      throws IOException, NotWeights {
    switch (type) {
      case 0, 1, 7 -> r.skip(1);
      case 2, 3 -> r.skip(2);
      case 4, 5, 6 -> r.skip(4);
      case 10, 11, 12 -> r.skip(8);
      case 8 -> {
        sink.write(ggufString(r, size));
        sink.endLine();
      }
      case 9 -> {
        if (depth > 4) {
          throw new NotWeights("arrays nested too deep");
        }
        int elem = (int) r.u32();
        long count = r.u64();
        if (count < 0 || count > size) {
          throw new NotWeights("an array longer than the file");
        }
        for (long i = 0; i < count; i++) {
          ggufValue(r, elem, size, sink, depth + 1);
        }
      }
      default -> throw new NotWeights("a metadata value of unknown type " + type);
    }
    if (r.position() > size) {
      throw new java.io.EOFException();
    }
  }

  // ---- NumPy ----

  private static final Pattern NPY_DESCR =
      Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([a-zA-Z?])(\\d*)'");
  private static final Pattern NPY_SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private static void numpy(
      Path file, String part, Inspection insp, MarkingScanner scanner, ContentInspector inspector)
      throws IOException, NotWeights {
    Header h = header(file, WeightsReader::numpyHeader);
    Matcher d = NPY_DESCR.matcher(h.text());
    Matcher s = NPY_SHAPE.matcher(h.text());
    if (!d.find() || !s.find()) {
      throw new NotWeights("its header has no simple descr and shape");
    }
    char kind = d.group(2).charAt(0);
    long width = d.group(3).isEmpty() ? (kind == 'O' ? 8 : 1) : Long.parseLong(d.group(3));
    if (kind == 'U') {
      width *= 4;
    }
    long count = 1;
    for (String dim : s.group(1).split(",")) {
      if (!dim.isBlank()) {
        try {
          count = Math.multiplyExact(count, Long.parseLong(dim.strip()));
        } catch (NumberFormatException | ArithmeticException e) {
          throw new NotWeights("its shape is not a list of sizes");
        }
      }
    }
    boolean objects = kind == 'O';
    if (!objects && h.dataStart() + count * width != h.size()) {
      throw new NotWeights("its data size does not match its shape and dtype");
    }
    try (TextSink sink = scanner.sink(insp.found, part + " (header)")) {
      sink.write(h.text());
    }
    if (kind == 'U') {
      java.nio.charset.Charset utf32 =
          java.nio.charset.Charset.forName(d.group(1).equals(">") ? "UTF-32BE" : "UTF-32LE");
      inspector.text(file, h.dataStart(), h.size() - h.dataStart(), utf32, part + " (data)", insp);
    } else if (objects || kind == 'S' || kind == 'a' || kind == 'V') {
      inspector.unknown(file, part, insp); // strings or pickled objects: text-bearing
    } else if (width == 1 && h.size() - h.dataStart() <= BYTE_TENSOR_SCAN) {
      inspector.strings(file, h.dataStart(), h.size() - h.dataStart(), part + " (byte data)", insp);
    }
  }

  // ---- zips: PyTorch checkpoints, Keras ----

  private static final Pattern TORCH_TENSOR = Pattern.compile("[^/]+/data/\\d+");

  private static void modelZip(
      Path file, String part, Inspection insp, ContentInspector inspector, int depth, boolean torch)
      throws IOException, NotWeights {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      boolean pickle = false;
      for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
        pickle |= en.nextElement().getName().endsWith("data.pkl");
      }
      if (torch && !pickle) {
        throw new NotWeights("no data.pkl");
      }
      for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        if (e.isDirectory()
            || (torch
                && TORCH_TENSOR.matcher(e.getName()).matches()
                && e.getSize() > BYTE_TENSOR_SCAN)) {
          continue; // a large tensor storage; small ones are inspected: they may be a report
        }
        String sub = part + "!/" + e.getName();
        try (InputStream in = zip.getInputStream(e)) {
          inspector.inspectEntry(in, e.getName(), sub, depth, insp);
        } catch (java.util.zip.ZipException ex) {
          insp.fail("cannot be read", ex, sub);
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new NotWeights("not a readable zip");
    }
  }

  // ---- ONNX, HDF5, pickles: structure only ----

  /** A protobuf message read to its end, with an ir_version (1) and a graph (7). */
  private static void onnx(Path file) throws IOException, NotWeights {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      LittleEndianReader r = new LittleEndianReader(ch, 0);
      boolean ir = false;
      boolean graph = false;
      while (r.position() < size) {
        long key = varint(r);
        int field = (int) (key >>> 3);
        int wire = (int) (key & 7);
        if (field < 1) {
          throw new NotWeights("not a protobuf message");
        }
        ir |= field == 1 && wire == 0;
        graph |= field == 7 && wire == 2;
        switch (wire) {
          case 0 -> varint(r);
          case 1 -> r.skip(8);
          case 5 -> r.skip(4);
          case 2 -> {
            long n = varint(r);
            if (n < 0 || r.position() + n > size) {
              throw new NotWeights("a field longer than the file");
            }
            r.skip(n);
          }
          default -> throw new NotWeights("not a protobuf message");
        }
      }
      if (r.position() != size || !ir || !graph) {
        throw new NotWeights("no ONNX model (ir_version and graph) in it");
      }
    }
  }

  private static long varint(LittleEndianReader r) throws IOException, NotWeights {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = r.u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new NotWeights("not a protobuf message");
  }

  private static void hdf5(Path file) throws IOException, NotWeights {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      LittleEndianReader r = new LittleEndianReader(ch, 0);
      long base = 0;
      byte[] sig = r.bytes(8);
      if ((sig[0] & 0xFF) != 0x89
          || !new String(sig, 1, 3, StandardCharsets.US_ASCII).equals("HDF")) {
        throw new NotWeights("no HDF5 signature at the start");
      }
      int version = r.u8();
      long eof;
      if (version == 0 || version == 1) {
        r.skip(4);
        int offsets = r.u8();
        r.skip(1 + 1 + 4 + 4 + (version == 1 ? 4 : 0));
        base = sized(r, offsets);
        sized(r, offsets);
        eof = sized(r, offsets);
      } else if (version == 2 || version == 3) {
        int offsets = r.u8();
        r.skip(2);
        base = sized(r, offsets);
        sized(r, offsets);
        eof = sized(r, offsets);
      } else {
        throw new NotWeights("HDF5 superblock version " + version);
      }
      if (base != 0 || eof != size) {
        throw new NotWeights("its end-of-file address is not the file's size");
      }
    }
  }

  private static long sized(LittleEndianReader r, int bytes) throws IOException, NotWeights {
    return switch (bytes) {
      case 2 -> r.u16();
      case 4 -> r.u32();
      case 8 -> r.u64();
      default -> throw new NotWeights("HDF5 offsets of " + bytes + " bytes");
    };
  }

  /** A pickle starts with PROTO 2..5. */
  private static void pickle(Path file) throws IOException, NotWeights {
    try (InputStream in = Files.newInputStream(file)) {
      int proto = in.read();
      int version = in.read();
      if (proto != 0x80 || version < 2 || version > 5) {
        throw new NotWeights("not a pickle");
      }
    }
  }
}
