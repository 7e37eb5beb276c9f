package dev.trent.server.observe;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.Outcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request, written off the request's thread: the request thread only puts a small record of facts
 * into a bounded queue (never blocking: when the queue is full the line is dropped and counted); one writer thread
 * formats and writes them, to a file or to the {@code trent.access} logger. A line holds the time the request
 * arrived, its request id, the client address, the caller's ARN, the operation, the ARN of the KMS key it names
 * (when the request names one by id, ARN or alias that exists), the HTTP status, the outcome, the error code and the
 * latency; never a request or response body, an error message, a header or a credential.
 *
 * <pre>
 * time=2026-12-01T07:20:00.123Z requestId=… sourceIp=127.0.0.1 principal=arn:aws:iam::111122223333:root
 *   operation=kms:Encrypt key=arn:aws:kms:us-east-1:111122223333:key/… status=200 outcome=success error=- latencyMs=0.412
 * </pre>
 */
public final class AccessLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    /** The logger lines go to with {@code accessLog: logger}. */
    public static final String LOGGER = "trent.access";

    static final int QUEUE = 16_384;
    private static final int BATCH = 512;

    /** Names the ARN of the key a request names, from the writer thread; null when there is none. */
    @FunctionalInterface
    public interface KeyNamer {
        String keyArn(String service, String account, String region, String keyRef);
    }

    /** Where lines go. */
    interface Sink extends AutoCloseable {
        void write(List<String> lines) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** What the request thread records: references to values it has anyway, nothing formatted. */
    record Entry(
            Instant time,
            String requestId,
            String sourceIp,
            String principal,
            String service,
            String operation,
            String account,
            String region,
            String keyRef,
            int status,
            Outcome.Kind kind,
            String errorCode,
            long latencyNanos) {}

    private final ArrayBlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LongAdder dropped = new LongAdder();
    private final Sink sink;
    private final KeyNamer keys;
    private final Thread writer;
    private volatile boolean closing;

    AccessLog(Sink sink, KeyNamer keys) {
        this.sink = sink;
        this.keys = keys;
        this.writer = Thread.ofPlatform().daemon().name("trent-access-log").start(this::drain);
    }

    /**
     * The access log a setting asks for: null for {@code off}, the {@code trent.access} logger for {@code logger},
     * else a file (appended to; made if missing).
     */
    public static AccessLog open(String setting, KeyNamer keys) {
        if (setting == null || setting.equalsIgnoreCase("off")) return null;
        if (setting.equalsIgnoreCase("logger")) return new AccessLog(loggerSink(), keys);
        return new AccessLog(fileSink(Path.of(setting)), keys);
    }

    static Sink loggerSink() {
        Logger access = LoggerFactory.getLogger(LOGGER);
        return new Sink() {
            @Override
            public void write(List<String> lines) {
                for (String l : lines) access.info(l);
            }

            @Override
            public void close() {}
        };
    }

    static Sink fileSink(Path file) {
        BufferedWriter w;
        try {
            w = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the access log " + file + ": " + e.getMessage(), e);
        }
        return new Sink() {
            @Override
            public void write(List<String> lines) throws IOException {
                for (String l : lines) {
                    w.write(l);
                    w.write('\n');
                }
                w.flush();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }

    /** Records one finished exchange; never blocks (a full queue drops the line and counts it). */
    void record(Exchange exchange, Outcome outcome, long now) {
        if (closing) return;
        RequestContext ctx = exchange.context();
        Caller caller = exchange.caller();
        OperationSpec op = exchange.operation();
        String keyRef = null;
        if (op != null && ctx != null && ctx.request() != null) keyRef = keyRef(ctx);
        Entry e = new Entry(
                exchange.receivedAt(),
                exchange.requestId(),
                exchange.sourceIp(),
                caller == null ? null : caller.principalArn(),
                exchange.service() == null ? null : exchange.service().signingName(),
                op == null ? null : op.name(),
                caller == null ? null : caller.accountId(),
                caller == null ? null : caller.region(),
                keyRef,
                outcome.status(),
                outcome.kind(),
                outcome.errorCode(),
                now - exchange.startNanos());
        if (!queue.offer(e)) dropped.increment();
    }

    /** The member naming the request's key (never a ciphertext or any other body member). */
    private static String keyRef(RequestContext ctx) {
        for (String m : new String[] {"KeyId", "DestinationKeyId", "TargetKeyId"}) {
            var v = ctx.request().get(m);
            if (v != null && v.isTextual()) return v.asText();
        }
        return null;
    }

    /** Lines dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(BATCH);
        List<String> lines = new ArrayList<>(BATCH);
        while (true) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) return;
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (Entry e : batch) lines.add(format(e));
                sink.write(lines);
            } catch (InterruptedException e) {
                if (closing) return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not write {} access log lines: {}", lines.size(), e.toString());
            } finally {
                batch.clear();
                lines.clear();
            }
        }
    }

    String format(Entry e) {
        String keyArn = null;
        if (e.keyRef() != null && keys != null && e.account() != null) {
            try {
                keyArn = keys.keyArn(e.service(), e.account(), e.region(), e.keyRef());
            } catch (RuntimeException ignored) {
                // the key is named only when it can be
            }
        }
        StringBuilder b = new StringBuilder(256);
        b.append("time=").append(e.time());
        field(b, "requestId", e.requestId());
        field(b, "sourceIp", e.sourceIp());
        field(b, "principal", e.principal());
        field(b, "operation", e.operation() == null ? null : e.service() + ":" + e.operation());
        field(b, "key", keyArn);
        b.append(" status=").append(e.status());
        field(b, "outcome", e.kind().name().toLowerCase(Locale.ROOT));
        field(b, "error", e.errorCode());
        b.append(" latencyMs=").append(String.format(Locale.ROOT, "%.3f", e.latencyNanos() / 1e6));
        return b.toString();
    }

    /** {@code name=value}, with anything but visible ASCII in the value replaced, so one request is one line. */
    private static void field(StringBuilder b, String name, String value) {
        b.append(' ').append(name).append('=');
        if (value == null || value.isEmpty()) {
            b.append('-');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            b.append(c > ' ' && c < 0x7f && c != '"' ? c : '_');
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sink.close();
        } catch (IOException e) {
            LOG.warn("Could not close the access log: {}", e.toString());
        }
    }
}
