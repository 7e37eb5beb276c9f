package dev.trent.core.store;

import java.util.List;
import java.util.Optional;

/**
 * The physical storage layer: an ordered map from string keys to opaque byte values.
 *
 * <p>A store holds untrusted bytes: everything secret is sealed by the barrier before it gets here, and
 * the store never interprets values. Implementations must make {@link #apply} atomic (all mutations of a
 * batch become visible together or not at all) and durable (once it returns, the batch survives a process
 * crash, including {@code kill -9}).
 */
public interface Store extends AutoCloseable {

    /** The value stored under {@code key}, if any. */
    Optional<byte[]> get(String key);

    /** Every entry whose key starts with {@code prefix}, in ascending key order. */
    List<Entry> scan(String prefix);

    /** Applies all mutations atomically and durably, in order. */
    void apply(List<Mutation> mutations);

    @Override
    void close();

    /** A stored entry. */
    record Entry(String key, byte[] value) {}

    /** A put ({@code value != null}) or a delete ({@code value == null}). */
    record Mutation(String key, byte[] value) {
        public static Mutation put(String key, byte[] value) {
            if (value == null) throw new IllegalArgumentException("value must not be null for a put");
            return new Mutation(key, value);
        }

        public static Mutation delete(String key) {
            return new Mutation(key, null);
        }

        public boolean isDelete() {
            return value == null;
        }
    }
}
