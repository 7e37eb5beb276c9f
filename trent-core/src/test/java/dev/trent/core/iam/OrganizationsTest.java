package dev.trent.core.iam;

import static dev.trent.core.iam.IamModelTest.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.trent.core.store.InMemoryStore;
import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Organizations: the management account, member accounts with their access role, and the errors AWS gives. */
class OrganizationsTest {
    static final String MANAGEMENT = "111122223333";
    static final String LONER = "999988887777";

    private final InMemoryStore store = new InMemoryStore();
    private final IdentityStoreTest.TestClock clock = new IdentityStoreTest.TestClock();

    private IdentityStore identities() {
        IdentityStore ids = new IdentityStore(store, clock, new SecureRandom());
        ids.createAccount(MANAGEMENT);
        ids.createAccount(LONER);
        return ids;
    }

    @Test
    void createOrganizationMakesTheCallerTheManagementAccount() {
        IdentityStore ids = identities();
        fails(
                () -> ids.organizations().describe(MANAGEMENT),
                "AWSOrganizationsNotInUseException",
                400,
                "Your account is not a member of an organization.");
        Organization org = ids.organizations().create(MANAGEMENT, null);
        assertThat(org.id()).matches("o-[a-z0-9]{10}");
        assertThat(org.rootId()).matches("r-[a-z0-9]{4}");
        assertThat(org.featureSet()).isEqualTo("ALL");
        assertThat(org.arn()).isEqualTo("arn:aws:organizations::111122223333:organization/" + org.id());
        assertThat(ids.organizations().describe(MANAGEMENT)).isEqualTo(org);
        fails(
                () -> ids.organizations().create(MANAGEMENT, "ALL"),
                "AlreadyInOrganizationException",
                400,
                "This account is already a member of an organization. An account can belong to only one organization"
                        + " at a time.");
        assertThat(ids.organizations().listAccounts(MANAGEMENT, null, null).items())
                .extracting(OrgAccount::accountId, OrgAccount::joinedMethod)
                .containsExactly(tuple(MANAGEMENT, "INVITED"));
    }

    @Test
    void createAccountMakesAMemberWithAnAccessRoleTrustingTheManagementAccount() {
        IdentityStore ids = identities();
        Organization org = ids.organizations().create(MANAGEMENT, null);
        CreateAccountStatus s = ids.organizations().createAccount(MANAGEMENT, "dev@example.com", "dev", null);
        assertThat(s.id()).matches("car-[a-z0-9]{32}");
        assertThat(s.state()).isEqualTo("SUCCEEDED");
        assertThat(s.accountId()).matches("[1-9][0-9]{11}");
        assertThat(ids.hasAccount(s.accountId())).isTrue();
        assertThat(ids.organizations().createAccountStatus(MANAGEMENT, s.id())).isEqualTo(s);
        IamRole role = ids.roles().get(s.accountId(), "OrganizationAccountAccessRole");
        assertThat(role.trustPolicy())
                .contains("\"arn:aws:iam::111122223333:root\"")
                .contains("sts:AssumeRole");
        assertThat(role.attachedPolicies()).containsExactly("arn:aws:iam::aws:policy/AdministratorAccess");
        assertThat(ids.directory().identityPolicies(role.arn()))
                .extracting(p -> p.source())
                .containsExactly("arn:aws:iam::aws:policy/AdministratorAccess");
        OrgAccount member = ids.organizations().describeAccount(MANAGEMENT, s.accountId());
        assertThat(member.name()).isEqualTo("dev");
        assertThat(member.email()).isEqualTo("dev@example.com");
        assertThat(member.joinedMethod()).isEqualTo("CREATED");
        assertThat(org.accountArn(s.accountId()))
                .isEqualTo("arn:aws:organizations::111122223333:account/" + org.id() + "/" + s.accountId());
        // members see the organization but may not manage it
        assertThat(ids.organizations().describe(s.accountId())).isEqualTo(org);
        fails(
                () -> ids.organizations().createAccount(s.accountId(), "x@example.com", "x", null),
                "AccessDeniedException",
                400,
                "You don't have permissions to access this resource.");
        fails(
                () -> ids.organizations().listAccounts(s.accountId(), null, null),
                "AccessDeniedException",
                400,
                "You don't have permissions to access this resource.");
        fails(
                () -> ids.organizations().create(s.accountId(), null),
                "AlreadyInOrganizationException",
                400,
                "This account is already a member of an organization. An account can belong to only one organization"
                        + " at a time.");
        // another role name
        CreateAccountStatus named = ids.organizations().createAccount(MANAGEMENT, "ops@example.com", "ops", "Admin");
        assertThat(ids.roles().get(named.accountId(), "Admin")).isNotNull();
        // survives a restart
        IdentityStore again = new IdentityStore(store, clock, new SecureRandom());
        assertThat(again.organizations().listAccounts(MANAGEMENT, null, null).items())
                .hasSize(3);
        assertThat(again.roles()
                        .get(s.accountId(), "OrganizationAccountAccessRole")
                        .roleId())
                .isEqualTo(role.roleId());
    }

    @Test
    void failedRequestsAreRecordedWithAwsReasons() {
        IdentityStore ids = identities();
        ids.organizations().create(MANAGEMENT, null);
        ids.organizations().createAccount(MANAGEMENT, "dev@example.com", "dev", null);
        CreateAccountStatus dup = ids.organizations().createAccount(MANAGEMENT, "DEV@example.com", "dev2", null);
        assertThat(dup.state()).isEqualTo("FAILED");
        assertThat(dup.failureReason()).isEqualTo("EMAIL_ALREADY_EXISTS");
        assertThat(dup.accountId()).isNull();
        for (int i = 3; i <= Organizations.ACCOUNTS_PER_ORGANIZATION; i++) {
            assertThat(ids.organizations()
                            .createAccount(MANAGEMENT, "a" + i + "@example.com", "a" + i, null)
                            .state())
                    .isEqualTo("SUCCEEDED");
        }
        CreateAccountStatus full = ids.organizations().createAccount(MANAGEMENT, "z@example.com", "z", null);
        assertThat(full.failureReason()).isEqualTo("ACCOUNT_LIMIT_EXCEEDED");
        assertThat(ids.organizations()
                        .listCreateAccountStatus(MANAGEMENT, Set.of("FAILED"), null, null)
                        .items())
                .containsExactlyInAnyOrder(dup, full);
        assertThat(ids.organizations().listAccounts(MANAGEMENT, null, 20).items())
                .hasSize(Organizations.ACCOUNTS_PER_ORGANIZATION);
        fails(
                () -> ids.organizations().createAccountStatus(MANAGEMENT, "car-00000000000000000000000000000000"),
                "CreateAccountStatusNotFoundException",
                400,
                "We can't find an create account request with the CreateAccountRequestId that you specified.");
        fails(
                () -> ids.organizations().describeAccount(MANAGEMENT, LONER),
                "AccountNotFoundException",
                400,
                "We can't find an AWS account with the AccountId that you specified, or the account whose"
                        + " credentials you used to make this request isn't a member of an organization.");
        fails(
                () -> ids.organizations().createAccount(LONER, "y@example.com", "y", null),
                "AWSOrganizationsNotInUseException",
                400,
                "Your account is not a member of an organization.");
    }
}
