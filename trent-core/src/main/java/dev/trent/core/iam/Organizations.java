package dev.trent.core.iam;

import dev.trent.core.ServiceException;
import dev.trent.core.auth.policy.PolicyDocument;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS Organizations, as far as Trent needs it to make accounts the way AWS does: CreateOrganization makes the
 * caller's account the management account of a new organization; CreateAccount (management account only) creates a
 * member account with a role ({@code OrganizationAccountAccessRole} unless named otherwise) that trusts the
 * management account ({@code arn:aws:iam::<management>:root}) and has {@code AdministratorAccess} attached, so an
 * administrator of the management account reaches the new account with {@code sts:AssumeRole}.
 *
 * <p>CreateAccount completes at once: the new account, its membership, its role and the request's status are one
 * store batch (which also rewrites the organization's record at the version read, so the quota of {@value
 * #ACCOUNTS_PER_ORGANIZATION} accounts holds across writers), and the status it returns is already {@code SUCCEEDED}
 * (or {@code FAILED} with AWS's reason: {@code EMAIL_ALREADY_EXISTS}, {@code ACCOUNT_LIMIT_EXCEEDED}).
 *
 * <p>Errors are AWS Organizations' (AWS JSON 1.1 codes, HTTP 400): {@code AWSOrganizationsNotInUseException} when
 * the caller's account is in no organization, {@code AlreadyInOrganizationException}, {@code AccessDeniedException}
 * for a member account calling what only the management account may, {@code CreateAccountStatusNotFoundException},
 * {@code AccountNotFoundException}.
 */
public final class Organizations {
    /** AWS's default quota of accounts in an organization (the management account included). */
    public static final int ACCOUNTS_PER_ORGANIZATION = 10;
    /** The role CreateAccount makes when the request names none. */
    public static final String DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole";
    /** CreateAccount statuses kept per organization (failed requests included). */
    static final int STATUSES_PER_ORGANIZATION = 1000;

    private static final char[] LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final IdentityStore identities;
    private final IamView view;
    private final Roles roles;
    private final Clock clock;
    private final SecureRandom random;

    Organizations(IdentityStore identities, IamView view, Roles roles, Clock clock, SecureRandom random) {
        this.identities = identities;
        this.view = view;
        this.roles = roles;
        this.clock = clock;
        this.random = random;
    }

    // ------------------------------------------------------------------ reads

    /** DescribeOrganization: the organization the account belongs to. */
    public Organization describe(String accountId) {
        return membership(accountId).organization;
    }

    /** DescribeCreateAccountStatus (management account only). */
    public CreateAccountStatus createAccountStatus(String accountId, String requestId) {
        Organization org = management(accountId);
        CreateAccountStatus s = view.createAccountStatuses.get(requestId);
        if (s == null || !s.organizationId().equals(org.id())) {
            throw error(
                    "CreateAccountStatusNotFoundException",
                    "We can't find an create account request with the CreateAccountRequestId that you specified.");
        }
        return s;
    }

    /** ListCreateAccountStatus (management account only): oldest first, optionally only some states. */
    public IamPage<CreateAccountStatus> listCreateAccountStatus(
            String accountId, Set<String> states, String nextToken, Integer maxResults) {
        Organization org = management(accountId);
        List<CreateAccountStatus> out = new ArrayList<>();
        for (CreateAccountStatus s : view.createAccountStatuses.values()) {
            if (s.organizationId().equals(org.id()) && (states.isEmpty() || states.contains(s.state()))) out.add(s);
        }
        out.sort(Comparator.comparing(CreateAccountStatus::requestedAt).thenComparing(CreateAccountStatus::id));
        return IamPage.of(out, s -> s.requestedAt() + "/" + s.id(), nextToken, pageSize(maxResults));
    }

    /** ListAccounts (management account only): the accounts of the organization, in the order they joined. */
    public IamPage<OrgAccount> listAccounts(String accountId, String nextToken, Integer maxResults) {
        Organization org = management(accountId);
        List<OrgAccount> out = members(org.id());
        return IamPage.of(out, a -> a.joinedAt() + "/" + a.accountId(), nextToken, pageSize(maxResults));
    }

    /** DescribeAccount (management account only). */
    public OrgAccount describeAccount(String accountId, String memberId) {
        Organization org = management(accountId);
        OrgAccount a = view.orgAccounts.get(memberId);
        if (a == null || !a.organizationId().equals(org.id())) {
            throw error(
                    "AccountNotFoundException",
                    "We can't find an AWS account with the AccountId that you specified, or the account whose"
                            + " credentials you used to make this request isn't a member of an organization.");
        }
        return a;
    }

    /** The organization of {@code memberId} as {@code org}'s management sees it (for ARNs of members). */
    public Organization organizationOf(OrgAccount a) {
        return view.organizations.get(a.organizationId());
    }

    // ------------------------------------------------------------------ writes

    /** CreateOrganization: the caller's account becomes the management account. */
    public Organization create(String accountId, String featureSet) {
        String features = featureSet == null ? "ALL" : featureSet;
        return view.write(batch -> {
            if (view.accounts.row(accountId) == null) throw IamErrors.noSuchAccount(accountId);
            if (view.orgAccounts.row(accountId) != null) {
                throw error(
                        "AlreadyInOrganizationException",
                        "This account is already a member of an organization. An account can belong to only one"
                                + " organization at a time.");
            }
            Instant now = clock.instant();
            String email = accountId + "@trent.invalid";
            Organization org =
                    new Organization("o-" + lowerAlnum(10), accountId, email, features, "r-" + lowerAlnum(4), now);
            batch.create(view.organizations, org.id(), org);
            batch.create(
                    view.orgAccounts, accountId, new OrgAccount(accountId, org.id(), accountId, email, "INVITED", now));
            return org;
        });
    }

    /** CreateAccount (management account only). */
    public CreateAccountStatus createAccount(String accountId, String email, String accountName, String roleName) {
        String role = roleName == null || roleName.isEmpty() ? DEFAULT_ROLE_NAME : roleName;
        String trustPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + accountId + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
        PolicyDocument trust = Roles.compileTrust(trustPolicy);
        return view.write(batch -> {
            Organization org = management(accountId);
            Table.Row<Organization> orgRow = view.organizations.row(org.id());
            Instant now = clock.instant();
            String requestId = "car-" + lowerAlnum(32);
            List<OrgAccount> members = members(org.id());
            long statuses = view.createAccountStatuses.values().stream()
                    .filter(s -> s.organizationId().equals(org.id()))
                    .count();
            if (statuses >= STATUSES_PER_ORGANIZATION) {
                throw error("ConstraintViolationException", "You have sent too many requests to create accounts.");
            }
            String failure = null;
            if (members.stream().anyMatch(a -> a.email().equalsIgnoreCase(email))) failure = "EMAIL_ALREADY_EXISTS";
            else if (members.size() >= ACCOUNTS_PER_ORGANIZATION) failure = "ACCOUNT_LIMIT_EXCEEDED";
            batch.touch(view.organizations, org.id(), orgRow);
            if (failure != null) {
                CreateAccountStatus failed =
                        new CreateAccountStatus(requestId, org.id(), accountName, "FAILED", now, now, null, failure);
                batch.create(view.createAccountStatuses, requestId, failed);
                return failed;
            }
            String newAccount = identities.newAccountId();
            IamRole accessRole = roles.newRole(
                    newAccount,
                    role,
                    "/",
                    trustPolicy,
                    trust,
                    null,
                    IamRole.DEFAULT_MAX_SESSION_DURATION,
                    Map.of(),
                    List.of(AwsManagedPolicies.ADMINISTRATOR_ACCESS));
            CreateAccountStatus done =
                    new CreateAccountStatus(requestId, org.id(), accountName, "SUCCEEDED", now, now, newAccount, null);
            batch.create(view.accounts, newAccount, new AccountRecord(newAccount, now));
            batch.create(
                    view.orgAccounts,
                    newAccount,
                    new OrgAccount(newAccount, org.id(), accountName, email, "CREATED", now));
            batch.create(view.roles, Iam.entityId(newAccount, role), accessRole);
            batch.create(view.createAccountStatuses, requestId, done);
            return done;
        });
    }

    // ------------------------------------------------------------------ helpers

    private record Membership(OrgAccount account, Organization organization) {}

    private Membership membership(String accountId) {
        OrgAccount a = view.orgAccounts.get(accountId);
        Organization org = a == null ? null : view.organizations.get(a.organizationId());
        if (org == null) {
            throw error("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
        }
        return new Membership(a, org);
    }

    /** The organization {@code accountId} manages, or the error AWS gives a member (or non-member) account. */
    private Organization management(String accountId) {
        Organization org = membership(accountId).organization;
        if (!org.managementAccountId().equals(accountId)) {
            throw error("AccessDeniedException", "You don't have permissions to access this resource.");
        }
        return org;
    }

    private List<OrgAccount> members(String organizationId) {
        List<OrgAccount> out = new ArrayList<>();
        for (OrgAccount a : view.orgAccounts.values()) if (a.organizationId().equals(organizationId)) out.add(a);
        out.sort(Comparator.comparing(OrgAccount::joinedAt).thenComparing(OrgAccount::accountId));
        return out;
    }

    private static int pageSize(Integer maxResults) {
        return maxResults == null ? 20 : maxResults;
    }

    private String lowerAlnum(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(LOWER_ALNUM[random.nextInt(LOWER_ALNUM.length)]);
        return sb.toString();
    }

    private static ServiceException error(String code, String message) {
        return new ServiceException(code, 400, message);
    }
}
