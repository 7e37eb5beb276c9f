package dev.trent.core.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.Caller;
import dev.trent.core.ServiceException;
import dev.trent.core.store.InMemoryStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Users, roles, managed policies, inline policies, attachments, tags and IAM access keys in the identity model. */
class IamModelTest {
    static final String ACCOUNT = "111122223333";
    static final String OTHER = "444455556666";
    static final String ALLOW_KMS =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final InMemoryStore store = new InMemoryStore();
    private final IdentityStoreTest.TestClock clock = new IdentityStoreTest.TestClock();

    private IdentityStore identities() {
        IdentityStore ids = new IdentityStore(store, clock, new SecureRandom());
        ids.createAccount(ACCOUNT);
        return ids;
    }

    static void fails(ThrowingCallable call, String code, int status, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(code);
                    assertThat(e.httpStatus()).isEqualTo(status);
                })
                .hasMessage(message);
    }

    private static Map.Entry<String, String> tag(String k, String v) {
        return Map.entry(k, v);
    }

    @Test
    void usersAreCreatedWithIamIdsAndArnsAndNamesAreUniqueCaseInsensitively() {
        IdentityStore ids = identities();
        IamUser alice = ids.users().create(ACCOUNT, "Alice", "/eng/", List.of(tag("team", "kms")));
        assertThat(alice.userId()).startsWith("AIDA").hasSize(21).matches("[A-Z2-7]+");
        assertThat(alice.arn()).isEqualTo("arn:aws:iam::111122223333:user/eng/Alice");
        assertThat(alice.createDate()).isEqualTo(clock.instant());
        assertThat(alice.tags()).containsExactly(Map.entry("team", "kms"));
        assertThat(ids.users().get(ACCOUNT, "alice")).isEqualTo(alice);
        fails(
                () -> ids.users().create(ACCOUNT, "ALICE", null, List.of()),
                "EntityAlreadyExists",
                409,
                "User with name ALICE already exists.");
        fails(() -> ids.users().get(ACCOUNT, "bob"), "NoSuchEntity", 404, "The user with name bob cannot be found.");
        fails(() -> ids.users().get(OTHER, "Alice"), "NoSuchEntity", 404, "The user with name Alice cannot be found.");
        assertThat(ids.userByArn(alice.arn())).contains(alice);
    }

    @Test
    void listUsersPagesByNameAndFiltersByPath() {
        IdentityStore ids = identities();
        for (String n : List.of("carol", "Bob", "alice", "dave")) {
            ids.users().create(ACCOUNT, n, n.equals("dave") ? "/ops/" : "/", List.of());
        }
        IamPage<IamUser> first = ids.users().list(ACCOUNT, null, null, 2);
        assertThat(first.items()).extracting(IamUser::name).containsExactly("alice", "Bob");
        assertThat(first.truncated()).isTrue();
        IamPage<IamUser> second = ids.users().list(ACCOUNT, null, first.marker(), 2);
        assertThat(second.items()).extracting(IamUser::name).containsExactly("carol", "dave");
        assertThat(second.truncated()).isFalse();
        assertThat(ids.users().list(ACCOUNT, "/ops/", null, null).items())
                .extracting(IamUser::name)
                .containsExactly("dave");
        fails(() -> ids.users().list(ACCOUNT, null, "!!", null), "InvalidInput", 400, "Invalid Marker.");
    }

    @Test
    void deleteUserIsRefusedWhileItHasAccessKeysOrPolicies() {
        IdentityStore ids = identities();
        IamUser u = ids.users().create(ACCOUNT, "alice", null, List.of());
        AccessKey k = ids.createAccessKey(u.arn());
        assertThat(k.principalArn()).isEqualTo(u.arn());
        assertThat(k.userName()).isEqualTo("alice");
        fails(
                () -> ids.users().delete(ACCOUNT, "alice"),
                "DeleteConflict",
                409,
                "Cannot delete entity, must delete access keys first.");
        ids.deleteAccessKey(k.accessKeyId());
        ids.users().putPolicy(ACCOUNT, "alice", "kms", ALLOW_KMS);
        fails(
                () -> ids.users().delete(ACCOUNT, "alice"),
                "DeleteConflict",
                409,
                "Cannot delete entity, must delete policies first.");
        ids.users().deletePolicy(ACCOUNT, "alice", "kms");
        ids.users().attachPolicy(ACCOUNT, "alice", "arn:aws:iam::aws:policy/AdministratorAccess");
        fails(
                () -> ids.users().delete(ACCOUNT, "alice"),
                "DeleteConflict",
                409,
                "Cannot delete entity, must detach all policies first.");
        ids.users().detachPolicy(ACCOUNT, "alice", "arn:aws:iam::aws:policy/AdministratorAccess");
        ids.users().delete(ACCOUNT, "alice");
        assertThat(ids.userByArn(u.arn())).isEmpty();
        assertThat(store.scan("iam/users/")).isEmpty();
    }

    @Test
    void inlinePoliciesCountAgainstTheAggregateSizeQuotaWithoutWhiteSpace() {
        IdentityStore ids = identities();
        ids.users().create(ACCOUNT, "alice", null, List.of());
        ids.roles().create(ACCOUNT, "app", null, TRUST, null, null, List.of());
        String padded = ALLOW_KMS.replace(",", " ,\n   ");
        ids.users().putPolicy(ACCOUNT, "alice", "a", padded);
        assertThat(ids.users().getPolicy(ACCOUNT, "alice", "a").document()).isEqualTo(padded);
        // 2048 non-white-space characters in total: a Sid that fills the rest
        int used = Iam.policySize(ALLOW_KMS);
        String big = bigPolicy(Users.INLINE_POLICY_SIZE - used + 1);
        fails(
                () -> ids.users().putPolicy(ACCOUNT, "alice", "b", big),
                "LimitExceeded",
                409,
                "Maximum policy size of 2048 bytes exceeded for user alice");
        ids.users().putPolicy(ACCOUNT, "alice", "b", bigPolicy(Users.INLINE_POLICY_SIZE - used));
        // replacing a policy counts its new size only
        ids.users().putPolicy(ACCOUNT, "alice", "b", bigPolicy(Users.INLINE_POLICY_SIZE - used));
        assertThat(ids.users().listPolicies(ACCOUNT, "alice", null, null).items())
                .containsExactly("a", "b");
        fails(
                () -> ids.users().getPolicy(ACCOUNT, "alice", "c"),
                "NoSuchEntity",
                404,
                "The user policy with name c cannot be found.");
        fails(
                () -> ids.roles().deletePolicy(ACCOUNT, "app", "c"),
                "NoSuchEntity",
                404,
                "The role policy with name c cannot be found.");
        // a role has 10240
        ids.roles().putPolicy(ACCOUNT, "app", "big", bigPolicy(Roles.INLINE_POLICY_SIZE));
        fails(
                () -> ids.roles().putPolicy(ACCOUNT, "app", "more", ALLOW_KMS),
                "LimitExceeded",
                409,
                "Maximum policy size of 10240 bytes exceeded for role app");
    }

    /** A valid identity policy of exactly {@code size} non-white-space characters. */
    static String bigPolicy(int size) {
        String head = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"";
        String tail = "\",\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
        int fill = size - head.length() - tail.length();
        assertThat(fill).isPositive();
        return head + "S".repeat(fill) + tail;
    }

    @Test
    void managedPoliciesCanBeAttachedUpToTenAndNotDeletedWhileAttached() {
        IdentityStore ids = identities();
        ids.users().create(ACCOUNT, "alice", null, List.of());
        ManagedPolicy p = ids.policies().create(ACCOUNT, "Kms", "/app/", ALLOW_KMS, "use keys", List.of());
        assertThat(p.arn()).isEqualTo("arn:aws:iam::111122223333:policy/app/Kms");
        assertThat(p.policyId()).startsWith("ANPA").hasSize(21);
        assertThat(p.defaultVersionId()).isEqualTo("v1");
        fails(
                () -> ids.policies().create(ACCOUNT, "kms", null, ALLOW_KMS, null, List.of()),
                "EntityAlreadyExists",
                409,
                "A policy called kms already exists. Duplicate names are not allowed.");
        fails(
                () -> ids.policies().create(ACCOUNT, "huge", null, bigPolicy(6145), null, List.of()),
                "LimitExceeded",
                409,
                "Cannot exceed quota for PolicySize: 6144");
        ids.users().attachPolicy(ACCOUNT, "alice", p.arn());
        ids.users().attachPolicy(ACCOUNT, "alice", p.arn()); // again: no change
        assertThat(ids.users().get(ACCOUNT, "alice").attachedPolicies()).containsExactly(p.arn());
        assertThat(ids.policies().attachmentCount(ACCOUNT, p.arn())).isEqualTo(1);
        fails(
                () -> ids.policies().delete(ACCOUNT, p.arn()),
                "DeleteConflict",
                409,
                "Cannot delete a policy attached to entities.");
        fails(
                () -> ids.users().attachPolicy(ACCOUNT, "alice", "arn:aws:iam::111122223333:policy/nope"),
                "NoSuchEntity",
                404,
                "Policy arn:aws:iam::111122223333:policy/nope does not exist or is not attachable.");
        fails(
                () -> ids.users().attachPolicy(ACCOUNT, "alice", "arn:aws:iam::111122223333:policy/Kms"),
                "NoSuchEntity",
                404,
                "Policy arn:aws:iam::111122223333:policy/Kms does not exist or is not attachable.");
        fails(
                () -> ids.users().attachPolicy(ACCOUNT, "alice", "not-an-arn-at-all-really"),
                "InvalidInput",
                400,
                "ARN not-an-arn-at-all-really is not valid.");
        fails(
                () -> ids.users().detachPolicy(ACCOUNT, "alice", "arn:aws:iam::aws:policy/AdministratorAccess"),
                "NoSuchEntity",
                404,
                "Policy arn:aws:iam::aws:policy/AdministratorAccess was not found.");
        for (int i = 1; i < Entities.ATTACHED_POLICIES; i++) {
            ManagedPolicy more = ids.policies().create(ACCOUNT, "p" + i, null, ALLOW_KMS, null, List.of());
            ids.users().attachPolicy(ACCOUNT, "alice", more.arn());
        }
        fails(
                () -> ids.users().attachPolicy(ACCOUNT, "alice", "arn:aws:iam::aws:policy/AdministratorAccess"),
                "LimitExceeded",
                409,
                "Cannot exceed quota for PoliciesPerUser: 10");
        assertThat(ids.users().listAttached(ACCOUNT, "alice", null, null, 3).items())
                .extracting(ManagedPolicy::name)
                .containsExactly("Kms", "p1", "p2");
        ids.users().detachPolicy(ACCOUNT, "alice", p.arn());
        ids.policies().delete(ACCOUNT, p.arn());
        fails(
                () -> ids.policies().get(ACCOUNT, p.arn()),
                "NoSuchEntity",
                404,
                "Policy arn:aws:iam::111122223333:policy/app/Kms was not found.");
    }

    @Test
    void awsManagedPoliciesAreInEveryAccountsViewAndListedByScope() {
        IdentityStore ids = identities();
        ids.createAccount(OTHER);
        ids.policies().create(ACCOUNT, "Mine", null, ALLOW_KMS, null, List.of());
        ManagedPolicy admin = ids.policies().get(OTHER, "arn:aws:iam::aws:policy/AdministratorAccess");
        assertThat(admin.policyId()).isEqualTo("ANPAIWMBCKSKIEE64ZLYK");
        assertThat(admin.awsManaged()).isTrue();
        assertThat(ids.policies()
                        .get(ACCOUNT, "arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser")
                        .defaultVersionId())
                .isEqualTo("v2");
        assertThat(ids.policies()
                        .list(ACCOUNT, ManagedPolicies.Scope.LOCAL, false, null, null, null)
                        .items())
                .extracting(ManagedPolicy::name)
                .containsExactly("Mine");
        assertThat(ids.policies()
                        .list(OTHER, ManagedPolicies.Scope.LOCAL, false, null, null, null)
                        .items())
                .isEmpty();
        assertThat(ids.policies()
                        .list(ACCOUNT, ManagedPolicies.Scope.ALL, false, null, null, null)
                        .items())
                .extracting(ManagedPolicy::name)
                .containsExactly("AdministratorAccess", "AWSKeyManagementServicePowerUser", "Mine");
        // another account's customer managed policy cannot be read
        fails(
                () -> ids.policies().get(OTHER, "arn:aws:iam::111122223333:policy/Mine"),
                "NoSuchEntity",
                404,
                "Policy arn:aws:iam::111122223333:policy/Mine was not found.");
        fails(
                () -> ids.policies().delete(ACCOUNT, "arn:aws:iam::aws:policy/AdministratorAccess"),
                "InvalidInput",
                400,
                "The AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess cannot be changed.");
    }

    @Test
    void policyVersionsAreCreatedMadeDefaultAndDeleted() {
        IdentityStore ids = identities();
        ManagedPolicy p = ids.policies().create(ACCOUNT, "Kms", null, ALLOW_KMS, null, List.of());
        ids.policies().createVersion(ACCOUNT, p.arn(), bigPolicy(200), false);
        ids.policies().createVersion(ACCOUNT, p.arn(), bigPolicy(300), true);
        assertThat(ids.policies().get(ACCOUNT, p.arn()).defaultVersionId()).isEqualTo("v3");
        assertThat(ids.policies().versions(ACCOUNT, p.arn(), null, null).items())
                .extracting(ManagedPolicy.PolicyVersion::versionId)
                .containsExactly("v3", "v2", "v1");
        fails(
                () -> ids.policies().deleteVersion(ACCOUNT, p.arn(), "v3"),
                "DeleteConflict",
                409,
                "Cannot delete the default version of a policy.");
        ids.policies().deleteVersion(ACCOUNT, p.arn(), "v1");
        ids.policies().createVersion(ACCOUNT, p.arn(), ALLOW_KMS, false);
        ids.policies().createVersion(ACCOUNT, p.arn(), ALLOW_KMS, false);
        ids.policies().createVersion(ACCOUNT, p.arn(), ALLOW_KMS, false);
        fails(
                () -> ids.policies().createVersion(ACCOUNT, p.arn(), ALLOW_KMS, false),
                "LimitExceeded",
                409,
                "A managed policy can have up to 5 versions. Before you create a new version, you must delete an"
                        + " existing version.");
        ids.policies().setDefaultVersion(ACCOUNT, p.arn(), "v6");
        assertThat(ids.policies().version(ACCOUNT, p.arn(), "v6").document()).isEqualTo(ALLOW_KMS);
        fails(
                () -> ids.policies().version(ACCOUNT, p.arn(), "v1"),
                "NoSuchEntity",
                404,
                "Policy arn:aws:iam::111122223333:policy/Kms version v1 does not exist or is not attachable.");
    }

    @Test
    void rolesHaveTrustPoliciesWithinTheirQuotaAndSessionDurations() {
        IdentityStore ids = identities();
        IamRole r = ids.roles().create(ACCOUNT, "App", "/svc/", TRUST, "the app", 7200, List.of(tag("env", "ci")));
        assertThat(r.roleId()).startsWith("AROA").hasSize(21);
        assertThat(r.arn()).isEqualTo("arn:aws:iam::111122223333:role/svc/App");
        assertThat(r.maxSessionDuration()).isEqualTo(7200);
        assertThat(ids.roles()
                        .create(ACCOUNT, "Other", null, TRUST, null, null, List.of())
                        .maxSessionDuration())
                .isEqualTo(3600);
        fails(
                () -> ids.roles().create(ACCOUNT, "app", null, TRUST, null, null, List.of()),
                "EntityAlreadyExists",
                409,
                "Role with name app already exists.");
        fails(
                () -> ids.roles().create(ACCOUNT, "Long", null, TRUST, null, 43201, List.of()),
                "ValidationError",
                400,
                "1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy"
                        + " constraint: Member must have value less than or equal to 43200");
        String bigTrust = TRUST.replace("\"Effect\"", "\"Sid\":\"" + "S".repeat(2048) + "\",\"Effect\"");
        fails(
                () -> ids.roles().create(ACCOUNT, "Big", null, bigTrust, null, null, List.of()),
                "LimitExceeded",
                409,
                "Cannot exceed quota for ACLSizePerRole: 2048");
        String newTrust = TRUST.replace("111122223333:root", "444455556666:root");
        ids.roles().updateTrustPolicy(ACCOUNT, "app", newTrust);
        assertThat(ids.roles().get(ACCOUNT, "App").trustPolicy()).isEqualTo(newTrust);
        ids.roles().update(ACCOUNT, "App", "new", 3600);
        assertThat(ids.roles().get(ACCOUNT, "App").description()).isEqualTo("new");
        ids.roles().putPolicy(ACCOUNT, "App", "p", ALLOW_KMS);
        fails(
                () -> ids.roles().delete(ACCOUNT, "App"),
                "DeleteConflict",
                409,
                "Cannot delete entity, must delete policies first.");
        ids.roles().deletePolicy(ACCOUNT, "App", "p");
        ids.roles().delete(ACCOUNT, "App");
        assertThat(ids.roleByArn(r.arn())).isEmpty();
    }

    @Test
    void tagsAreUniqueCaseInsensitivelyAndAtMostFifty() {
        IdentityStore ids = identities();
        ids.users().create(ACCOUNT, "alice", null, List.of(tag("Team", "a")));
        ids.users().tag(ACCOUNT, "alice", List.of(tag("team", "b"), tag("cost", "1")));
        assertThat(ids.users().get(ACCOUNT, "alice").tags())
                .containsExactly(Map.entry("team", "b"), Map.entry("cost", "1"));
        fails(
                () -> ids.users().tag(ACCOUNT, "alice", List.of(tag("x", "1"), tag("X", "2"))),
                "InvalidInput",
                400,
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        ids.users().untag(ACCOUNT, "alice", List.of("TEAM", "absent"));
        assertThat(ids.users().listTags(ACCOUNT, "alice", null, null).items()).containsExactly(Map.entry("cost", "1"));
        List<Map.Entry<String, String>> many = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) many.add(tag("k" + i, "v"));
        fails(
                () -> ids.users().tag(ACCOUNT, "alice", many),
                "LimitExceeded",
                409,
                "The number of tags has reached the maximum limit.");
    }

    @Test
    void iamAccessKeysBelongToTheUserNamedOrTheCaller() {
        IdentityStore ids = identities();
        IamUser alice = ids.users().create(ACCOUNT, "alice", null, List.of());
        Caller root = new Caller(ACCOUNT, "us-east-1", IdentityStore.rootArn(ACCOUNT), "AKIAROOT");
        Caller asAlice = new Caller(ACCOUNT, "us-east-1", alice.arn(), "AKIAALICE");
        AccessKey k1 = ids.iamAccessKeys().create(root, "alice");
        AccessKey k2 = ids.iamAccessKeys().create(asAlice, null);
        assertThat(List.of(k1.principalArn(), k2.principalArn())).containsOnly(alice.arn());
        assertThat(k1.accessKeyId()).startsWith("AKIA").hasSize(20);
        assertThat(k1.secretAccessKey()).hasSize(40);
        fails(
                () -> ids.iamAccessKeys().create(root, "alice"),
                "LimitExceeded",
                409,
                "Cannot exceed quota for AccessKeysPerUser: 2");
        assertThat(ids.iamAccessKeys().list(asAlice, null, null, null).items()).containsExactlyInAnyOrder(k1, k2);
        AccessKey rootKey = ids.iamAccessKeys().create(root, null);
        assertThat(rootKey.principalArn()).isEqualTo(IdentityStore.rootArn(ACCOUNT));
        // a key of somebody else is not found for this user
        fails(
                () -> ids.iamAccessKeys().delete(root, "alice", rootKey.accessKeyId()),
                "NoSuchEntity",
                404,
                "The Access Key with id " + rootKey.accessKeyId() + " cannot be found.");
        assertThat(ids.iamAccessKeys()
                        .update(root, "alice", k1.accessKeyId(), false)
                        .active())
                .isFalse();
        ids.iamAccessKeys().delete(asAlice, null, k2.accessKeyId());
        Caller session = new Caller(
                ACCOUNT,
                "us-east-1",
                "arn:aws:sts::111122223333:assumed-role/r/s",
                "ASIAX",
                Caller.PrincipalType.ASSUMED_ROLE,
                "AROAX:s",
                "arn:aws:iam::111122223333:role/r",
                Map.of());
        fails(
                () -> ids.iamAccessKeys().list(session, null, null, null),
                "ValidationError",
                400,
                "Must specify userName when calling with non-User credentials");
        fails(
                () -> ids.iamAccessKeys().create(root, "nobody"),
                "NoSuchEntity",
                404,
                "The user with name nobody cannot be found.");
    }

    @Test
    void renamingAUserMovesItsAccessKeys() {
        IdentityStore ids = identities();
        IamUser alice = ids.users().create(ACCOUNT, "alice", null, List.of());
        AccessKey k = ids.createAccessKey(alice.arn());
        IamUser renamed = ids.users().update(ACCOUNT, "alice", "Alicia", "/x/");
        assertThat(renamed.userId()).isEqualTo(alice.userId());
        assertThat(ids.accessKey(k.accessKeyId()).orElseThrow().principalArn())
                .isEqualTo("arn:aws:iam::111122223333:user/x/Alicia");
        fails(
                () -> ids.users().get(ACCOUNT, "alice"),
                "NoSuchEntity",
                404,
                "The user with name alice cannot be found.");
        ids.users().create(ACCOUNT, "bob", null, List.of());
        fails(
                () -> ids.users().update(ACCOUNT, "Alicia", "BOB", null),
                "EntityAlreadyExists",
                409,
                "User with name BOB already exists.");
        IdentityStore restarted = new IdentityStore(store, clock, new SecureRandom());
        assertThat(restarted.accessKeys("arn:aws:iam::111122223333:user/x/Alicia"))
                .hasSize(1);
    }

    @Test
    void everythingSurvivesARestartWithPoliciesCompiledAgain() {
        IdentityStore ids = identities();
        ids.users().create(ACCOUNT, "alice", "/a/", List.of(tag("team", "kms")));
        ids.users().putPolicy(ACCOUNT, "alice", "inline", ALLOW_KMS);
        ManagedPolicy p = ids.policies().create(ACCOUNT, "Kms", null, ALLOW_KMS, "d", List.of(tag("x", "y")));
        ids.users().attachPolicy(ACCOUNT, "alice", p.arn());
        ids.roles().create(ACCOUNT, "app", null, TRUST, "desc", 7200, List.of());

        IdentityStore again = new IdentityStore(store, clock, new SecureRandom());
        IamUser alice = again.users().get(ACCOUNT, "alice");
        assertThat(alice)
                .usingRecursiveComparison()
                .ignoringFieldsOfTypes(dev.trent.core.auth.policy.PolicyDocument.class)
                .isEqualTo(ids.users().get(ACCOUNT, "alice"));
        assertThat(again.directory().identityPolicies(alice.arn()))
                .extracting(dev.trent.core.auth.NamedPolicy::source)
                .containsExactly("user/alice/policy/inline", p.arn());
        assertThat(again.directory().principalTags(alice.arn())).containsExactly(Map.entry("team", "kms"));
        assertThat(again.policies().get(ACCOUNT, p.arn()).description()).isEqualTo("d");
        IamRole role = again.roles().get(ACCOUNT, "app");
        assertThat(role.trustPolicy()).isEqualTo(TRUST);
        assertThat(role.maxSessionDuration()).isEqualTo(7200);
        assertThat(role.description()).isEqualTo("desc");
    }

    @Test
    void theDirectoryFollowsChangesToIdentitiesAndManagedPolicies() {
        IdentityStore ids = identities();
        IamUser alice = ids.users().create(ACCOUNT, "alice", null, List.of());
        assertThat(ids.directory().identityPolicies(alice.arn())).isEmpty();
        assertThat(ids.directory().identityPolicies(IdentityStore.rootArn(ACCOUNT)))
                .isEmpty();
        ManagedPolicy p = ids.policies().create(ACCOUNT, "Kms", null, ALLOW_KMS, null, List.of());
        ids.users().attachPolicy(ACCOUNT, "alice", p.arn());
        var first = ids.directory().identityPolicies(alice.arn());
        assertThat(first).extracting(n -> n.document().json()).containsExactly(ALLOW_KMS);
        assertThat(ids.directory().identityPolicies(alice.arn())).isSameAs(first); // cached
        String v2 = ALLOW_KMS.replace("kms:*", "kms:Encrypt");
        ids.policies().createVersion(ACCOUNT, p.arn(), v2, true);
        assertThat(ids.directory().identityPolicies(alice.arn()))
                .extracting(n -> n.document().json())
                .containsExactly(v2);
        ids.users().putPolicy(ACCOUNT, "alice", "x", ALLOW_KMS);
        assertThat(ids.directory().identityPolicies(alice.arn())).hasSize(2);
    }

    @Test
    void twoViewsFollowEachOthersIamWritesAndConflictsAreDecidedOnFreshData() {
        IdentityStore a = identities();
        IdentityStore b = new IdentityStore(store, clock, new SecureRandom());
        IamUser alice = a.users().create(ACCOUNT, "alice", null, List.of());
        ManagedPolicy p = a.policies().create(ACCOUNT, "Kms", null, ALLOW_KMS, null, List.of());
        b.refresh();
        assertThat(b.userByArn(alice.arn())).isPresent();
        // b attaches while a (not having followed) deletes the policy: the loser re-reads and sees the truth
        b.users().attachPolicy(ACCOUNT, "alice", p.arn());
        fails(
                () -> a.policies().delete(ACCOUNT, p.arn()),
                "DeleteConflict",
                409,
                "Cannot delete a policy attached to entities.");
        // a stale view creating a user of a name taken meanwhile
        b.users().create(ACCOUNT, "bob", null, List.of());
        IdentityStore c = new IdentityStore(store, clock, new SecureRandom());
        fails(
                () -> a.users().delete(ACCOUNT, "bob"),
                "NoSuchEntity",
                404,
                "The user with name bob cannot be found."); // a has not followed yet: IAM is eventually consistent
        a.refresh();
        a.users().delete(ACCOUNT, "bob");
        fails(
                () -> c.users().tag(ACCOUNT, "bob", List.of(tag("k", "v"))),
                "NoSuchEntity",
                404,
                "The user with name bob cannot be found.");
        // a key added by a stale view to a user being deleted elsewhere: one of them loses
        c.refresh();
        IdentityStore d = new IdentityStore(store, clock, new SecureRandom());
        c.users().create(ACCOUNT, "carol", null, List.of());
        d.refresh();
        c.users().delete(ACCOUNT, "carol");
        fails(
                () -> d.createAccessKey("arn:aws:iam::111122223333:user/carol"),
                "NoSuchEntity",
                404,
                "The user with name carol cannot be found.");
        assertThat(store.scan("iam/access-keys/")).isEmpty();
    }
}
