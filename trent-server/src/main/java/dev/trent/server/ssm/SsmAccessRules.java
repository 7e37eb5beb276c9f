package dev.trent.server.ssm;

import dev.trent.core.RequestContext;
import dev.trent.core.ssm.ParameterNames;
import dev.trent.server.access.AccessRules;
import dev.trent.server.pipeline.OperationSpec;

/**
 * Parameter Store's resources for identity-based policies: the parameter's ARN ({@code
 * arn:aws:ssm:<region>:<account>:parameter/<name>}, without a version or label selector) for the operations on one
 * parameter, the path's ARN for GetParametersByPath, the tagged parameter for the tagging operations, {@code *} for
 * DescribeParameters and the rest. GetParameters and DeleteParameters name several parameters: the service checks
 * each itself.
 */
public final class SsmAccessRules implements AccessRules {
    @Override
    public String identityResource(RequestContext ctx, OperationSpec op) {
        var r = ctx.request();
        return switch (op.name()) {
            case "GetParameters", "DeleteParameters" -> null;
            case "GetParametersByPath" -> arn(ctx, stripSlash(r.path("Path").asText("/")));
            case "AddTagsToResource", "ListTagsForResource", "RemoveTagsFromResource" ->
                "Parameter".equals(r.path("ResourceType").asText())
                        ? arn(ctx, r.path("ResourceId").asText(""))
                        : null;
            default -> {
                String name = r.path("Name").asText("");
                yield name.isEmpty() ? "*" : arn(ctx, withoutSelector(name));
            }
        };
    }

    /** The ARN policies see for a name or ARN as a request gives it. */
    static String arn(RequestContext ctx, String ref) {
        if (ref.startsWith("arn:")) return ref;
        return ParameterNames.arn(ctx.partition(), ctx.region(), ctx.accountId(), ref);
    }

    static String withoutSelector(String ref) {
        if (ref.startsWith("arn:")) {
            int at = ref.indexOf(":parameter");
            int colon = at < 0 ? -1 : ref.indexOf(':', at + 1);
            return colon < 0 ? ref : ref.substring(0, colon);
        }
        int colon = ref.indexOf(':');
        return colon < 0 ? ref : ref.substring(0, colon);
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
