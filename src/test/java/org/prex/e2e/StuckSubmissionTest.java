package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.staging.Staging;
import org.prex.submission.StagedSubmission;
import org.prex.testing.Await;
import org.prex.testing.Cli;
import org.prex.testing.Cli.Run;
import org.prex.testing.Events;
import org.prex.testing.Receipt;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;
import org.prex.testing.Trees;

/**
 * No stuck submission: faults injected into the failure handlers and the answer route of a real
 * exchange still end every upload delivered, quarantined or rejected, with a receipt to the lab and
 * nothing left in staging. Faults are injected from outside the production code: a step that
 * throws, written into the test's own copy of the route file (present at every start), or woven
 * into the running answer route with Camel's AdviceWith.
 */
class StuckSubmissionTest {

  @Test
  void aReceiptStepThatFailsOnce_isRetried_andTheLabIsAnswered(@TempDir Path root)
      throws Exception {
    try (RunningExchange exchange = RunningExchange.start(root)) {
      AtomicInteger faults = new AtomicInteger();
      AdviceWith.adviceWith(
          exchange.server.camelContext(),
          "answers",
          a ->
              a.weaveByToString(".*receipts.*")
                  .before()
                  .process(
                      e -> {
                        if (faults.getAndIncrement() == 0) {
                          throw new IllegalStateException("injected fault");
                        }
                      }));
      exchange.upload(
          "acme-ai", "/inbox/card.md", "# model card\n".getBytes(StandardCharsets.UTF_8));
      List<Receipt> receipts = Receipt.await(exchange, "acme-ai", 1);
      assertEquals("delivered", receipts.get(0).json().path("outcome").asText());
      Await.until(
          "staging emptied",
          Duration.ofSeconds(20),
          () -> Trees.files(exchange.deployment.staging()).isEmpty());
      assertTrue(faults.get() >= 2, "the fault fired, then the step ran again: " + faults.get());
      assertEquals(0, Events.count(exchange.deployment, EventType.QUARANTINED));
    }
  }

  @Test
  void aRejectorThatThrows_endsQuarantinedWithAReceipt(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    injectBefore(d, null, "rejector");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      uploadPastReleaseDate(exchange);
      List<Receipt> receipts = Receipt.await(exchange, "acme-ai", 1);
      assertEquals("quarantined", receipts.get(0).json().path("outcome").asText());
      Await.until(
          "staging emptied", Duration.ofSeconds(20), () -> Trees.files(d.staging()).isEmpty());
      List<AuditEvent> held = of(d, EventType.QUARANTINED);
      assertEquals(1, held.size(), held.toString());
      assertEquals("failed while handling: java.lang.IllegalStateException", held.get(0).reason());
      for (String agency : RunningExchange.AGENCIES) {
        assertEquals(List.of(), exchange.transfers(agency), agency);
      }
    }
  }

  @Test
  void aQuarantineThatThrowsInsideTheRejectionHandler_keepsThePlaintextInCustody_thenGivesUp(
      @TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    injectBefore(d, null, "rejector");
    injectBefore(d, "id: fail-closed", "quarantine");
    Staging staging = new Staging(d.staging());
    String submission;
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      uploadPastReleaseDate(exchange);
      submission = awaitFailures(staging, 1);
      assertEquals(1, staging.pending().size(), "the plaintext stays in staging, in custody");
      assertTrue(Files.exists(staging.content(staging.pending().get(0).items().get(0).itemId())));
      assertEquals(0, Events.count(d, EventType.QUARANTINED));
    }
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      awaitFailures(staging, 2);
    }
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      // the third attempt gives up: quarantined by the last resort, outside the routes
      List<Receipt> receipts = Receipt.await(exchange, "acme-ai", 1);
      assertEquals(submission, receipts.get(0).json().path("submission").asText());
      assertEquals("quarantined", receipts.get(0).json().path("outcome").asText());
      Await.until(
          "staging emptied", Duration.ofSeconds(20), () -> Trees.files(d.staging()).isEmpty());
      List<AuditEvent> held = of(d, EventType.QUARANTINED);
      assertEquals(1, held.size(), held.toString());
      assertEquals(
          "could not be handled after 3 attempts: failed while handling:"
              + " java.lang.IllegalStateException",
          held.get(0).reason());
    }
  }

  @Test
  void anAnswerRouteThatAlwaysFails_isGivenUpAfterThreeStarts_quarantinedAndAnswered(
      @TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    injectBefore(d, "id: answers", "receipts");
    Staging staging = new Staging(d.staging());
    String submission;
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      uploadPastReleaseDate(exchange);
      submission = awaitFailures(staging, 1);
      assertEquals(1, Events.count(d, EventType.REJECTED));
      assertEquals(0, Events.count(d, EventType.RECEIPT_SENT));
    }
    for (int start = 2; start <= 3; start++) {
      try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
        if (start == 2) {
          awaitFailures(staging, 2);
          continue;
        }
        List<Receipt> receipts = Receipt.await(exchange, "acme-ai", 1);
        assertEquals(submission, receipts.get(0).json().path("submission").asText());
        assertEquals("rejected", receipts.get(0).json().path("outcome").asText());
        assertEquals(
            "could not be handled after 3 attempts: failed while handling:"
                + " java.lang.IllegalStateException",
            receipts.get(0).json().path("items").get(0).path("quarantined-because").asText());
        Await.until(
            "staging emptied", Duration.ofSeconds(20), () -> Trees.files(d.staging()).isEmpty());
      }
    }
    List<AuditEvent> held = of(d, EventType.QUARANTINED);
    assertEquals(1, held.size(), held.toString());
    assertEquals(submission, held.get(0).submission());
    assertTrue(held.get(0).reason().startsWith("could not be handled after 3 attempts: "));
    assertEquals(1, Events.count(d, EventType.RECEIPT_SENT));
    Run verified = Cli.auditVerify(d);
    assertEquals(0, verified.code(), verified.err());
    // a later start finds nothing to do
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      // time for the start to redo work; it must find none
      Thread.sleep(2000);
      assertEquals(1, Events.count(d, EventType.QUARANTINED));
      assertEquals(1, Events.count(d, EventType.RECEIPT_SENT));
    }
  }

  @Test
  void aQuarantineThatCannotWrite_keepsThePlaintextInStaging_untilTheOperatorFixesIt(
      @TempDir Path root) throws Exception {
    // a loose file may go to no one, so it is quarantined; a real fault: the quarantine folder
    // cannot be made, a file is in its place
    RunningExchange.Setup setup =
        RunningExchange.setUp(root).quarantiningLooseFiles().quarantineUnwritable();
    Deployment d = setup.deployment;
    Staging staging = new Staging(d.staging());
    for (int start = 1; start <= 3; start++) {
      try (RunningExchange exchange = setup.start()) {
        if (start == 1) {
          exchange.upload(
              "acme-ai", "/inbox/system-card.md", "held back\n".getBytes(StandardCharsets.UTF_8));
        }
        awaitFailures(staging, start);
      }
      StagedSubmission held = staging.pending().get(0);
      assertTrue(
          Files.exists(staging.content(held.items().get(0).itemId())),
          "plaintext in custody after start " + start);
      assertEquals(0, Events.count(d, EventType.QUARANTINED));
      assertEquals(0, Events.count(d, EventType.RECEIPT_SENT));
    }
    // given up at the third failure, but quarantine still cannot work: nothing removed unsealed;
    // the operator fixes the folder, and the next start quarantines and answers
    Files.delete(d.quarantine());
    try (RunningExchange exchange = setup.start()) {
      List<Receipt> receipts = Receipt.await(exchange, "acme-ai", 1);
      assertEquals("quarantined", receipts.get(0).json().path("outcome").asText());
      Await.until(
          "staging emptied", Duration.ofSeconds(20), () -> Trees.files(d.staging()).isEmpty());
      for (String agency : RunningExchange.AGENCIES) {
        assertEquals(List.of(), exchange.transfers(agency), agency);
      }
    }
    List<AuditEvent> held = of(d, EventType.QUARANTINED);
    assertEquals(1, held.size(), held.toString());
    assertEquals(
        "could not be handled after 3 attempts: failed while handling:"
            + " java.nio.file.FileAlreadyExistsException",
        held.get(0).reason());
  }

  /** A submission folder whose manifest names a release date in the past: it is rejected. */
  private static void uploadPastReleaseDate(RunningExchange exchange) throws Exception {
    try (SftpClient lab = exchange.connect("acme-ai")) {
      lab.channel().mkdir("/inbox/late");
      lab.put("/inbox/late/card.md", "# card\n".getBytes(StandardCharsets.UTF_8));
      lab.put(
          "/inbox/late/submission.yaml",
          ("reference: late\nrelease-date: "
                  + LocalDate.now().minusDays(3)
                  + "\nitems:\n  - path: card.md\n")
              .getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Waits until the one staged submission has this many failed attempts; returns its id. */
  private static String awaitFailures(Staging staging, int failures) throws Exception {
    Await.until(
        failures + " failed attempt(s) recorded",
        Duration.ofSeconds(60),
        () -> {
          try {
            List<StagedSubmission> pending = staging.pending();
            return pending.size() == 1
                && staging.attempts(pending.get(0).submissionId()).failures() == failures;
          } catch (java.io.IOException e) {
            return false; // read while the exchange writes it: polled again
          }
        });
    return staging.pending().get(0).submissionId();
  }

  private static List<AuditEvent> of(Deployment d, EventType type) {
    return Events.of(d).stream().filter(e -> e.type() == type).toList();
  }

  /**
   * Writes a step that always throws before the first {@code bean} step calling {@code bean} (after
   * the line {@code after}, when given) in the test's copy of the route file.
   */
  private static void injectBefore(Deployment d, String after, String bean) throws Exception {
    Path routes = d.routes().resolve("prex.camel.yaml");
    String yaml = Files.readString(routes);
    int from = after == null ? 0 : yaml.indexOf(after);
    assertTrue(from >= 0, after);
    Matcher m =
        Pattern.compile("\n( *)- bean:\n *ref: " + bean + "\n")
            .matcher(yaml)
            .region(from, yaml.length());
    assertTrue(m.find(), "no step calls " + bean);
    String indent = m.group(1);
    String fault =
        "\n"
            + indent
            + "- throwException:\n"
            + indent
            + "    exceptionType: java.lang.IllegalStateException\n"
            + indent
            + "    message: injected fault";
    Files.writeString(routes, yaml.substring(0, m.start()) + fault + yaml.substring(m.start()));
  }
}
