package dev.trent.it.bench;

import dev.trent.server.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own JVM, on the benchmark's classpath: isolated heap, GC and JIT, and its CPU time
 * measurable apart from the load generator's. Output (stdout and stderr) goes to a log file; {@link #awaitReady}
 * waits for the line that says the server listens.
 */
final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final CompletableFuture<MatchResult> ready = new CompletableFuture<>();

    private ChildJvm(String name, Process process, Path log, Pattern readyLine) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread pump = new Thread(() -> pump(readyLine), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    static ChildJvm start(
            String name, List<String> jvmArgs, String mainClass, List<String> args, Path log, Pattern readyLine)
            throws IOException {
        return start(name, jvmArgs, mainClass, args, java.util.Map.of(), log, readyLine);
    }

    /** Like the other {@code start}, with {@code env} added to the inherited environment. */
    static ChildJvm start(
            String name,
            List<String> jvmArgs,
            String mainClass,
            List<String> args,
            java.util.Map<String, String> env,
            Path log,
            Pattern readyLine)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        // JDK 23+ warns about Netty's use of sun.misc.Unsafe unless told it is allowed (as the trent launcher does)
        if (Runtime.version().feature() >= 23) cmd.add("--sun-misc-unsafe-memory-access=allow");
        // the same Netty transport as this JVM's (the environment, and so TRENT_TRANSPORT, is inherited anyway)
        String transport = System.getProperty(Transport.PROPERTY);
        if (transport != null) cmd.add("-D" + Transport.PROPERTY + "=" + transport);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        return new ChildJvm(name, p, log, readyLine);
    }

    private void pump(Pattern readyLine) {
        try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                w.write(line);
                w.write('\n');
                w.flush();
                if (!ready.isDone()) {
                    Matcher m = readyLine.matcher(line);
                    if (m.find()) ready.complete(m.toMatchResult());
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException(name + " exited before it was ready; see " + log));
    }

    MatchResult awaitReady(Duration timeout) throws IOException, InterruptedException {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(name + " was not ready after " + timeout.toSeconds() + " s; see " + log, e);
        }
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Stops the process: SIGTERM (the servers close cleanly on it), then SIGKILL after 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
