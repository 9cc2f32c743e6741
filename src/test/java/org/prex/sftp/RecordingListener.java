package org.prex.sftp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Keeps every drop box event, for tests to wait for and inspect. */
final class RecordingListener implements DropBoxListener {

  enum Kind {
    LOGIN_REFUSED,
    ACCESS_DENIED,
    UPLOAD_CLOSED,
    UPLOAD_ABANDONED
  }

  /**
   * One event: {@code where} is the remote address or the path, {@code what} the reason, operation
   * or size.
   */
  record Event(Kind kind, String user, String where, String what) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void loginRefused(String user, String remoteAddress, String reason) {
    events.add(new Event(Kind.LOGIN_REFUSED, user, remoteAddress, reason));
  }

  @Override
  public void accessDenied(String user, String path, String operation) {
    events.add(new Event(Kind.ACCESS_DENIED, user, path, operation));
  }

  @Override
  public void uploadClosed(String user, String path, long size) {
    events.add(new Event(Kind.UPLOAD_CLOSED, user, path, Long.toString(size)));
  }

  @Override
  public void uploadAbandoned(String user, String path, long size) {
    events.add(new Event(Kind.UPLOAD_ABANDONED, user, path, Long.toString(size)));
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  void clear() {
    events.clear();
  }

  /** Waits up to 10 s for an event matching {@code test}. */
  Optional<Event> await(Predicate<Event> test) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Event> found = events.stream().filter(test).findFirst();
      if (found.isPresent()) {
        return found;
      }
      Thread.sleep(20);
    }
    return Optional.empty();
  }

  Optional<Event> await(Kind kind, String user, String where, String what)
      throws InterruptedException {
    return await(
        e ->
            e.kind() == kind
                && e.user().equals(user)
                && (where == null || e.where().equals(where))
                && (what == null || e.what().equals(what)));
  }
}
