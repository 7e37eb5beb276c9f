package dev.trent.server.iam;

import dev.trent.core.iam.IdentityStore;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.protocol.ServiceModel;
import java.util.List;
import java.util.Map;

/**
 * AWS IAM as a service of the registry: the AWS Query protocol (botocore's {@code iam} model), SigV4 signing name
 * {@code iam}, internal failures as {@code ServiceFailure}, IAM actions {@code iam:<Operation>}. The handlers are
 * {@link IamApi}'s; the identities are the {@link IdentityStore}'s.
 */
public final class IamService {
    public static final String SIGNING_NAME = "iam";
    public static final String INTERNAL_ERROR = "ServiceFailure";
    /** Request members that name the resources an IAM operation touches. */
    static final List<String> RESOURCE_MEMBERS = List.of("UserName", "RoleName", "PolicyArn", "AccessKeyId");

    private IamService() {}

    /** The handlers, by operation name (tests call them directly). */
    public static OperationTable handlers(IdentityStore ids) {
        OperationTable t = new OperationTable("iam");
        new IamApi(ids).register(t);
        return t;
    }

    /** IAM as a registry entry, over the botocore model {@code iam-model.json}. */
    public static ServiceDefinition definition(IdentityStore ids) {
        ServiceModel model = ServiceModel.fromResource("iam-model.json");
        return ServiceDefinition.query(SIGNING_NAME, INTERNAL_ERROR, model, operations(model, ids));
    }

    /** The operation table of IAM's model. */
    public static Map<String, OperationSpec> operations(ServiceModel model, IdentityStore ids) {
        return handlers(ids).specs(model, RESOURCE_MEMBERS);
    }
}
