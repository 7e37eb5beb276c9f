package dev.trent.server.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One operation of a service, as the pipeline needs to know it.
 *
 * @param name the wire name ({@code Encrypt})
 * @param iamAction the IAM action it needs ({@code kms:Encrypt})
 * @param execution where it runs: memory-only operations on the event loop, store writers on a worker
 * @param quotaClass the request-quota bucket it draws from (AWS shares one among the symmetric cryptographic
 *     operations, for example)
 * @param audit how the audit trail files it
 * @param resources which request members name the resources it touches
 * @param handler the operation itself, or null when the model has it but Trent does not implement it yet
 */
public record OperationSpec(
        String name,
        String iamAction,
        Execution execution,
        String quotaClass,
        AuditCategory audit,
        ResourceLocator resources,
        Handler handler) {

    public OperationSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(iamAction, "iamAction");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(quotaClass, "quotaClass");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(resources, "resources");
    }

    public boolean implemented() {
        return handler != null;
    }

    /** Where an operation runs. */
    public enum Execution {
        /** Reads memory only: runs on the event-loop thread that decoded it. */
        EVENT_LOOP,
        /** Writes to the store (or may block): runs on a virtual-thread worker. */
        WORKER
    }

    /**
     * How the audit trail files an operation: whether it changes nothing ({@code readOnly}, CloudTrail's field) and
     * whether it is a high-volume cryptographic (data-plane) call that a trail may choose to exclude.
     */
    public record AuditCategory(boolean readOnly, boolean dataPlane) {
        public static final AuditCategory MANAGEMENT_WRITE = new AuditCategory(false, false);
        public static final AuditCategory MANAGEMENT_READ = new AuditCategory(true, false);
        public static final AuditCategory CRYPTOGRAPHIC = new AuditCategory(true, true);
    }

    /** The request members that name resources (key ids, ARNs, aliases, ciphertexts that carry a key id). */
    public record ResourceLocator(List<String> members) {
        public static final ResourceLocator NONE = new ResourceLocator(List.of());

        public ResourceLocator {
            members = List.copyOf(members);
        }

        /** The values of those members present in {@code request}, in member order. */
        public List<String> find(JsonNode request) {
            if (members.isEmpty()) return List.of();
            List<String> out = new ArrayList<>(members.size());
            for (String m : members) {
                JsonNode v = request.get(m);
                if (v != null && v.isTextual()) out.add(v.asText());
            }
            return out;
        }
    }

    /** Runs an operation on a validated request body. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs the operation. Secret byte arrays placed in the response (plaintexts, data keys) are added to
         * {@code wipe}; the pipeline zeroes them once the response is serialized.
         */
        JsonNode handle(RequestContext ctx, JsonNode request, List<byte[]> wipe);
    }
}
