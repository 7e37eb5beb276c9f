package dev.trent.cli.audit;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trent audit}: work with a data directory's audit trail offline. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        versionProvider = dev.trent.cli.Main.Version.class,
        description = "Work with the audit trail of a Trent data directory (<data-dir>/audit/), offline.",
        subcommands = {AuditVerifyCommand.class})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
