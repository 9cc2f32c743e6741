package org.prex.receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a lab's receipts go: its {@code /receipts/} folder in the drop box (docs/formats.md). */
public interface ReceiptBox {

  /** Writes {@code name} into the lab's receipts folder, whole or not at all. */
  void put(String lab, String name, byte[] content) throws IOException;

  /**
   * Writes {@code name}, with the content of {@code file}, into the lab's receipts folder, whole or
   * not at all. This default reads the file whole, which suits small boxes only: the drop box's
   * streams it.
   */
  default void put(String lab, String name, Path file) throws IOException {
    put(lab, name, Files.readAllBytes(file));
  }
}
