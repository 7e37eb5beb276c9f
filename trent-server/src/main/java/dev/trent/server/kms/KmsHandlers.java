package dev.trent.server.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.OperationSpec.Execution;
import java.util.HashMap;
import java.util.Map;

/** The KMS handlers of one area, collected by name with where each runs; {@link KmsService} adds the rest. */
final class KmsHandlers {
    record Entry(Execution execution, OperationSpec.Handler handler) {}

    /** A handler that puts no secrets in its response. */
    @FunctionalInterface
    interface Plain {
        ObjectNode handle(RequestContext ctx, JsonNode in);
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** A memory-only operation: runs on the event loop. */
    KmsHandlers inline(String name, Plain h) {
        return add(name, Execution.EVENT_LOOP, (ctx, in, wipe) -> h.handle(ctx, in));
    }

    /** A memory-only operation whose response holds secrets it adds to {@code wipe}. */
    KmsHandlers inlineWithSecrets(String name, OperationSpec.Handler h) {
        return add(name, Execution.EVENT_LOOP, h);
    }

    /**
     * A memory-only operation that may take long (an RSA, Ed25519 or ML-DSA signature takes about a millisecond):
     * runs on a worker so it never stalls an event loop and the other connections on it.
     */
    KmsHandlers slow(String name, Plain h) {
        return add(name, Execution.WORKER, (ctx, in, wipe) -> h.handle(ctx, in));
    }

    /**
     * A memory-only operation that may take long (generating an RSA key pair takes up to hundreds of
     * milliseconds): runs on a worker so it never stalls an event loop; its response holds secrets.
     */
    KmsHandlers slowWithSecrets(String name, OperationSpec.Handler h) {
        return add(name, Execution.WORKER, h);
    }

    /** An operation that writes to the store: runs on a worker. */
    KmsHandlers worker(String name, Plain h) {
        return add(name, Execution.WORKER, (ctx, in, wipe) -> h.handle(ctx, in));
    }

    private KmsHandlers add(String name, Execution execution, OperationSpec.Handler h) {
        if (entries.put(name, new Entry(execution, h)) != null) {
            throw new IllegalStateException(name + " is registered twice");
        }
        return this;
    }

    Map<String, Entry> entries() {
        return entries;
    }
}
