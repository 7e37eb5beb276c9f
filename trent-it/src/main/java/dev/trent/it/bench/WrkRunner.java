package dev.trent.it.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs <a href="https://github.com/wg/wrk">wrk</a>, when installed, with a Lua script that replays one signed
 * request: a load generator in C, to cross-check that the Java client is not what limits the numbers.
 */
final class WrkRunner {
    record Result(
            double requestsPerSecond,
            long requests,
            Map<String, Double> percentilesMs,
            long non2xx,
            String socketErrors,
            double serverCpuCores,
            double machineCpuCores,
            String rawOutput) {}

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern PCT =
            Pattern.compile("^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors:\\s+(.*)");

    private final Path wrk;

    private WrkRunner(Path wrk) {
        this.wrk = wrk;
    }

    /** wrk at {@code explicit}, or on the PATH; empty if there is none. */
    static Optional<WrkRunner> find(String explicit) {
        if (explicit != null) {
            Path p = Path.of(explicit);
            return Files.isExecutable(p) ? Optional.of(new WrkRunner(p)) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, "wrk");
            if (Files.isExecutable(p)) return Optional.of(new WrkRunner(p));
        }
        return Optional.empty();
    }

    Path path() {
        return wrk;
    }

    /** wrk's version line, e.g. {@code wrk 4.1.0 [epoll] Copyright (C) 2012 Will Glozer}. */
    String version() {
        try {
            Process p = new ProcessBuilder(wrk.toString(), "-v")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse("wrk").trim();
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return "wrk";
        }
    }

    static List<String> command(Path wrk, int threads, int connections, int seconds, Path script, String url) {
        return List.of(
                wrk.toString(),
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "-s",
                script.toString(),
                url);
    }

    Result run(int threads, int connections, int seconds, Path script, String url, ProcessHandle server)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command(wrk, threads, connections, seconds, script, url));
        long srv0 = LoadClient.serverCpuNanos(server);
        long all0 = LoadClient.machineBusyNanos();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        long t1 = System.nanoTime();
        long srv1 = LoadClient.serverCpuNanos(server);
        long all1 = LoadClient.machineBusyNanos();
        if (rc != 0) throw new IOException("wrk exited with " + rc + ":\n" + out);
        Matcher m = RPS.matcher(out);
        if (!m.find()) throw new IOException("no Requests/sec in wrk's output:\n" + out);
        double rps = Double.parseDouble(m.group(1));
        Matcher t = TOTAL.matcher(out);
        long total = t.find() ? Long.parseLong(t.group(1)) : -1;
        Map<String, Double> pct = new LinkedHashMap<>();
        Matcher pm = PCT.matcher(out);
        while (pm.find()) {
            double v = Double.parseDouble(pm.group(2));
            pct.put(
                    pm.group(1),
                    switch (pm.group(3)) {
                        case "us" -> v / 1000;
                        case "s" -> v * 1000;
                        default -> v;
                    });
        }
        Matcher nm = NON2XX.matcher(out);
        long non2xx = nm.find() ? Long.parseLong(nm.group(1)) : 0;
        Matcher sm = SOCKET.matcher(out);
        String socket = sm.find() ? sm.group(1).trim() : null;
        double cores = srv0 < 0 || srv1 < 0 ? Double.NaN : (srv1 - srv0) / (double) (t1 - t0);
        double machine = all0 < 0 || all1 < 0 ? Double.NaN : (all1 - all0) / (double) (t1 - t0);
        return new Result(rps, total, pct, non2xx, socket, cores, machine, out);
    }
}
