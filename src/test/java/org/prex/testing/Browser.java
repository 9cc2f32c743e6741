package org.prex.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for the console's browser tests (org.prex.console): Debian's {@code
 * chromium}, driven through Debian's {@code chromedriver} (.ci/run installs both), with a fresh
 * profile in a temporary folder that {@link #close} deletes. Both paths are given to Selenium, so
 * Selenium Manager is never run and nothing is downloaded. A missing Chromium fails the test,
 * naming the packages to install: a browser test that skips itself is one nobody notices is not
 * running.
 *
 * <p>{@link #open} is an ordinary browser: it refuses a certificate it does not trust, as an
 * officer's would. {@link #acceptingSelfSignedCertificate} is for a test that talks to the console
 * it started itself, on 127.0.0.1, with the self-signed certificate the console made: Chromium
 * cannot be handed one CA on its command line, so that browser accepts any certificate, and a test
 * should use it for nothing else.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private static final List<String> ARGUMENTS =
      List.of(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--window-size=1280,1000");

  /**
   * Selenium looks for DevTools classes matching Chromium's version at every start and warns that
   * it has none; the browser tests drive Chromium through WebDriver only and need none. Held here
   * so that the level set on it is not lost to garbage collection.
   */
  private static final Logger CDP_VERSION =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_VERSION.setLevel(Level.SEVERE);
  }

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A browser that trusts what Debian's Chromium trusts, and nothing else. */
  public static Browser open() throws IOException {
    return start(false);
  }

  /**
   * A browser that accepts any certificate: only for the test's own console, on 127.0.0.1, behind
   * the self-signed certificate it made for itself.
   */
  public static Browser acceptingSelfSignedCertificate() throws IOException {
    return start(true);
  }

  /**
   * A browser that trusts this one certificate's key as well (Chromium's {@code
   * --ignore-certificate-errors-spki-list}): the page is then a secure context with no certificate
   * error, as for a deployment whose certificate an agency's CA issued, so Secure cookies are kept.
   */
  public static Browser trusting(java.security.cert.X509Certificate certificate)
      throws IOException {
    try {
      String spki =
          java.util.Base64.getEncoder()
              .encodeToString(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(certificate.getPublicKey().getEncoded()));
      return start(false, "--ignore-certificate-errors-spki-list=" + spki);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Browser start(boolean acceptInsecureCerts, String... more) throws IOException {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException(
            p
                + " is missing: the browser tests need Debian's chromium and chromium-driver"
                + " (apt-get install chromium chromium-driver; .ci/run installs them)");
      }
    }
    Path profile = Files.createTempDirectory("prex-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(ARGUMENTS);
    options.addArguments("--user-data-dir=" + profile);
    options.addArguments(more);
    options.setAcceptInsecureCerts(acceptInsecureCerts);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
      return new Browser(driver, profile);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** The current page's HTML, as the browser has it now. */
  public String pageSource() {
    return driver.getPageSource();
  }

  /** Saves what the window shows as a PNG at {@code png}, making its folder if need be. */
  public void screenshot(Path png) throws IOException {
    byte[] bytes = driver.getScreenshotAs(OutputType.BYTES);
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(png, bytes);
  }

  /** Quits Chromium and its driver, then deletes the profile. */
  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  /**
   * Deletes {@code dir}. Chromium's helper processes may still be writing into the profile for a
   * moment after quitting: a walk that loses a file under it, or leaves a folder not yet empty, is
   * taken again.
   */
  private static void deleteTree(Path dir) throws IOException {
    for (int attempt = 0; Files.exists(dir); attempt++) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | UncheckedIOException e) {
        if (attempt == 20) {
          throw new IOException("cannot delete Chromium's profile " + dir, e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted deleting " + dir, stop);
        }
      }
    }
  }
}
