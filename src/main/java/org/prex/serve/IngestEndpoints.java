package org.prex.serve;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.prex.ingest.IngestFilter;
import org.prex.ingest.IngestReadLock;

/**
 * Checks, once the labs' routes exist, that every loose-file consumer ingests the way prex promises
 * (docs/threat-model.md): the consumer's options are in the route file, which an operator can edit,
 * so a missing or weakened one must stop the start rather than quietly take uploads without a
 * host-key check, into a local work folder outside staging, or without the lab's filter.
 */
final class IngestEndpoints {
  private IngestEndpoints() {}

  /**
   * @throws IllegalStateException naming the route and every option that is not as required
   */
  static void check(CamelContext context, boolean readsInPlace) {
    List<String> problems = new ArrayList<>();
    java.util.Set<Endpoint> consumers = new java.util.HashSet<>();
    for (Route route : context.getRoutes()) {
      if (route.getRouteId().startsWith("ingest-")) {
        problems.addAll(problems(route.getRouteId(), route.getEndpoint(), readsInPlace));
        consumers.add(route.getEndpoint());
      }
    }
    // every other sftp endpoint (the receipts) checks host keys as strictly
    for (Endpoint endpoint : context.getEndpoints()) {
      if (endpoint instanceof SftpEndpoint sftp && !consumers.contains(endpoint)) {
        problems.addAll(hostKeyProblems(sftp.getEndpointBaseUri(), sftp.getConfiguration()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "the route file's loose-file intake is not safe: " + String.join("; ", problems));
    }
  }

  /**
   * @param readsInPlace the stager reads the embedded drop box's file in place: the consumer must
   *     then not open the file itself (download=false); reading from elsewhere, it must
   */
  static List<String> problems(String routeId, Endpoint endpoint, boolean readsInPlace) {
    if (!(endpoint instanceof SftpEndpoint sftp)) {
      return List.of(routeId + " does not read from an sftp: endpoint");
    }
    List<String> out = new ArrayList<>();
    SftpConfiguration c = sftp.getConfiguration();
    out.addAll(hostKeyProblems(routeId, c));
    require(out, routeId, c.isStreamDownload(), "streamDownload=true");
    require(out, routeId, sftp.getLocalWorkDirectory() == null, "no localWorkDirectory");
    require(out, routeId, sftp.isDelete(), "delete=true");
    require(
        out,
        routeId,
        sftp.isDownload() != readsInPlace,
        readsInPlace ? "download=false (the embedded drop box is read in place)" : "download=true");
    // a process strategy of its own would replace the read lock and the removal
    require(out, routeId, sftp.getProcessStrategy() == null, "no processStrategy");
    require(out, routeId, !sftp.isNoop(), "noop=false");
    require(
        out, routeId, sftp.getMove() == null && sftp.getPreMove() == null, "no move or preMove");
    require(
        out,
        routeId,
        (Object) sftp.getExclusiveReadLockStrategy() instanceof IngestReadLock,
        "exclusiveReadLockStrategy=#ingestReadLock");
    require(
        out, routeId, (Object) sftp.getFilter() instanceof IngestFilter, "the lab's ingest filter");
    require(out, routeId, c.getSoTimeout() > 0, "a soTimeout");
    return out;
  }

  /** The server's host key is checked against the given known_hosts file, and only that. */
  static List<String> hostKeyProblems(String where, SftpConfiguration c) {
    List<String> out = new ArrayList<>();
    require(out, where, "yes".equals(c.getStrictHostKeyChecking()), "strictHostKeyChecking=yes");
    require(out, where, !c.isUseUserKnownHostsFile(), "useUserKnownHostsFile=false");
    require(out, where, !c.isAutoCreateKnownHostsFile(), "autoCreateKnownHostsFile=false");
    require(out, where, c.getKnownHostsFile() != null, "a knownHostsFile");
    // Camel loads these after the file, and the host keys they hold would replace the file's
    require(
        out,
        where,
        c.getKnownHostsUri() == null && c.getKnownHosts() == null,
        "no knownHostsUri or knownHosts");
    return out;
  }

  private static void require(List<String> out, String routeId, boolean ok, String what) {
    if (!ok) {
      out.add(routeId + " needs " + what);
    }
  }
}
