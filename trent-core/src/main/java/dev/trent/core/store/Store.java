package dev.trent.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The physical storage layer: an ordered map from string keys to opaque byte values, shared by every Trent
 * node of a cluster.
 *
 * <p>A store holds untrusted bytes: everything secret is sealed by the barrier before it gets here, and the
 * store never interprets values. Implementations must guarantee:
 *
 * <ul>
 *   <li><b>Atomic, durable batches.</b> {@link #apply} makes all mutations of a batch visible together or none
 *       of them; once it returns, the batch survives a process crash ({@code kill -9}) and a power cut.
 *   <li><b>Revisions.</b> Every successful batch gets the next revision number of the store (strictly
 *       increasing, never reused, shared by all nodes). Each entry carries as its {@link Entry#version()} the
 *       revision of the batch that last wrote it.
 *   <li><b>Preconditions.</b> A mutation may require the key to be absent or to be at an exact version; if any
 *       precondition of a batch fails, nothing of the batch is written and {@link PreconditionFailedException}
 *       names the key. This is how two nodes avoid lost updates and duplicate aliases.
 *   <li><b>A change feed.</b> {@link #changesSince} lists, in revision order, which keys each batch wrote or
 *       deleted, so every node can keep its in-memory view current. A store may forget old changes; a reader
 *       that asks for changes it has forgotten is told to reload ({@link ChangePage#reloadRequired()}).
 *   <li><b>Leases.</b> {@link #tryLease} lets one holder at a time run a scheduler (key deletion, rotation),
 *       with an expiry so a dead node's lease passes on.
 * </ul>
 */
public interface Store extends AutoCloseable {

    /** The entry stored under {@code key}, if any. */
    Optional<Entry> get(String key);

    /**
     * Every entry whose key starts with {@code prefix}, in ascending key order, as of one moment (one consistent
     * snapshot: a batch is in it whole or not at all; the barrier's rollback check at open relies on this).
     */
    List<Entry> scan(String prefix);

    /**
     * Applies all mutations atomically and durably, in order, if every precondition holds.
     *
     * @return the revision of this batch (also the new {@link Entry#version()} of every key it put)
     * @throws PreconditionFailedException if a precondition does not hold; nothing was written
     * @throws StoreException if the backend failed; nothing was written
     */
    long apply(List<Mutation> mutations);

    /** The revision of the newest batch applied, or 0 for an empty store. */
    long revision();

    /**
     * The changes after {@code revision}, oldest first, in whole batches: at most {@code limit} of them, except
     * that a batch larger than {@code limit} comes whole on a page of its own (never split: a reader continues
     * from the revision of the last change it saw, so the tail of a split batch would be lost).
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    ChangePage changesSince(long revision, int limit);

    /**
     * Takes or renews the lease {@code name} for {@code holder} until {@code now + ttl}, if it is free, expired
     * or already held by {@code holder}. Returns whether {@code holder} holds it now.
     */
    boolean tryLease(String name, String holder, Instant now, Duration ttl);

    /** Gives up the lease if {@code holder} holds it; does nothing otherwise. */
    void releaseLease(String name, String holder);

    /**
     * Asks to be told soon after a batch commits (from any node) that the change feed moved, where the store can
     * tell: a hint that lets a follower read the feed at once instead of at its next poll. Followers still poll: a
     * hint may be lost (a reconnect), and a store that cannot tell (the default) never calls {@code listener}. The
     * listener runs on the store's thread and must return quickly. Closing the result stops the calls.
     */
    default Subscription onChange(Runnable listener) {
        return () -> {};
    }

    /**
     * Whether several Trent nodes may use this store at once (a database server rather than a file of one data
     * directory). The barrier then lets a node whose data directory has no high-water mark yet join the store as it
     * finds it (see {@code SealedStore}).
     */
    default boolean shared() {
        return false;
    }

    /**
     * Whether the store answers now, checked with one bounded round trip (for health reports); a store that cannot
     * be down without its process (the default, an embedded file) always does.
     */
    default boolean reachable() {
        return true;
    }

    @Override
    void close();

    /** Stops what it was returned for; closing twice does nothing more. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** A stored entry and the revision that last wrote it. */
    record Entry(String key, byte[] value, long version) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** What a mutation requires of the current state of its key. */
    sealed interface Precondition {
        /** No requirement. */
        Precondition NONE = new None();
        /** The key must not exist. */
        Precondition ABSENT = new Absent();

        /** The key must exist at exactly this version. */
        static Precondition version(long version) {
            return new AtVersion(version);
        }

        record None() implements Precondition {}

        record Absent() implements Precondition {}

        record AtVersion(long version) implements Precondition {}
    }

    /**
     * A put ({@code value != null}), a delete ({@code value == null}, {@code checkOnly == false}) or a pure
     * check ({@code checkOnly}: only the precondition, nothing written), each with a precondition.
     */
    record Mutation(String key, byte[] value, Precondition precondition, boolean checkOnly) {
        public Mutation {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(precondition, "precondition");
            if (checkOnly && value != null) throw new IllegalArgumentException("a check writes no value");
        }

        public static Mutation put(String key, byte[] value) {
            return put(key, value, Precondition.NONE);
        }

        public static Mutation put(String key, byte[] value, Precondition precondition) {
            if (value == null) throw new IllegalArgumentException("value must not be null for a put");
            return new Mutation(key, value, precondition, false);
        }

        /** A put that fails the batch if the key exists. */
        public static Mutation create(String key, byte[] value) {
            return put(key, value, Precondition.ABSENT);
        }

        public static Mutation delete(String key) {
            return delete(key, Precondition.NONE);
        }

        public static Mutation delete(String key, Precondition precondition) {
            return new Mutation(key, null, precondition, false);
        }

        /** Writes nothing; fails the batch unless {@code key} satisfies {@code precondition}. */
        public static Mutation check(String key, Precondition precondition) {
            return new Mutation(key, null, precondition, true);
        }

        public boolean isDelete() {
            return value == null && !checkOnly;
        }

        /** A copy with another value (the barrier uses this to seal), keeping key and precondition. */
        public Mutation withValue(byte[] newValue) {
            return isDelete() || checkOnly ? this : new Mutation(key, newValue, precondition, false);
        }
    }

    /** One key written ({@code deleted == false}) or deleted by the batch of {@code revision}. */
    record Change(long revision, String key, boolean deleted) {}

    /**
     * A page of the change feed. {@code reloadRequired} means the store no longer has every change after the
     * revision asked for: the reader must reload its view from {@link #scan} and continue from
     * {@code headRevision}.
     */
    record ChangePage(List<Change> changes, boolean reloadRequired, long headRevision) {
        public ChangePage {
            changes = List.copyOf(changes);
        }
    }
}
