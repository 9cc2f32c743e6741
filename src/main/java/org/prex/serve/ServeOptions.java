package org.prex.serve;

import org.prex.config.Deployment;

/**
 * How {@code prex serve} runs.
 *
 * @param ingest an external SFTP server to ingest from, or null for the embedded drop box
 */
public record ServeOptions(Deployment deployment, String sftpHost, int sftpPort, String ingest) {}
