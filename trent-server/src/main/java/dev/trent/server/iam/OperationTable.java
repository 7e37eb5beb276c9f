package dev.trent.server.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.OperationSpec.AuditCategory;
import dev.trent.server.pipeline.OperationSpec.Execution;
import dev.trent.server.pipeline.OperationSpec.ResourceLocator;
import dev.trent.server.protocol.ServiceModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The handlers of one identity service (IAM, STS, Organizations) by operation name, with where each runs, and the
 * {@link OperationSpec}s made from them for every operation of the service's model: IAM action {@code
 * <prefix>:<Operation>}, audit category by verb, and the request members that name resources. Operations of the
 * model without a handler are listed without one (the pipeline answers that Trent does not implement them).
 */
public final class OperationTable {
    /** A handler whose response holds nothing to wipe. */
    @FunctionalInterface
    public interface Plain {
        ObjectNode handle(RequestContext ctx, JsonNode in);
    }

    private record Entry(Execution execution, OperationSpec.Handler handler) {}

    private final String actionPrefix;
    private final Map<String, Entry> entries = new HashMap<>();

    /** @param actionPrefix the IAM action prefix: {@code iam}, {@code sts}, {@code organizations} */
    public OperationTable(String actionPrefix) {
        this.actionPrefix = actionPrefix;
    }

    /** An operation that reads memory only: runs on the event loop. */
    public OperationTable read(String name, Plain h) {
        return add(name, Execution.EVENT_LOOP, h);
    }

    /** An operation that writes to the store (or may block): runs on a worker. */
    public OperationTable write(String name, Plain h) {
        return add(name, Execution.WORKER, h);
    }

    private OperationTable add(String name, Execution execution, Plain h) {
        if (entries.put(name, new Entry(execution, (ctx, in, wipe) -> h.handle(ctx, in))) != null) {
            throw new IllegalStateException(name + " is registered twice");
        }
        return this;
    }

    /** Whether {@code name} has a handler. */
    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The handler of {@code name} (tests call handlers directly), or null. */
    public OperationSpec.Handler handler(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.handler();
    }

    /**
     * The operations of {@code model}, each with its handler (or none), where it runs, its IAM action, its audit
     * category and the members of {@code resourceMembers} its input has.
     */
    public Map<String, OperationSpec> specs(ServiceModel model, List<String> resourceMembers) {
        Map<String, OperationSpec> ops = new HashMap<>();
        for (String name : model.operationNames()) {
            Entry e = entries.get(name);
            ops.put(
                    name,
                    new OperationSpec(
                            name,
                            actionPrefix + ":" + name,
                            e == null ? Execution.EVENT_LOOP : e.execution(),
                            name,
                            audit(name),
                            resources(model, name, resourceMembers),
                            e == null ? null : e.handler()));
        }
        for (String name : entries.keySet()) {
            if (!ops.containsKey(name)) throw new IllegalStateException(name + " is not in the model");
        }
        return ops;
    }

    private static AuditCategory audit(String operation) {
        boolean read = operation.startsWith("Get")
                || operation.startsWith("List")
                || operation.startsWith("Describe")
                || operation.startsWith("Lookup");
        return read ? AuditCategory.MANAGEMENT_READ : AuditCategory.MANAGEMENT_WRITE;
    }

    private static ResourceLocator resources(ServiceModel model, String operation, List<String> members) {
        ServiceModel.Shape input = model.inputShape(operation);
        if (input == null) return ResourceLocator.NONE;
        List<String> found = new ArrayList<>();
        for (String m : members) if (input.member(m) != null) found.add(m);
        return found.isEmpty() ? ResourceLocator.NONE : new ResourceLocator(found);
    }
}
