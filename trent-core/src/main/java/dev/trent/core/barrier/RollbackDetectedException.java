package dev.trent.core.barrier;

/**
 * The store holds an older state than Trent has seen or recorded: a record, or the whole database, was put back
 * from an older copy (or removed or added behind Trent's back). Reads of such a record fail closed with this
 * exception, and start-up refuses with its one-line message unless the operator accepts the restore.
 */
public final class RollbackDetectedException extends Barrier.BarrierException {
    private static final long serialVersionUID = 1L;

    public RollbackDetectedException(String message) {
        super(message);
    }
}
