package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.testing.Await;
import org.prex.testing.Events;
import org.prex.testing.RunningExchange;

/**
 * An image whose text cannot be read (OCR turned off here, as on a host without tesseract) is held
 * under the default policy ({@code images: hold}) and delivered, with a note, under {@code images:
 * deliver}; with OCR on, a drawn spill is read and held, and the receipt's reasons say OCR read it.
 */
class ImagesPolicyEndToEndTest {
  @AfterEach
  void ocrBackOn() {
    System.clearProperty("prex.inspect.ocr");
  }

  @Test
  void withoutOcr_anImageIsHeld_orDeliveredWhenThePolicySaysSo(@TempDir Path root)
      throws Exception {
    System.setProperty("prex.inspect.ocr", "false");
    byte[] png = png(root, "A chart of scores");
    Deployment hold = RunningExchange.prepare(root.resolve("hold"));
    try (RunningExchange exchange = RunningExchange.start(root.resolve("hold"), hold, null)) {
      upload(exchange, "chart.png", png);
      Await.until(
          "held", Duration.ofSeconds(90), () -> Events.count(hold, EventType.RECEIPT_SENT) == 1);
      assertTrue(
          reason(hold, EventType.QUARANTINED).contains("the text of an image could not be read"));
      assertEquals(List.of(), exchange.transfers("caisi"));
    }
    RunningExchange.Setup deliverSetup =
        RunningExchange.setUp(root.resolve("deliver")).policy("images: hold", "images: deliver");
    Deployment deliver = deliverSetup.deployment;
    try (RunningExchange exchange = deliverSetup.start()) {
      upload(exchange, "chart.png", png);
      Await.until(
          "answered",
          Duration.ofSeconds(90),
          () -> Events.count(deliver, EventType.RECEIPT_SENT) == 1);
      assertEquals(4, Events.count(deliver, EventType.DELIVERED));
      assertTrue(reason(deliver, EventType.DESIGNATED).contains("could not be read"));
    }
  }

  @Test
  void withOcr_aDrawnSpillIsReadAndHeld_andACleanImageDelivered(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      upload(exchange, "spill.png", png(root, "SECRET//NOFORN"));
      Await.until(
          "held", Duration.ofSeconds(90), () -> Events.count(d, EventType.RECEIPT_SENT) == 1);
      assertTrue(
          reason(d, EventType.QUARANTINED).contains("spill"), reason(d, EventType.QUARANTINED));
      upload(exchange, "chart.png", png(root, "Scores by model"));
      Await.until(
          "answered", Duration.ofSeconds(90), () -> Events.count(d, EventType.RECEIPT_SENT) == 2);
      assertEquals(4, Events.count(d, EventType.DELIVERED));
      assertTrue(
          Events.of(d).stream()
              .anyMatch(
                  e ->
                      e.type() == EventType.DESIGNATED
                          && e.reason().contains("image text read by OCR")));
    }
  }

  private static byte[] png(Path root, String text) throws Exception {
    Path p = root.resolve("img-" + text.hashCode() + ".png");
    org.prex.inspect.HostileCorpus.png(p, text);
    return Files.readAllBytes(p);
  }

  private static void upload(RunningExchange exchange, String name, byte[] content)
      throws Exception {
    exchange.upload("acme-ai", "/inbox/" + name, content);
  }

  private static String reason(Deployment d, EventType type) {
    return Events.of(d).stream()
        .filter(e -> e.type() == type)
        .map(AuditEvent::reason)
        .findFirst()
        .orElse("");
  }
}
