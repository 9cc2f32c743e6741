/**
 * The embedded SFTP drop box (docs/threat-model.md, "The drop box"): {@link org.prex.sftp.DropBox},
 * started from a {@link org.prex.sftp.DropBoxConfig}, reporting to a {@link
 * org.prex.sftp.DropBoxListener}.
 *
 * <h2>Layout</h2>
 *
 * <pre>
 * &lt;root&gt;/&lt;lab&gt;/inbox/      the lab uploads here (created at start for every configured lab)
 * &lt;root&gt;/&lt;lab&gt;/receipts/   prex writes receipts here; the lab reads them
 * </pre>
 *
 * <h2>Accounts and what they may do (deny by default)</h2>
 *
 * <table>
 *   <caption>The access policy</caption>
 *   <tr><th>account</th><th>sees</th><th>may</th></tr>
 *   <tr><td>lab {@code L} (user {@code L}, one of its keys)</td>
 *       <td>{@code /} = {@code <root>/L}; logs in to {@code /inbox}</td>
 *       <td>below {@code /inbox}: list, read, write, mkdir, rmdir, remove, rename (within
 *       {@code /inbox}), set times (permission changes are accepted and ignored);
 *       {@code /receipts}: list, read. Nothing else: no listing of {@code /}, no links, no
 *       owner/group/ACL changes.</td></tr>
 *   <tr><td>{@code prex-ingest} (the ingest key)</td>
 *       <td>{@code /} = {@code <root>}</td>
 *       <td>list {@code /}, {@code /L}, {@code /L/inbox}, {@code /L/receipts} for configured labs;
 *       below {@code /L/inbox}: list, read, remove, rmdir (not while being written); files
 *       directly in {@code /L/receipts}: create, overwrite, remove, rename within that folder.
 *       Never writes into an inbox. For a lab removed from the key set while work of it is still
 *       staged: its receipts only, so that the work is answered.</td></tr>
 * </table>
 *
 * <p>Every denial is an SFTP "permission denied" to the client, a WARN line (user, operation, the
 * area and a hash of the path: file names can be confidential) and {@link
 * org.prex.sftp.DropBoxListener#accessDenied}. Paths that do not exist in an account's view answer
 * "no such file" to listings, as in any chroot. Symbolic links are neither created nor followed.
 *
 * <h2>Uploads in progress</h2>
 *
 * <p>{@link org.prex.sftp.DropBox#isBeingWritten} is true while a file (or anything below a folder)
 * is open for writing, being renamed, or was cut off by a client that went away without closing it
 * (until the lab writes it again or removes it; this last state is kept across restarts in {@code
 * <root>/.prex-incomplete-uploads}). The ingest side skips such paths and the drop box refuses the
 * ingest account reading or removing them. Clients that upload under a temporary name and rename
 * (WinSCP's {@code .filepart}) leave a closed temporary file for a moment: the ingest side should
 * ignore such names.
 */
package org.prex.sftp;
