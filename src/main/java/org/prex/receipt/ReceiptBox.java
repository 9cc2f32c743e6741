package org.prex.receipt;

import java.io.IOException;

/** Where a lab's receipts go: its {@code /receipts/} folder in the drop box (docs/formats.md). */
public interface ReceiptBox {

  /** Writes {@code name} into the lab's receipts folder, whole or not at all. */
  void put(String lab, String name, byte[] content) throws IOException;
}
