package org.prex.classify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Real files of each kind, made the way their own tools make them, small. */
final class Samples {
  private Samples() {}

  static Path pdf(Path file) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
        text.beginText();
        text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        text.newLineAtOffset(72, 720);
        text.showText("CUI//SP-PROPIN  Aurora 2 cyber evaluation");
        text.endText();
      }
      doc.save(file.toFile());
    }
    return file;
  }

  static Path docx(Path file) throws IOException {
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(file)) {
      doc.createParagraph().createRun().setText("Aurora 2 system card");
      doc.write(out);
    }
    return file;
  }

  static Path text(Path file, String content) throws IOException {
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  static Path bytes(Path file, byte[] content) throws IOException {
    return Files.write(file, content);
  }

  /** u64 LE header length, JSON header padded with spaces to 8 bytes, then the tensor bytes. */
  static byte[] safetensors() {
    String header = "{\"weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    while (header.length() % 8 != 0) {
      header += " ";
    }
    byte[] json = header.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(8 + json.length + 8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.length)
        .put(json)
        .putFloat(1.5f)
        .putFloat(-2.0f)
        .array();
  }

  /** GGUF v3 with no tensors and no metadata. */
  static byte[] gguf() {
    return ByteBuffer.allocate(24)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put("GGUF".getBytes(StandardCharsets.US_ASCII))
        .putInt(3)
        .putLong(0)
        .putLong(0)
        .array();
  }

  /** NumPy .npy v1.0 of two float32 values. */
  static byte[] npy() {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
    int total = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    return b.putFloat(1f).putFloat(2f).array();
  }

  /** The HDF5 format signature followed by a (zeroed) version-0 superblock. */
  static byte[] hdf5() {
    byte[] b = new byte[96];
    byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(sig, 0, b, 0, sig.length);
    return b;
  }

  /** An ONNX ModelProto's first fields: ir_version 7, producer "pytorch" 2.1; no magic. */
  static byte[] onnx() {
    return new byte[] {
      0x08, 0x07, 0x12, 0x07, 'p', 'y', 't', 'o', 'r', 'c', 'h', 0x1a, 0x03, '2', '.', '1', 0x3a,
      0x02, 0x0a, 0x00
    };
  }

  /** A zip laid out as torch.save writes one. */
  static byte[] pytorchZip() throws IOException {
    return zip(
        Map.of(
            "archive/data.pkl", new byte[] {(byte) 0x80, 2, '}', 'q', 0, '.'},
            "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII),
            "archive/data/0", new byte[16]));
  }

  /** A pre-1.6 torch.save file: pickled magic number, protocol version, then the rest. */
  static byte[] legacyPytorch() {
    return HexFormat.of().parseHex("80028a0a6cfc9c46f9206aa850192e80024de9032e");
  }

  /** A Keras 3 .keras zip. */
  static byte[] kerasZip() throws IOException {
    return zip(
        Map.of(
            "metadata.json", "{\"keras_version\":\"3.5.0\"}".getBytes(StandardCharsets.UTF_8),
            "config.json", "{\"class_name\":\"Sequential\"}".getBytes(StandardCharsets.UTF_8),
            "model.weights.h5", hdf5()));
  }

  static byte[] plainZip() throws IOException {
    return zip(
        Map.of(
            "README.txt", "evaluation bundle".getBytes(StandardCharsets.UTF_8),
            "results/run1.csv", "task,score\nctf-1,0.4\n".getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
