package dev.trent.server.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.store.InMemoryStore;
import dev.trent.server.iam.OperationTable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Organizations' handlers, JSON in and out (AWS JSON 1.1 shapes). */
class OrganizationsServiceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MANAGEMENT = "111122223333";

    private final IdentityStore ids = new IdentityStore(new InMemoryStore(), Clock.systemUTC(), new SecureRandom());
    private final OperationTable orgs = OrganizationsService.handlers(ids);

    OrganizationsServiceTest() {
        ids.createAccount(MANAGEMENT);
    }

    JsonNode call(String account, String op, String json) throws Exception {
        Caller caller = new Caller(account, "us-east-1", IdentityStore.rootArn(account), "AKIAX");
        RequestContext ctx = RequestContext.internal(caller, Instant.now()).withRequest(op, JSON.readTree(json));
        return orgs.handler(op).handle(ctx, ctx.request(), new ArrayList<>());
    }

    @Test
    void organizationAccountsAndStatusesOnTheWire() throws Exception {
        assertThatThrownBy(() -> call(MANAGEMENT, "DescribeOrganization", "{}"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("AWSOrganizationsNotInUseException");
                    assertThat(e.httpStatus()).isEqualTo(400);
                });
        JsonNode org = call(MANAGEMENT, "CreateOrganization", "{}").get("Organization");
        assertThat(org.get("Id").asText()).matches("o-[a-z0-9]{10}");
        assertThat(org.get("FeatureSet").asText()).isEqualTo("ALL");
        assertThat(org.get("MasterAccountId").asText()).isEqualTo(MANAGEMENT);
        assertThat(org.get("MasterAccountArn").asText())
                .isEqualTo("arn:aws:organizations::111122223333:account/"
                        + org.get("Id").asText() + "/" + MANAGEMENT);
        assertThat(org.get("MasterAccountEmail").asText()).contains("@");

        JsonNode status = call(MANAGEMENT, "CreateAccount", "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\"}")
                .get("CreateAccountStatus");
        assertThat(status.get("Id").asText()).startsWith("car-");
        assertThat(status.get("State").asText()).isEqualTo("SUCCEEDED");
        String member = status.get("AccountId").asText();
        assertThat(call(
                                MANAGEMENT,
                                "DescribeCreateAccountStatus",
                                "{\"CreateAccountRequestId\":\""
                                        + status.get("Id").asText() + "\"}")
                        .get("CreateAccountStatus")
                        .get("AccountId")
                        .asText())
                .isEqualTo(member);
        JsonNode accounts = call(MANAGEMENT, "ListAccounts", "{}").get("Accounts");
        assertThat(accounts).extracting(a -> a.get("Id").asText()).containsExactlyInAnyOrder(MANAGEMENT, member);
        JsonNode acc = call(MANAGEMENT, "DescribeAccount", "{\"AccountId\":\"" + member + "\"}")
                .get("Account");
        assertThat(acc.get("Name").asText()).isEqualTo("dev");
        assertThat(acc.get("Status").asText()).isEqualTo("ACTIVE");
        assertThat(acc.get("JoinedMethod").asText()).isEqualTo("CREATED");
        assertThat(acc.get("JoinedTimestamp").isNumber()).isTrue();
        assertThat(call(MANAGEMENT, "ListCreateAccountStatus", "{\"States\":[\"FAILED\"]}")
                        .get("CreateAccountStatuses"))
                .isEmpty();
        assertThat(call(member, "DescribeOrganization", "{}")
                        .get("Organization")
                        .get("Id"))
                .isEqualTo(org.get("Id"));
        assertThatThrownBy(() -> call(member, "ListAccounts", "{}"))
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.errorCode()).isEqualTo("AccessDeniedException"));
        assertThat(ids.roles().get(member, "OrganizationAccountAccessRole").attachedPolicies())
                .containsExactly("arn:aws:iam::aws:policy/AdministratorAccess");
    }
}
