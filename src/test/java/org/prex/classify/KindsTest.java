package org.prex.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KindsTest {
  static final Kinds KINDS = new Kinds(MimeTypes.getDefaultMimeTypes());

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "application/x-safetensors, MODEL_WEIGHTS",
    "application/x-gguf, MODEL_WEIGHTS",
    "application/x-onnx, MODEL_WEIGHTS",
    "application/x-pytorch, MODEL_WEIGHTS",
    "application/x-pytorch-legacy, MODEL_WEIGHTS",
    "application/x-keras, MODEL_WEIGHTS",
    "application/x-numpy, MODEL_WEIGHTS",
    "application/x-hdf5, MODEL_WEIGHTS",
    "application/pdf, DOCUMENT",
    "application/msword, DOCUMENT",
    "application/vnd.oasis.opendocument.text, DOCUMENT",
    "text/x-web-markdown, DOCUMENT",
    "text/markdown, DOCUMENT",
    "text/html, DOCUMENT",
    "text/plain, DOCUMENT",
    "text/x-python, CODE",
    "text/x-java-source, CODE",
    "text/javascript, CODE",
    "application/x-sh, CODE",
    "application/zip, ARCHIVE",
    "application/java-archive, ARCHIVE",
    "application/x-tar, ARCHIVE",
    "application/gzip, ARCHIVE",
    "application/json, DATA",
    "text/csv, DATA",
    "application/x-parquet, DATA",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, DATA",
    "image/png, IMAGE",
    "image/svg+xml, IMAGE",
    "application/octet-stream, OTHER",
    "video/mp4, OTHER",
  })
  void mediaType_mapsToItsKind(String mediaType, ItemKind kind) {
    assertEquals(kind, KINDS.of(MediaType.parse(mediaType)));
  }
}
