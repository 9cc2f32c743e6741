package org.prex.console;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.prex.audit.AuditLog;
import org.prex.deliver.Deliveries;
import org.prex.seal.PublicCert;

/**
 * What the console reads from a running exchange: never content, never a key it could decrypt with.
 *
 * @param log the transfer log the exchange writes (the console appends its access events to it)
 * @param keysDir the keys folder: {@code console/} for TLS, {@code console-users} for accounts
 * @param exchange the exchange's public signing certificate, which checkpoints are checked against
 * @param quarantine the folder of sealed quarantined items
 * @param agencies the agencies of the keys folder
 * @param lanes each agency's delivery lane now
 */
public record ConsoleSources(
    AuditLog log,
    Path keysDir,
    PublicCert exchange,
    Path quarantine,
    Supplier<List<String>> agencies,
    Supplier<Map<String, Deliveries.LaneState>> lanes) {}
