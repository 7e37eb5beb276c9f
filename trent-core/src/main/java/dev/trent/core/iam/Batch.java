package dev.trent.core.iam;

import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The mutations of one IAM write, with their preconditions, and what the view publishes once the store has
 * accepted them. Built by one attempt of {@link IamView#write}; a precondition that fails makes the whole batch
 * fail, and the attempt is made again on a refreshed view.
 */
final class Batch {
    private final List<Mutation> mutations = new ArrayList<>(4);
    private final List<LongConsumer> effects = new ArrayList<>(4);

    /** A new record: the batch fails if {@code id} exists. */
    <V> Batch create(Table<V> table, String id, V value) {
        mutations.add(Mutation.create(table.key(id), table.encode(value)));
        effects.add(rev -> table.publish(id, value, rev));
        return this;
    }

    /** A new version of the record {@code row} is: the batch fails if it changed since. */
    <V> Batch update(Table<V> table, String id, Table.Row<V> row, V value) {
        mutations.add(Mutation.put(table.key(id), table.encode(value), Precondition.version(row.version())));
        effects.add(rev -> table.publish(id, value, rev));
        return this;
    }

    /**
     * Rewrites the record unchanged at the version read: every writer that read it is serialised behind this
     * batch (a count of its children, a quota) even when the record itself does not change.
     */
    <V> Batch touch(Table<V> table, String id, Table.Row<V> row) {
        return update(table, id, row, row.value());
    }

    /** Deletes the record at the version read. */
    <V> Batch delete(Table<V> table, String id, Table.Row<V> row) {
        mutations.add(Mutation.delete(table.key(id), Precondition.version(row.version())));
        effects.add(rev -> table.remove(id));
        return this;
    }

    boolean isEmpty() {
        return mutations.isEmpty();
    }

    List<Mutation> mutations() {
        return mutations;
    }

    /** Publishes the batch's records to the view once the store accepted it at {@code revision}. */
    void published(long revision) {
        for (LongConsumer e : effects) e.accept(revision);
    }
}
