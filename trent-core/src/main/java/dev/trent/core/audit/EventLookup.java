package dev.trent.core.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds events in the {@link AuditJournal} for CloudTrail's {@code LookupEvents}: newest first, in one account,
 * within a time range, optionally matching one attribute, a page at a time.
 *
 * <p>What it keeps in memory: a summary (sequence, time, file position and the look-up attributes, about 300
 * bytes) of each of the last {@link #DEFAULT_RECENT} events written since the server started, in a ring; a look-up
 * reads only the matching events' lines from disk. Older events are found by scanning segment files newest first,
 * skipping files whose time range lies outside the query's; a scan holds at most one page of events.
 */
public final class EventLookup implements AuditJournal.Listener {
    public static final int DEFAULT_RECENT = 100_000;

    /** CloudTrail's lookup attribute keys. */
    public enum Attribute {
        EVENT_ID("EventId"),
        EVENT_NAME("EventName"),
        READ_ONLY("ReadOnly"),
        USERNAME("Username"),
        RESOURCE_TYPE("ResourceType"),
        RESOURCE_NAME("ResourceName"),
        EVENT_SOURCE("EventSource"),
        ACCESS_KEY_ID("AccessKeyId");

        public final String wire;

        Attribute(String wire) {
            this.wire = wire;
        }

        public static Attribute of(String wire) {
            for (Attribute a : values()) if (a.wire.equals(wire)) return a;
            return null;
        }
    }

    /**
     * A look-up: events of {@code accountId} with {@code start <= eventTime <= end}, matching {@code attribute}
     * (when not null), with sequence numbers below {@code before}, at most {@code max}.
     */
    public record Query(
            String accountId, Attribute attribute, String value, Instant start, Instant end, int max, long before) {}

    /** One event found, with the attributes LookupEvents returns beside the record. */
    public record Found(long seq, Summary summary, ObjectNode event) {}

    /** A page: the events and the sequence number to continue below, or 0 when there are no more. */
    public record Page(List<Found> events, long next) {}

    /** Where an event is, and what look-ups match it on. */
    public record Summary(long seq, String segment, long offset, int length, EventAttributes attributes) {
        public long time() {
            return attributes.time();
        }

        public String account() {
            return attributes.account();
        }

        public String eventId() {
            return attributes.eventId();
        }

        public String eventName() {
            return attributes.eventName();
        }

        public String eventSource() {
            return attributes.eventSource();
        }

        public boolean readOnly() {
            return attributes.readOnly();
        }

        public String username() {
            return attributes.username();
        }

        public String accessKeyId() {
            return attributes.accessKeyId();
        }

        public List<String[]> resources() {
            return attributes.resources();
        }

        boolean matches(Attribute a, String v) {
            if (a == null) return true;
            return switch (a) {
                case EVENT_ID -> v.equals(eventId());
                case EVENT_NAME -> v.equals(eventName());
                case READ_ONLY -> v.equalsIgnoreCase(Boolean.toString(readOnly()));
                case USERNAME -> v.equals(username());
                case EVENT_SOURCE -> v.equals(eventSource());
                case ACCESS_KEY_ID -> v.equals(accessKeyId());
                case RESOURCE_TYPE -> resources().stream().anyMatch(r -> v.equals(r[0]));
                case RESOURCE_NAME -> resources().stream().anyMatch(r -> v.equals(r[1]));
            };
        }
    }

    private final AuditJournal journal;
    private final Summary[] ring;
    private long written; // summaries ever added; guarded by this

    public EventLookup(AuditJournal journal, int recent) {
        this.journal = journal;
        this.ring = new Summary[recent];
        journal.addListener(this);
    }

    @Override
    public void committed(long seq, EventAttributes event, String segment, long offset, int length) {
        Summary s = new Summary(seq, segment, offset, length, event);
        synchronized (this) {
            ring[(int) (written++ % ring.length)] = s;
        }
    }

    public Page lookup(Query q) {
        List<Found> out = new ArrayList<>(q.max());
        long start = q.start().toEpochMilli();
        long end = q.end().toEpochMilli();
        long scanBelow = q.before();
        // 1. the recent events in memory, newest first
        List<Summary> hits = new ArrayList<>();
        synchronized (this) {
            long oldest = Math.max(0, written - ring.length);
            for (long i = written - 1; i >= oldest; i--) {
                Summary s = ring[(int) (i % ring.length)];
                scanBelow = s.seq();
                if (s.seq() >= q.before()) continue;
                if (s.time() < start || s.time() > end) continue;
                if (!q.accountId().equals(s.account()) || !s.matches(q.attribute(), q.value())) continue;
                hits.add(s);
                if (hits.size() > q.max()) break;
            }
            if (written == 0) scanBelow = q.before();
        }
        for (Summary s : hits) {
            if (out.size() == q.max())
                return new Page(out, out.get(out.size() - 1).seq());
            ObjectNode ev = read(s);
            if (ev != null) out.add(new Found(s.seq(), s, ev));
        }
        if (hits.size() > q.max()) return new Page(out, out.get(out.size() - 1).seq());
        // 2. older events: the segment files, newest first
        List<AuditJournal.Segment> segments = journal.segments();
        for (int i = segments.size() - 1; i >= 0 && out.size() <= q.max(); i--) {
            AuditJournal.Segment seg = segments.get(i);
            if (seg.firstSequence() >= scanBelow) continue;
            if (seg.oldest() != null && seg.oldest().toEpochMilli() > end) continue;
            if (seg.newest() != null && seg.newest().toEpochMilli() < start) continue;
            int need = q.max() + 1 - out.size();
            for (Found f : scanSegment(seg.name(), q, Math.min(scanBelow, q.before()), need)) out.add(f);
        }
        if (out.size() > q.max()) {
            out = new ArrayList<>(out.subList(0, q.max()));
            return new Page(out, out.get(out.size() - 1).seq());
        }
        return new Page(out, 0);
    }

    /** The newest {@code need} matching events of one segment with sequence numbers below {@code below}. */
    private List<Found> scanSegment(String name, Query q, long below, int need) {
        ArrayDeque<Found> keep = new ArrayDeque<>(need + 1);
        Path file = journal.segmentsDir().resolve(name);
        long start = q.start().toEpochMilli();
        long end = q.end().toEpochMilli();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(2048);
            long offset = 0;
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                byte[] bytes = line.toByteArray();
                line.reset();
                long at = offset;
                offset += bytes.length + 1;
                try {
                    JournalRecord r = JournalRecord.parse(bytes, 0, bytes.length);
                    if (r.seq() >= below) break;
                    ObjectNode ev = (ObjectNode) Json.parse(r.event());
                    Summary s = new Summary(r.seq(), name, at, bytes.length + 1, EventAttributes.of(ev));
                    if (s.time() < start || s.time() > end) continue;
                    if (!q.accountId().equals(s.account()) || !s.matches(q.attribute(), q.value())) continue;
                    keep.addFirst(new Found(r.seq(), s, ev));
                    if (keep.size() > need) keep.removeLast();
                } catch (RuntimeException e) {
                    // not a record (verify reports it); skip
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit segment " + name, e);
        }
        return new ArrayList<>(keep);
    }

    private ObjectNode read(Summary s) {
        try (FileChannel ch = FileChannel.open(journal.segmentsDir().resolve(s.segment()), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(s.length());
            while (b.hasRemaining() && ch.read(b, s.offset() + b.position()) > 0) {}
            byte[] line = b.array();
            int to = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
            return (ObjectNode) Json.parse(JournalRecord.parse(line, 0, to).event());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
