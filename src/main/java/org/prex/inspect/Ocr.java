package org.prex.inspect;

import java.util.concurrent.TimeUnit;

/** Whether Tesseract is installed (on the PATH) to read text in images. */
final class Ocr {
  private Ocr() {}

  static boolean available() {
    try {
      Process p =
          new ProcessBuilder("tesseract", "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
