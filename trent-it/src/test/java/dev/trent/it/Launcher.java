package dev.trent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real launcher, {@code ./trent}, as users run it: a child process on the built jar. The launcher builds the jar
 * itself when sources are newer; tests never let it (a build inside a test is slow and needs the network), so they
 * are skipped, saying why, when {@code trent-cli/target/trent.jar} is missing or stale. {@code ./mvnw verify}
 * packages it before trent-it's tests run.
 */
final class Launcher {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path SCRIPT = ROOT.resolve("trent");
    static final Path JAR = ROOT.resolve("trent-cli/target/trent.jar");
    private static final Pattern READY = Pattern.compile("Trent is ready at (\\S+) \\(data: ");

    private Launcher() {}

    /** Skips the calling test unless the jar is there and newer than every source the launcher checks. */
    static void assumeBuilt() {
        assumeTrue(Files.isRegularFile(JAR), "trent-cli/target/trent.jar is not built: run ./mvnw package first");
        Optional<Path> newer = newerSource();
        assumeTrue(
                newer.isEmpty(),
                () -> "trent-cli/target/trent.jar is older than " + newer.orElseThrow()
                        + ": run ./mvnw package first (the launcher would build it)");
    }

    /** What {@code ./trent}'s needs_build finds: a pom.xml or a src/main file newer than the jar, trent-it aside. */
    private static Optional<Path> newerSource() {
        try {
            FileTime jar = Files.getLastModifiedTime(JAR);
            try (Stream<Path> s = Files.walk(ROOT)) {
                return s.filter(p -> !p.startsWith(ROOT.resolve("trent-it")) && !p.startsWith(ROOT.resolve(".git")))
                        .filter(p -> p.getFileName().toString().equals("pom.xml")
                                || p.toString()
                                        .contains(File.separator + "src" + File.separator + "main" + File.separator))
                        .filter(p -> {
                            try {
                                return Files.getLastModifiedTime(p).compareTo(jar) > 0;
                            } catch (IOException e) {
                                return false;
                            }
                        })
                        .findFirst();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment for the launcher: this JVM's JDK, a quick-starting JVM, nothing of the machine's log level. */
    static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("TRENT_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m");
        env.put("TRENT_LOG_LEVEL", null);
        env.putAll(extra);
        return env;
    }

    /** {@code ./trent ARGS} to completion. */
    static Processes.Result run(Path cwd, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, environment(env), cwd, Duration.ofSeconds(120));
    }

    /** A server started with {@code ./trent server ARGS}, until closed (SIGTERM, as Ctrl-C). */
    static final class Server implements AutoCloseable {
        final Process process;
        final Path out;
        final Path err;
        final String url;

        Server(Path cwd, Map<String, String> env, String... args) throws IOException, InterruptedException {
            out = Files.createTempFile(cwd, "trent", ".out");
            err = Files.createTempFile(cwd, "trent", ".err");
            List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "server"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(cwd.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            environment(env).forEach((k, v) -> {
                if (v == null) pb.environment().remove(k);
                else pb.environment().put(k, v);
            });
            process = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Matcher m = READY.matcher("");
            while (!m.reset(stdout()).find()) {
                if (!process.isAlive()) {
                    throw new AssertionError("trent server exited with " + process.exitValue() + ":\n" + stderr());
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new AssertionError("trent server was not ready in 120 s:\n" + stderr());
                }
                Thread.sleep(50);
            }
            url = m.group(1);
        }

        int port() {
            return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
        }

        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        /** Stops the server as Ctrl-C does and returns its exit code. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            if (!process.isAlive()) return;
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private static String read(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
