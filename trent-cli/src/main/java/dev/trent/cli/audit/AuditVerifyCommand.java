package dev.trent.cli.audit;

import dev.trent.core.audit.AuditSigningKey;
import dev.trent.core.audit.JournalVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trent audit verify}: checks the audit journal's hash chain, segment hashes and signed digests offline, and
 * names each file or record that was modified, deleted, reordered or inserted. Exit code 0 when everything
 * verifies, 1 when something does not, 2 for a usage error.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = dev.trent.cli.Main.Version.class,
        description = {
            "Verify the audit trail of a data directory offline: every digest's signature and its chain to the"
                    + " previous digest, every digested segment file against its hash, and every record against the"
                    + " hash chain. Names each file or record that was modified, deleted, reordered or inserted.",
            "Exit code: 0 verified, 1 problems found, 2 usage error."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  trent audit verify --data-dir /var/lib/trent",
            "  trent audit verify --audit-dir /backup/trent/audit --public-key /safe/place/trent-audit.pub"
        })
public final class AuditVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", description = "The server's data directory (default ./trent-data).")
    Path dataDir;

    @Option(names = "--audit-dir", description = "The audit directory itself (default <data-dir>/audit).")
    Path auditDir;

    @Option(
            names = "--public-key",
            description = "A public key (PEM) the digests must be signed with, kept apart from the data directory;"
                    + " repeatable. Default: the keys in <audit-dir>/keys/.")
    List<Path> publicKeys = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = auditDir != null ? auditDir : (dataDir != null ? dataDir : Path.of("trent-data")).resolve("audit");
        if (!Files.isDirectory(dir)) {
            err.println(
                    "trent audit verify: " + dir.toAbsolutePath() + " is not an audit directory (no such directory)");
            return 2;
        }
        List<PublicKey> keys = new ArrayList<>();
        for (Path p : publicKeys) {
            try {
                keys.add(AuditSigningKey.readPublicKey(Files.readString(p)));
            } catch (IOException | GeneralSecurityException e) {
                err.println("trent audit verify: cannot read the public key " + p + ": " + e.getMessage());
                return 2;
            }
        }
        JournalVerifier.Report r;
        try {
            r = JournalVerifier.verify(dir, keys);
        } catch (IOException e) {
            err.println("trent audit verify: cannot read " + dir + ": " + e.getMessage());
            return 1;
        }
        for (JournalVerifier.Finding f : r.findings()) out.println(f);
        out.printf(
                "%s: %d digest files, %d segment files, %d records (%d written since the last digest, covered by the"
                        + " hash chain only)%n",
                r.ok() ? "Verified" : r.findings().size() + " problem(s) found",
                r.digests(),
                r.segments(),
                r.records(),
                r.undigestedRecords());
        out.flush();
        return r.ok() ? 0 : 1;
    }
}
