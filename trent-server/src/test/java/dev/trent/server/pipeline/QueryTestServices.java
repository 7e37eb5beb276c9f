package dev.trent.server.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.ServiceException;
import dev.trent.server.pipeline.OperationSpec.AuditCategory;
import dev.trent.server.pipeline.OperationSpec.Execution;
import dev.trent.server.pipeline.OperationSpec.ResourceLocator;
import dev.trent.server.protocol.ServiceModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small STS and IAM services over the real botocore models with canned handlers, written the way the real ones
 * will be (JSON shaped like the input in, JSON shaped like the output out, {@link ServiceException}s for refusals):
 * <ul>
 *   <li>STS {@code GetCallerIdentity}: the caller of the request context;</li>
 *   <li>IAM {@code ListUsers}: two users, one creation date as epoch seconds, one as ISO 8601 text, a password
 *       last used with milliseconds, tags on neither (IAM's ListUsers leaves them out);</li>
 *   <li>IAM {@code GetUser}: alice with tags; {@code nobody} is {@code NoSuchEntity} (thrown by its wire code);</li>
 *   <li>IAM {@code CreateUser} (on a worker): echoes the user and its tags; {@code alice} exists
 *       ({@code EntityAlreadyExistsException}, thrown by its shape name); {@code bug} fails unexpectedly;</li>
 *   <li>IAM {@code DeleteUser}: no output;</li>
 *   <li>every other operation of the models: listed without a handler.</li>
 * </ul>
 */
public final class QueryTestServices {
    public static final String ACCOUNT = "111122223333";
    public static final ServiceModel STS_MODEL = ServiceModel.fromResource("sts-model.json");
    public static final ServiceModel IAM_MODEL = ServiceModel.fromResource("iam-model.json");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private QueryTestServices() {}

    public static ServiceDefinition sts() {
        Map<String, OperationSpec.Handler> handlers = Map.of(
                "GetCallerIdentity",
                (ctx, in, wipe) -> JSON.objectNode()
                        .put("UserId", ctx.caller().accessKeyId())
                        .put("Account", ctx.caller().accountId())
                        .put("Arn", ctx.caller().principalArn()));
        return ServiceDefinition.query("sts", "InternalFailure", STS_MODEL, operations(STS_MODEL, "sts", handlers));
    }

    public static ServiceDefinition iam() {
        Map<String, OperationSpec.Handler> handlers = Map.of(
                "ListUsers",
                        (ctx, in, wipe) -> {
                            ObjectNode out = JSON.objectNode();
                            ArrayNode users = out.putArray("Users");
                            users.add(user("alice", "AIDAALICE").put("CreateDate", 1767323045));
                            users.add(user("bob", "AIDABOB")
                                    .put("CreateDate", "2026-01-02T03:04:05Z")
                                    .put("PasswordLastUsed", "2026-02-03T04:05:06.789Z"));
                            return out.put("IsTruncated", false);
                        },
                "GetUser",
                        (ctx, in, wipe) -> {
                            String name = in.path("UserName").asText("alice");
                            if (name.equals("nobody")) {
                                throw new ServiceException(
                                        "NoSuchEntity", 404, "The user with name nobody cannot be found.");
                            }
                            ObjectNode user =
                                    user(name, "AIDA" + name.toUpperCase()).put("CreateDate", 1767323045.25);
                            user.putArray("Tags").add(tag("team", "kms")).add(tag("env", "dev & <test>"));
                            ObjectNode out = JSON.objectNode();
                            out.set("User", user);
                            return out;
                        },
                "CreateUser",
                        (ctx, in, wipe) -> {
                            String name = in.get("UserName").asText();
                            if (name.equals("alice")) {
                                throw new ServiceException(
                                        "EntityAlreadyExistsException", 409, "User with name alice already exists.");
                            }
                            if (name.equals("bug")) throw new IllegalStateException("a bug");
                            ObjectNode user = user(name, "AIDANEW").put("CreateDate", 1767323045);
                            user.put("Path", in.path("Path").asText("/"));
                            if (in.has("Tags")) user.set("Tags", in.get("Tags"));
                            ObjectNode out = JSON.objectNode();
                            out.set("User", user);
                            return out;
                        },
                "DeleteUser", (ctx, in, wipe) -> null);
        return ServiceDefinition.query("iam", "ServiceFailure", IAM_MODEL, operations(IAM_MODEL, "iam", handlers));
    }

    private static ObjectNode user(String name, String id) {
        return JSON.objectNode()
                .put("Path", "/")
                .put("UserName", name)
                .put("UserId", id)
                .put("Arn", "arn:aws:iam::" + ACCOUNT + ":user/" + name);
    }

    private static JsonNode tag(String key, String value) {
        return JSON.objectNode().put("Key", key).put("Value", value);
    }

    /** Every operation of {@code model}; those in {@code handlers} implemented, CreateUser on a worker. */
    static Map<String, OperationSpec> operations(
            ServiceModel model, String prefix, Map<String, OperationSpec.Handler> handlers) {
        Map<String, OperationSpec> ops = new HashMap<>();
        for (String name : model.operationNames()) {
            ops.put(
                    name,
                    new OperationSpec(
                            name,
                            prefix + ":" + name,
                            name.equals("CreateUser") ? Execution.WORKER : Execution.EVENT_LOOP,
                            name,
                            name.startsWith("Get") || name.startsWith("List")
                                    ? AuditCategory.MANAGEMENT_READ
                                    : AuditCategory.MANAGEMENT_WRITE,
                            new ResourceLocator(List.of("UserName")),
                            handlers.get(name)));
        }
        return ops;
    }
}
