package org.prex.classify;

/**
 * What an item is, coarsely: policy floors (docs/policy.md, docs/designation.md) and handling
 * depend on it.
 */
public enum ItemKind {
  /** Model cards, system cards, reports: PDF, Word, OpenDocument, HTML, Markdown, plain text. */
  DOCUMENT,
  /** Model artifacts: safetensors, GGUF, ONNX, PyTorch (zip or pickle), Keras, NumPy, HDF5. */
  MODEL_WEIGHTS,
  /** Zip, tar and compressed files that are not a known model format. */
  ARCHIVE,
  /** Source code and notebooks. */
  CODE,
  /** Structured data: JSON, CSV, Parquet, spreadsheets, YAML, XML. */
  DATA,
  IMAGE,
  OTHER
}
