package org.prex.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {
  static Classifier classifier;

  @TempDir Path dir;

  @BeforeAll
  static void buildOnce() {
    classifier = new Classifier();
  }

  @Test
  void pdf_isADocument() throws IOException {
    Classification c = classify(Samples.pdf(dir.resolve("f")), "evals/cyber-range-results.pdf");
    assertType("application/pdf", ItemKind.DOCUMENT, c);
    assertEquals("application/pdf", c.nameSuggests());
    assertFalse(c.nameContradictsContent());
    assertEquals("evals/cyber-range-results.pdf", c.declaredName());
  }

  @Test
  void docx_isADocument() throws IOException {
    Classification c = classify(Samples.docx(dir.resolve("f")), "system-card.docx");
    assertType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ItemKind.DOCUMENT,
        c);
    assertFalse(c.nameContradictsContent());
  }

  @Test
  void html_isADocument() throws IOException {
    Path f =
        Samples.text(
            dir.resolve("f"),
            "<!DOCTYPE html>\n<html><head><title>Aurora</title></head>"
                + "<body><h1>Model card</h1><p>CUI</p></body></html>\n");
    assertType("text/html", ItemKind.DOCUMENT, classify(f, "card.html"));
    assertType("text/html", ItemKind.DOCUMENT, classify(f, null));
  }

  @Test
  void markdown_isKnownByItsName_sinceItsContentIsPlainText() throws IOException {
    Path f = Samples.text(dir.resolve("f"), "# Aurora 2 model card\n\n- trained on 2026 data\n");
    agrees(f, "model-card.md", "text/markdown", ItemKind.DOCUMENT);
    assertType("text/plain", ItemKind.DOCUMENT, classify(f, null));
  }

  @Test
  void plainText_isADocument() throws IOException {
    textAgrees(
        "Release notes for Aurora 2.\nNothing else.\n",
        "NOTES.TXT",
        "text/plain",
        ItemKind.DOCUMENT);
  }

  @Test
  void safetensors_isModelWeights_withOrWithoutItsExtension() throws IOException {
    Path f = Samples.bytes(dir.resolve("f"), Samples.safetensors());
    agrees(f, "weights/aurora-2.safetensors", "application/x-safetensors", ItemKind.MODEL_WEIGHTS);
    Classification bare = classify(f, "aurora-2-weights");
    assertType("application/x-safetensors", ItemKind.MODEL_WEIGHTS, bare);
    assertNull(bare.nameSuggests());
    assertFalse(bare.nameContradictsContent());
  }

  @Test
  void jsonWithBracesAtOffsetEight_isNotTakenForSafetensors() throws IOException {
    textAgrees("{\"data\":{\"x\":1}}\n", "results.json", "application/json", ItemKind.DATA);
  }

  @Test
  void gguf_isModelWeights() throws IOException {
    assertType(
        "application/x-gguf",
        ItemKind.MODEL_WEIGHTS,
        classify(Samples.bytes(dir.resolve("f"), Samples.gguf()), "aurora-2-q4.gguf"));
  }

  @Test
  void npy_isModelWeights() throws IOException {
    assertType(
        "application/x-numpy",
        ItemKind.MODEL_WEIGHTS,
        classify(Samples.bytes(dir.resolve("f"), Samples.npy()), "embeddings"));
  }

  @Test
  void hdf5_isModelWeights_underItsUsualExtensions() throws IOException {
    Path f = Samples.bytes(dir.resolve("f"), Samples.hdf5());
    for (String name : new String[] {"model.h5", "model.hdf5", "model"}) {
      agrees(f, name, "application/x-hdf5", ItemKind.MODEL_WEIGHTS);
    }
  }

  @Test
  void onnx_hasNoMagic_soItsNameIsTaken() throws IOException {
    Path f = Samples.bytes(dir.resolve("f"), Samples.onnx());
    agrees(f, "aurora-2.onnx", "application/x-onnx", ItemKind.MODEL_WEIGHTS);
    assertType("application/octet-stream", ItemKind.OTHER, classify(f, "aurora-2"));
  }

  @Test
  void pytorchZip_isModelWeights_byItsEntries_whateverItsName() throws IOException {
    Path f = Samples.bytes(dir.resolve("f"), Samples.pytorchZip());
    for (String name : new String[] {"aurora-2.pt", "checkpoint.pth", "checkpoint.zip", "ckpt"}) {
      agrees(f, name, "application/x-pytorch", ItemKind.MODEL_WEIGHTS);
    }
  }

  @Test
  void legacyPytorchPickle_isModelWeights_byItsMagicNumber() throws IOException {
    Path f = Samples.bytes(dir.resolve("f"), Samples.legacyPytorch());
    assertType("application/x-pytorch-legacy", ItemKind.MODEL_WEIGHTS, classify(f, "old.bin"));
    contradicts(f, "old.pt", "application/x-pytorch-legacy", ItemKind.MODEL_WEIGHTS);
  }

  @Test
  void kerasZip_isModelWeights() throws IOException {
    Path f = Samples.bytes(dir.resolve("f"), Samples.kerasZip());
    assertType("application/x-keras", ItemKind.MODEL_WEIGHTS, classify(f, "aurora.keras"));
  }

  @Test
  void plainZip_isAnArchive_andNamingItPtIsAContradiction() throws IOException {
    Path f = Samples.bytes(dir.resolve("f"), Samples.plainZip());
    Classification zip = agrees(f, "bundle.zip", "application/zip", ItemKind.ARCHIVE);
    Classification pt = contradicts(f, "weights.pt", "application/zip", ItemKind.ARCHIVE);
    assertEquals("application/x-pytorch", pt.nameSuggests());
  }

  @Test
  void emptyFile_isOctetStream_withoutError() throws IOException {
    Path f = Files.createFile(dir.resolve("empty"));
    Classification c = agrees(f, "model-card.pdf", "application/octet-stream", ItemKind.OTHER);
    assertEquals("application/pdf", c.nameSuggests());
  }

  @Test
  void pdfNamedSafetensors_isAPdf_andTheContradictionIsFlagged() throws IOException {
    Classification c = classify(Samples.pdf(dir.resolve("f")), "weights.safetensors");
    assertType("application/pdf", ItemKind.DOCUMENT, c);
    assertTrue(c.nameContradictsContent());
    assertEquals("application/x-safetensors", c.nameSuggests());
  }

  @Test
  void randomBytesNamedPdf_areNotAPdf() throws IOException {
    Path f = Samples.bytes(dir.resolve("f"), new byte[] {0, 1, 2, 3, (byte) 0xff, 0x10, 0x7f, 9});
    Classification c = contradicts(f, "report.pdf", "application/octet-stream", ItemKind.OTHER);
  }

  @Test
  void textNamedPdf_isText_andFlagged() throws IOException {
    Classification c = classify(Samples.text(dir.resolve("f"), "not a pdf at all\n"), "x.pdf");
    assertType("text/plain", ItemKind.DOCUMENT, c);
    assertTrue(c.nameContradictsContent());
  }

  @Test
  void sourceCodeAndData_areKnownByName_onTextContent() throws IOException {
    Path py = Samples.text(dir.resolve("a"), "import torch\n\ndef main():\n    pass\n");
    assertType("text/x-python", ItemKind.CODE, classify(py, "train.py"));
    Path csv = Samples.text(dir.resolve("b"), "task,score\nctf-1,0.4\n");
    assertType("text/csv", ItemKind.DATA, classify(csv, "scores.csv"));
    Path jsonl = Samples.text(dir.resolve("c"), "{\"task\":1}\n{\"task\":2}\n");
    assertType("application/x-ndjson", ItemKind.DATA, classify(jsonl, "evals.jsonl"));
    Path nb = Samples.text(dir.resolve("d"), "{\"cells\":[],\"nbformat\":4}\n");
    assertType("application/x-ipynb+json", ItemKind.CODE, classify(nb, "analysis.ipynb"));
  }

  @Test
  void png_isAnImage() throws IOException {
    Path f = dir.resolve("f");
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
    assertType("image/png", ItemKind.IMAGE, classify(f, "figure-1.png"));
  }

  @Test
  void twoGigabyteSparseFiles_classifyQuickly() throws IOException {
    Path zeros = dir.resolve("zeros");
    try (RandomAccessFile raf = new RandomAccessFile(zeros.toFile(), "rw")) {
      raf.setLength(2L << 30);
    }
    Path weights = Samples.bytes(dir.resolve("weights"), Samples.safetensors());
    try (RandomAccessFile raf = new RandomAccessFile(weights.toFile(), "rw")) {
      raf.setLength(2L << 30);
    }
    Instant start = Instant.now();
    assertType("application/octet-stream", ItemKind.OTHER, classify(zeros, "blob.bin"));
    assertType(
        "application/x-safetensors", ItemKind.MODEL_WEIGHTS, classify(weights, "big.safetensors"));
    Duration took = Duration.between(start, Instant.now());
    assertTrue(took.toMillis() < 3_000, "took " + took);
  }

  @Test
  void classifier_isSafeToShareBetweenThreads() throws Exception {
    Path pdf = Samples.pdf(dir.resolve("a"));
    Path pt = Samples.bytes(dir.resolve("b"), Samples.pytorchZip());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Classification>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Path f = i % 2 == 0 ? pdf : pt;
        results.add(pool.submit(() -> classifier.classify(f, null)));
      }
      for (int i = 0; i < results.size(); i++) {
        String expected = i % 2 == 0 ? "application/pdf" : "application/x-pytorch";
        assertEquals(expected, results.get(i).get().mediaType());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void missingFile_isRefusedNamingIt() {
    Path missing = dir.resolve("gone");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> classifier.classify(missing, "x.pdf"));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  private static Classification classify(Path file, String declaredName) throws IOException {
    return classifier.classify(file, declaredName);
  }

  /** Classified as this type, and the name does not say otherwise. */
  private static Classification agrees(Path file, String name, String mediaType, ItemKind kind)
      throws IOException {
    return classifiedAs(file, name, mediaType, kind, false);
  }

  /** Classified as this type by its content, and its name is flagged as saying otherwise. */
  private static Classification contradicts(Path file, String name, String mediaType, ItemKind kind)
      throws IOException {
    return classifiedAs(file, name, mediaType, kind, true);
  }

  private static Classification classifiedAs(
      Path file, String name, String mediaType, ItemKind kind, boolean nameContradicts)
      throws IOException {
    Classification c = classify(file, name);
    assertType(mediaType, kind, c);
    assertEquals(nameContradicts, c.nameContradictsContent(), name);
    return c;
  }

  private static void assertType(String mediaType, ItemKind kind, Classification c) {
    assertEquals(mediaType, c.mediaType(), c.toString());
    assertEquals(kind, c.kind(), c.toString());
  }

  /** A file holding {@code text} is classified so, and its name agrees with its content. */
  private void textAgrees(String text, String name, String type, ItemKind kind) throws IOException {
    agrees(Samples.text(dir.resolve("f"), text), name, type, kind);
  }
}
