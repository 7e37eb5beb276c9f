package dev.trent.server.sts;

import static dev.trent.server.iam.IamJson.integer;
import static dev.trent.server.iam.IamJson.obj;
import static dev.trent.server.iam.IamJson.str;
import static dev.trent.server.iam.IamJson.strings;
import static dev.trent.server.iam.IamJson.tags;
import static dev.trent.server.iam.IamJson.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.iam.RoleSession;
import dev.trent.core.iam.RoleSessions;
import dev.trent.server.iam.OperationTable;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.protocol.ServiceModel;
import java.util.List;
import java.util.Map;

/**
 * AWS STS as a service of the registry: the AWS Query protocol (botocore's {@code sts} model), SigV4 signing name
 * {@code sts}, internal failures as {@code InternalFailure}, actions {@code sts:<Operation>}. GetCallerIdentity says
 * who signed (it needs no permission, as on AWS); AssumeRole is {@link RoleSessions#assumeRole}. The temporary
 * credentials it returns hold a session token: a secret, never logged.
 */
public final class StsService {
    public static final String SIGNING_NAME = "sts";
    public static final String INTERNAL_ERROR = "InternalFailure";
    static final List<String> RESOURCE_MEMBERS = List.of("RoleArn");

    private StsService() {}

    /** The handlers, by operation name (tests call them directly). */
    public static OperationTable handlers(IdentityStore ids) {
        OperationTable t = new OperationTable("sts");
        t.read("GetCallerIdentity", StsService::callerIdentity);
        // a worker: the first AssumeRole of a Trent writes the session-token key to the store
        t.write("AssumeRole", (c, in) -> assumeRole(ids.sessions(), c, in));
        return t;
    }

    /** STS as a registry entry, over the botocore model {@code sts-model.json}. */
    public static ServiceDefinition definition(IdentityStore ids) {
        ServiceModel model = ServiceModel.fromResource("sts-model.json");
        return ServiceDefinition.query(SIGNING_NAME, INTERNAL_ERROR, model, operations(model, ids));
    }

    public static Map<String, OperationSpec> operations(ServiceModel model, IdentityStore ids) {
        return handlers(ids).specs(model, RESOURCE_MEMBERS);
    }

    static ObjectNode callerIdentity(RequestContext c, JsonNode in) {
        Caller caller = c.caller();
        return obj().put("UserId", caller.principalId())
                .put("Account", caller.accountId())
                .put("Arn", caller.principalArn());
    }

    static ObjectNode assumeRole(RoleSessions sessions, RequestContext c, JsonNode in) {
        boolean sessionPolicy = str(in, "Policy") != null
                || (in.has("PolicyArns")
                        && in.get("PolicyArns").isArray()
                        && !in.get("PolicyArns").isEmpty());
        RoleSessions.AssumeRoleResult r = sessions.assumeRole(
                c,
                new RoleSessions.AssumeRoleRequest(
                        str(in, "RoleArn"),
                        str(in, "RoleSessionName"),
                        integer(in, "DurationSeconds"),
                        str(in, "ExternalId"),
                        tags(in, "Tags"),
                        strings(in, "TransitiveTagKeys"),
                        str(in, "SourceIdentity"),
                        sessionPolicy));
        RoleSession s = r.session();
        ObjectNode out = obj();
        ObjectNode credentials = out.putObject("Credentials")
                .put("AccessKeyId", s.accessKeyId())
                .put("SecretAccessKey", s.secretAccessKey())
                .put("SessionToken", r.sessionToken());
        credentials.set("Expiration", time(s.expiresAt()));
        out.putObject("AssumedRoleUser").put("AssumedRoleId", s.assumedRoleId()).put("Arn", s.assumedRoleArn());
        if (r.packedPolicySize() != null) out.put("PackedPolicySize", r.packedPolicySize());
        if (s.sourceIdentity() != null) out.put("SourceIdentity", s.sourceIdentity());
        return out;
    }
}
