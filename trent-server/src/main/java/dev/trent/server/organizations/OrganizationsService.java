package dev.trent.server.organizations;

import static dev.trent.server.iam.IamJson.integer;
import static dev.trent.server.iam.IamJson.obj;
import static dev.trent.server.iam.IamJson.str;
import static dev.trent.server.iam.IamJson.strings;
import static dev.trent.server.iam.IamJson.time;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.iam.CreateAccountStatus;
import dev.trent.core.iam.IamPage;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.iam.OrgAccount;
import dev.trent.core.iam.Organization;
import dev.trent.core.iam.Organizations;
import dev.trent.server.iam.OperationTable;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * AWS Organizations as a service of the registry: AWS JSON 1.1, target prefix {@code AWSOrganizationsV20161128},
 * SigV4 signing name {@code organizations}, internal failures as {@code ServiceException}, actions {@code
 * organizations:<Operation>}. The operations are {@link Organizations}'.
 */
public final class OrganizationsService {
    public static final String SIGNING_NAME = "organizations";
    public static final String TARGET_PREFIX = "AWSOrganizationsV20161128";
    public static final String INTERNAL_ERROR = "ServiceException";
    static final List<String> RESOURCE_MEMBERS = List.of("AccountId", "CreateAccountRequestId");

    private OrganizationsService() {}

    /** The handlers, by operation name (tests call them directly). */
    public static OperationTable handlers(IdentityStore ids) {
        Organizations orgs = ids.organizations();
        OperationTable t = new OperationTable("organizations");
        t.write("CreateOrganization", (c, in) -> {
            Organization org = orgs.create(c.accountId(), str(in, "FeatureSet"));
            return one("Organization", organization(org));
        });
        t.read("DescribeOrganization", (c, in) -> one("Organization", organization(orgs.describe(c.accountId()))));
        t.write("CreateAccount", (c, in) -> {
            CreateAccountStatus s =
                    orgs.createAccount(c.accountId(), str(in, "Email"), str(in, "AccountName"), str(in, "RoleName"));
            return one("CreateAccountStatus", status(s));
        });
        t.read(
                "DescribeCreateAccountStatus",
                (c, in) -> one(
                        "CreateAccountStatus",
                        status(orgs.createAccountStatus(c.accountId(), str(in, "CreateAccountRequestId")))));
        t.read("ListCreateAccountStatus", (c, in) -> {
            IamPage<CreateAccountStatus> page = orgs.listCreateAccountStatus(
                    c.accountId(),
                    new HashSet<>(strings(in, "States")),
                    str(in, "NextToken"),
                    integer(in, "MaxResults"));
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("CreateAccountStatuses");
            for (CreateAccountStatus s : page.items()) arr.add(status(s));
            if (page.truncated()) out.put("NextToken", page.marker());
            return out;
        });
        t.read("ListAccounts", (c, in) -> {
            IamPage<OrgAccount> page =
                    orgs.listAccounts(c.accountId(), str(in, "NextToken"), integer(in, "MaxResults"));
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("Accounts");
            for (OrgAccount a : page.items()) arr.add(account(orgs, a));
            if (page.truncated()) out.put("NextToken", page.marker());
            return out;
        });
        t.read(
                "DescribeAccount",
                (c, in) -> one("Account", account(orgs, orgs.describeAccount(c.accountId(), str(in, "AccountId")))));
        return t;
    }

    /** Organizations as a registry entry, over the botocore model {@code organizations-model.json}. */
    public static ServiceDefinition definition(IdentityStore ids) {
        ServiceModel model = ServiceModel.fromResource("organizations-model.json");
        return new ServiceDefinition(
                SIGNING_NAME,
                TARGET_PREFIX,
                INTERNAL_ERROR,
                model,
                new RequestValidator(model),
                operations(model, ids));
    }

    public static Map<String, OperationSpec> operations(ServiceModel model, IdentityStore ids) {
        return handlers(ids).specs(model, RESOURCE_MEMBERS);
    }

    private static ObjectNode one(String name, ObjectNode value) {
        ObjectNode out = obj();
        out.set(name, value);
        return out;
    }

    static ObjectNode organization(Organization org) {
        ObjectNode o = obj().put("Id", org.id())
                .put("Arn", org.arn())
                .put("FeatureSet", org.featureSet())
                .put("MasterAccountArn", org.accountArn(org.managementAccountId()))
                .put("MasterAccountId", org.managementAccountId())
                .put("MasterAccountEmail", org.managementEmail());
        o.putArray("AvailablePolicyTypes");
        return o;
    }

    static ObjectNode status(CreateAccountStatus s) {
        ObjectNode o =
                obj().put("Id", s.id()).put("AccountName", s.accountName()).put("State", s.state());
        o.set("RequestedTimestamp", time(s.requestedAt()));
        if (s.completedAt() != null) o.set("CompletedTimestamp", time(s.completedAt()));
        if (s.accountId() != null) o.put("AccountId", s.accountId());
        if (s.failureReason() != null) o.put("FailureReason", s.failureReason());
        return o;
    }

    static ObjectNode account(Organizations orgs, OrgAccount a) {
        Organization org = orgs.organizationOf(a);
        ObjectNode o = obj().put("Id", a.accountId())
                .put("Arn", org.accountArn(a.accountId()))
                .put("Email", a.email())
                .put("Name", a.name())
                .put("Status", "ACTIVE")
                .put("State", "ACTIVE")
                .put("JoinedMethod", a.joinedMethod());
        o.set("JoinedTimestamp", time(a.joinedAt()));
        return o;
    }
}
