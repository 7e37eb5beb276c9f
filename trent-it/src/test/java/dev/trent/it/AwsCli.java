package dev.trent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real aws CLI against a running Trent, isolated from the machine's own AWS set-up: its own config and
 * credentials files, the admin's keys, {@code us-east-1}, no pager, and a pyenv shim's real {@code aws} called
 * directly (saves the shim's start-up per call). Absent when there is no {@code aws} on PATH.
 */
final class AwsCli {
    private final RunningTrent trent;
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();

    private AwsCli(RunningTrent trent, Path dir) throws IOException {
        this.trent = trent;
        this.dir = dir;
        System.getenv().keySet().stream().filter(k -> k.startsWith("AWS_")).forEach(k -> env.put(k, null));
        env.put("AWS_ACCESS_KEY_ID", trent.admin().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", trent.admin().secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", Files.createFile(dir.resolve("aws-config")).toString());
        env.put(
                "AWS_SHARED_CREDENTIALS_FILE",
                Files.createFile(dir.resolve("aws-credentials")).toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Path shim = Processes.onPath("aws").orElseThrow();
        if (shim.getParent().endsWith("shims") && Processes.onPath("pyenv").isPresent()) {
            Processes.Result r = Processes.run(List.of("pyenv", "which", "aws"), Map.of(), dir, Duration.ofSeconds(20));
            if (r.exitCode() == 0) {
                env.put(
                        "PATH",
                        Path.of(r.stdout().trim()).getParent() + java.io.File.pathSeparator + System.getenv("PATH"));
            }
        }
    }

    /** The CLI for {@code trent}, working in {@code dir}; empty when {@code aws} is not on PATH. */
    static Optional<AwsCli> find(RunningTrent trent, Path dir) throws IOException {
        if (Processes.onPath("aws").isEmpty()) return Optional.empty();
        return Optional.of(new AwsCli(trent, dir));
    }

    /** Runs {@code aws --endpoint-url <trent> args...}, with {@code as} overriding the environment (credentials). */
    Processes.Result run(Map<String, String> as, String... args) {
        List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", "http://localhost:" + trent.port()));
        cmd.addAll(List.of(args));
        Map<String, String> e = new HashMap<>(env);
        e.putAll(as);
        return Processes.run(cmd, e, dir, Duration.ofSeconds(60));
    }
}
