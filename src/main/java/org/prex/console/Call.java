package org.prex.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/** One request to the console and its answer: a thin layer over Jetty's core API. */
final class Call {
  /** The most a form may carry: the console's forms are small. */
  static final int MAX_FORM_BYTES = 256 * 1024;

  static final int MAX_FORM_FIELDS = 32;

  final Request request;
  final Response response;
  final Callback callback;
  private Fields form;
  private Fields query;

  Call(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  String method() {
    return request.getMethod();
  }

  String path() {
    return Request.getPathInContext(request);
  }

  /** A query parameter, blank treated as absent. */
  String query(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    }
    return blankToNull(query.getValue(name));
  }

  /** A field of a url-encoded form as sent, not stripped; null when absent. */
  String formRaw(String name) {
    form(name);
    return form.getValue(name);
  }

  /** A field of a url-encoded form, blank treated as absent. */
  String form(String name) {
    if (form == null) {
      try {
        form = FormFields.getFields(request, MAX_FORM_FIELDS, MAX_FORM_BYTES);
      } catch (RuntimeException e) {
        throw new ConsoleHandler.BadRequest(
            "the form is larger than " + MAX_FORM_BYTES / 1024 + " KiB, or malformed");
      }
    }
    return blankToNull(form.getValue(name));
  }

  /** The most a multipart upload may be (a checkpoint, receipt or manifest). */
  static final int MAX_UPLOAD_BYTES = 1024 * 1024;

  private Map<String, String> parts;

  /**
   * A part of a multipart form, as text, blank treated as absent. The whole body is read at most
   * once, at most {@link #MAX_UPLOAD_BYTES} and 4 parts, in memory only (never to disk).
   */
  String part(String name) {
    if (parts == null) {
      parts = readParts();
    }
    return blankToNull(parts.get(name));
  }

  boolean multipart() {
    String type = header(HttpHeader.CONTENT_TYPE);
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  private Map<String, String> readParts() {
    String boundary = MultiPart.extractBoundary(header(HttpHeader.CONTENT_TYPE));
    if (boundary == null) {
      throw new ConsoleHandler.BadRequest("the upload has no multipart boundary");
    }
    MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
    parser.setMaxLength(MAX_UPLOAD_BYTES);
    parser.setMaxParts(4);
    parser.setMaxMemoryFileSize(MAX_UPLOAD_BYTES);
    parser.setUseFilesForPartsWithoutFileName(false);
    Map<String, String> read = new HashMap<>();
    try (MultiPartFormData.Parts all =
        parser.parse(request, InvocationType.BLOCKING).get(30, TimeUnit.SECONDS)) {
      for (MultiPart.Part part : all) {
        if (part.getName() != null && !read.containsKey(part.getName())) {
          read.put(part.getName(), part.getContentAsString(StandardCharsets.UTF_8));
        }
      }
      return read;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new ConsoleHandler.BadRequest(
          "the upload could not be read (at most " + MAX_UPLOAD_BYTES / 1024 + " KiB)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConsoleHandler.BadRequest("interrupted");
    }
  }

  String header(HttpHeader h) {
    return request.getHeaders().get(h);
  }

  String cookie(String name) {
    List<HttpCookie> cookies = Request.getCookies(request);
    for (HttpCookie c : cookies) {
      if (c.getName().equals(name)) {
        return c.getValue();
      }
    }
    return null;
  }

  /** The TLS client certificate the browser presented, or null. */
  X509Certificate clientCertificate() {
    Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
    if (data instanceof EndPoint.SslSessionData ssl
        && ssl.peerCertificates() != null
        && ssl.peerCertificates().length > 0) {
      return ssl.peerCertificates()[0];
    }
    return null;
  }

  /** A cookie only this origin's HTTPS pages get, never scripts: __Host-, Secure, HttpOnly. */
  void setCookie(String name, String value, long maxAgeSeconds) {
    Response.addCookie(
        response,
        HttpCookie.build(name, value)
            .path("/")
            .secure(true)
            .httpOnly(true)
            .sameSite(HttpCookie.SameSite.STRICT)
            .maxAge(maxAgeSeconds)
            .build());
  }

  void html(int status, String page) {
    send(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), null);
  }

  /**
   * Sends a body; with {@code attachment}, as a download of that name (which the caller makes of
   * safe characters only).
   */
  void send(int status, String contentType, byte[] body, String attachment) {
    head(status, contentType, attachment);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * Streams a file as a download of that name (safe characters only), never following a link; the
   * heap holds one buffer of it at a time.
   */
  void stream(String contentType, java.nio.file.Path file, long size, String attachment) {
    head(200, contentType, attachment);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
    try (java.io.InputStream in =
            java.nio.file.Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        java.io.OutputStream out = org.eclipse.jetty.io.Content.Sink.asOutputStream(response)) {
      in.transferTo(out);
    } catch (java.io.IOException e) {
      callback.failed(e);
      return;
    }
    callback.succeeded();
  }

  /** Writes text to a download as it is made. */
  interface TextBody {
    void write(java.io.PrintWriter out);
  }

  /**
   * A download of that name (safe characters only) whose text is written as it is made, UTF-8, with
   * no length known in advance; the heap holds what {@code body} holds at a time.
   */
  void streamText(String contentType, String attachment, TextBody body) {
    head(200, contentType, attachment);
    try (java.io.OutputStream raw = org.eclipse.jetty.io.Content.Sink.asOutputStream(response);
        java.io.PrintWriter out =
            new java.io.PrintWriter(
                new java.io.BufferedWriter(
                    new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8), 64 * 1024))) {
      body.write(out);
      out.flush();
      if (out.checkError()) {
        callback.failed(new java.io.IOException("the download was cut off"));
        return;
      }
    } catch (java.io.IOException e) {
      callback.failed(e);
      return;
    }
    callback.succeeded();
  }

  /** Status, type and, for a download, its name (which the caller makes of safe characters). */
  private void head(int status, String contentType, String attachment) {
    closeIfBodyUnread();
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    if (attachment != null) {
      response
          .getHeaders()
          .put("Content-Disposition", "attachment; filename=\"" + attachment + "\"");
    }
  }

  /**
   * A request answered without reading the body it sent (a refused form, a POST to a page that
   * takes none) ends its connection, and says so: the server would otherwise close it after the
   * answer, and a client that pooled it would find it closed on its next request.
   */
  private void closeIfBodyUnread() {
    if (form != null || parts != null) {
      return;
    }
    String length = header(HttpHeader.CONTENT_LENGTH);
    boolean hasBody =
        (length != null && !length.equals("0"))
            || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    if (hasBody) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  /** 303 See Other to a path of the console. */
  void redirect(String location) {
    closeIfBodyUnread();
    Response.sendRedirect(request, response, callback, 303, location, false);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
