package dev.trent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Restarts the machine's PostgreSQL cluster (Debian's pg_ctlcluster), where this user may. */
final class PostgresRestart {
    private PostgresRestart() {}

    /**
     * Restarts PostgreSQL ({@code pg_ctlcluster VERSION main restart -m fast}, waiting until it accepts connections
     * again); returns null when it did, else why the step was skipped.
     */
    static String restart() {
        if (Processes.onPath("pg_ctlcluster").isEmpty()) {
            return "skipped the PostgreSQL restart: pg_ctlcluster is not installed here";
        }
        String version;
        try (Stream<Path> s = Files.list(Path.of("/etc/postgresql"))) {
            version =
                    s.map(p -> p.getFileName().toString()).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            version = null;
        }
        if (version == null) return "skipped the PostgreSQL restart: no cluster in /etc/postgresql";
        Processes.Result r = Processes.run(
                List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"),
                Map.of(),
                Path.of("."),
                Duration.ofSeconds(60));
        if (r.exitCode() != 0) {
            return "skipped the PostgreSQL restart: pg_ctlcluster " + version + " main restart failed (this user may"
                    + " not restart it): " + r.stderr().strip();
        }
        return null;
    }
}
