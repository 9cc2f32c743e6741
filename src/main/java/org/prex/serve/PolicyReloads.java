package org.prex.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explicit way to make a running {@code serve} load its policy again (docs/policy.md): {@code
 * prex policy reload --data DIR} drops a request file, {@code policy-reload.request}, into the data
 * folder; {@code serve} looks for it every second, reloads, and answers in {@code
 * policy-reload.result} (both 0600), which the command waits for and prints. Nothing else makes
 * serve read its policy again: a policy changed on disk is not picked up silently.
 */
public final class PolicyReloads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyReloads.class);
  static final String REQUEST = "policy-reload.request";
  static final String RESULT = "policy-reload.result";

  /**
   * What a reload did.
   *
   * @param status {@code loaded}, {@code unchanged}, {@code refused} (the policy or a key has
   *     problems; the old policy stays) or {@code failed} (the routes did not start)
   * @param policySha256 the policy in force afterwards (for refused: the one that stays)
   */
  public record Outcome(String status, String policySha256, List<String> lines) {
    public Outcome {
      lines = List.copyOf(lines);
    }

    public boolean ok() {
      return status.equals("loaded") || status.equals("unchanged");
    }
  }

  private final Path data;
  private final Supplier<Outcome> reload;
  private ScheduledExecutorService poller;

  PolicyReloads(Path data, Supplier<Outcome> reload) {
    this.data = data;
    this.reload = reload;
  }

  /** Starts looking for requests, once a second. */
  synchronized void start() {
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "prex-policy-reloads");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(this::poll, 1, 1, TimeUnit.SECONDS);
  }

  /** Handles a pending request now, if there is one (the poller calls this). */
  void poll() {
    Path request = data.resolve(REQUEST);
    String id;
    try {
      id = Files.readString(request, StandardCharsets.UTF_8).strip();
      Files.delete(request);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      LOG.warn("cannot read the policy reload request {}: {}", request, e.getMessage());
      return;
    }
    if (!id.matches("[0-9a-f-]{1,64}")) {
      LOG.warn("ignored a policy reload request with a malformed id");
      return;
    }
    Outcome outcome;
    try {
      outcome = reload.get();
    } catch (RuntimeException e) {
      outcome = new Outcome("failed", null, List.of(String.valueOf(e.getMessage())));
    }
    List<String> lines = new ArrayList<>();
    lines.add(id);
    lines.add(outcome.status());
    lines.add(String.valueOf(outcome.policySha256()));
    lines.addAll(outcome.lines());
    try {
      write(data.resolve(RESULT), String.join("\n", lines) + "\n");
    } catch (IOException e) {
      LOG.warn("cannot answer the policy reload request: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  /**
   * Asks the {@code serve} running on {@code data} to reload its policy and waits for its answer.
   *
   * @return the outcome, or null if no serve answered within {@code wait} (the request is then
   *     withdrawn)
   */
  public static Outcome request(Path data, Duration wait) throws IOException, InterruptedException {
    String id = UUID.randomUUID().toString();
    Path request = data.resolve(REQUEST);
    Path result = data.resolve(RESULT);
    write(request, id + "\n");
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      Thread.sleep(200);
      List<String> lines;
      try {
        lines = Files.readAllLines(result, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        continue;
      }
      if (lines.size() >= 3 && lines.get(0).equals(id)) {
        String sha = lines.get(2).equals("null") ? null : lines.get(2);
        return new Outcome(lines.get(1), sha, lines.subList(3, lines.size()));
      }
    }
    try {
      if (Files.readString(request, StandardCharsets.UTF_8).strip().equals(id)) {
        Files.delete(request);
      }
    } catch (NoSuchFileException e) {
      // taken at the last moment: its answer comes too late for this command
    }
    return null;
  }

  /** Writes a file whole (0600) or not at all. */
  private static void write(Path file, String text) throws IOException {
    Path tmp =
        Files.createTempFile(
            file.getParent(),
            "." + file.getFileName() + ".",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
