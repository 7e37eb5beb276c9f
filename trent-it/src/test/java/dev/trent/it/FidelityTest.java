package dev.trent.it;

import static dev.trent.it.KmsOperationsTest.errorCode;
import static dev.trent.it.KmsOperationsTest.errorMessage;
import static dev.trent.it.KmsOperationsTest.newKey;
import static dev.trent.it.KmsOperationsTest.rootPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.TagException;

/**
 * Fidelity gaps of the symmetric API (issue 7, item 5), through the AWS SDK for Java v2 and the aws CLI against a
 * running Trent. The AWS messages asserted here, and where they come from:
 *
 * <ul>
 *   <li>Alias names with ':' (the model's pattern {@code ^[a-zA-Z0-9:/_-]+$} allows it; the documented rule,
 *       "only alphanumeric characters, forward slashes (/), underscores (_), and dashes (-)", does not): {@code
 *       ValidationException} "{@code <name>} contains invalid characters for an alias". That is the text moto
 *       answers and asserts for {@code alias/my:alias} in its CreateAlias tests, written after AWS's responses;
 *       it is better evidence than a paraphrase of the rule, so it was chosen over one. Other characters never
 *       reach the service: the model's pattern refuses them with the usual "1 validation error detected".
 *   <li>Tags: {@code TagException} "Duplicate tag keys" (two tags with one key in a request), "Too many tags"
 *       (more than 50) and "Tags beginning with aws: are reserved" ({@code aws:}, {@code AWS:}, ... as a
 *       prefix). Those are the messages of LocalStack's KMS tag validation, whose tests for exactly these cases
 *       are marked as validated against AWS with recorded AWS responses; the API reference names only the
 *       exception. The same "Too many tags" answers a TagResource that would take a key past 50 tags (no
 *       recorded AWS text for that case was found).
 *   <li>The policy lockout safety check: {@code MalformedPolicyDocumentException} "The new key policy will not
 *       allow you to update the key policy in the future." (AWS's text as reported by many users of
 *       CloudFormation, Terraform and the CLI). Malformed grammar (Version, Statement, Effect) is the same
 *       exception; AWS's texts for those are not documented, so Trent's say what is wrong.
 *   <li>The predefined {@code alias/aws/*} aliases: listed by ListAliases with AliasName and AliasArn only, in
 *       name order among the customer aliases, as in the ListAliases example of the API reference.
 * </ul>
 */
class FidelityTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static KmsClient kms;
    static String account;

    static final List<String> PREDEFINED = List.of(
            "alias/aws/acm",
            "alias/aws/dynamodb",
            "alias/aws/ebs",
            "alias/aws/elasticfilesystem",
            "alias/aws/es",
            "alias/aws/glue",
            "alias/aws/kinesisvideo",
            "alias/aws/lambda",
            "alias/aws/rds",
            "alias/aws/redshift",
            "alias/aws/s3",
            "alias/aws/secretsmanager",
            "alias/aws/ssm",
            "alias/aws/xray");

    static final String LOCKOUT = "The new key policy will not allow you to update the key policy in the future.";

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir.resolve("data"));
        kms = trent.kms();
        account = trent.admin().accountId();
    }

    @AfterAll
    static void stop() {
        if (kms != null) kms.close();
        if (trent != null) trent.close();
    }

    static void fails(ThrowingCallable call, Class<? extends KmsException> type, String code, String message) {
        assertThatThrownBy(call)
                .isInstanceOf(type)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo(code))
                .satisfies(e -> assertThat(errorMessage(e)).isEqualTo(message));
    }

    // ------------------------------------------------------------------ alias names

    @Test
    void aliasNamesWithAColonAreRefused() {
        String key = newKey(kms, "colon");
        for (String name : List.of("alias/my:alias", "alias/:alias", "alias/my-alias:")) {
            String message = name + " contains invalid characters for an alias";
            fails(
                    () -> kms.createAlias(b -> b.aliasName(name).targetKeyId(key)),
                    KmsException.class,
                    "ValidationException",
                    message);
            fails(
                    () -> kms.updateAlias(b -> b.aliasName(name).targetKeyId(key)),
                    KmsException.class,
                    "ValidationException",
                    message);
            fails(() -> kms.deleteAlias(b -> b.aliasName(name)), KmsException.class, "ValidationException", message);
        }
        // the model's own pattern refuses the rest first
        fails(
                () -> kms.createAlias(b -> b.aliasName("alias/my-alias!").targetKeyId(key)),
                KmsException.class,
                "ValidationException",
                "1 validation error detected: Value 'alias/my-alias!' at 'aliasName' failed to satisfy constraint:"
                        + " Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        // every allowed character
        kms.createAlias(b -> b.aliasName("alias/My_alias-1/x").targetKeyId(key));
        assertThat(kms.describeKey(b -> b.keyId("alias/My_alias-1/x"))
                        .keyMetadata()
                        .keyId())
                .isEqualTo(key);
    }

    // ------------------------------------------------------------------ predefined aliases

    @Test
    void aFreshRegionListsThePredefinedAliasesWithoutKeys() {
        try (KmsClient k = trent.kms(Region.AP_SOUTHEAST_2)) {
            var page = k.listAliases(b -> b.build());
            assertThat(page.aliases()).extracting(AliasListEntry::aliasName).containsExactlyElementsOf(PREDEFINED);
            assertThat(page.truncated()).isFalse();
            for (AliasListEntry a : page.aliases()) {
                assertThat(a.aliasArn()).isEqualTo("arn:aws:kms:ap-southeast-2:" + account + ":" + a.aliasName());
                assertThat(a.targetKeyId()).isNull();
                assertThat(a.creationDate()).isNull();
                assertThat(a.lastUpdatedDate()).isNull();
            }
        }
    }

    @Test
    void predefinedAliasesPageByNameAmongTheCustomerAliasesAndAKeyIdFilterLeavesThemOut() {
        try (KmsClient k = trent.kms(Region.EU_NORTH_1)) {
            String key = newKey(k, "listed");
            for (String name : List.of("alias/Zeta", "alias/app", "alias/zz")) {
                k.createAlias(b -> b.aliasName(name).targetKeyId(key));
            }
            List<AliasListEntry> all = new ArrayList<>();
            int pages = 0;
            for (var page : k.listAliasesPaginator(b -> b.limit(5))) {
                pages++;
                assertThat(page.aliases()).hasSizeLessThanOrEqualTo(5);
                all.addAll(page.aliases());
            }
            List<String> expected = new ArrayList<>(List.of("alias/Zeta", "alias/app"));
            expected.addAll(PREDEFINED);
            expected.add("alias/zz");
            assertThat(all).extracting(AliasListEntry::aliasName).containsExactlyElementsOf(expected);
            assertThat(pages).isEqualTo(4); // 17 aliases, 5 a page
            assertThat(all)
                    .filteredOn(a -> a.aliasName().startsWith("alias/aws/"))
                    .allSatisfy(a -> assertThat(a.targetKeyId()).isNull());
            assertThat(all)
                    .filteredOn(a -> !a.aliasName().startsWith("alias/aws/"))
                    .allSatisfy(a -> {
                        assertThat(a.targetKeyId()).isEqualTo(key);
                        assertThat(a.creationDate()).isNotNull();
                    });

            assertThat(k.listAliases(b -> b.keyId(key)).aliases())
                    .extracting(AliasListEntry::aliasName)
                    .containsExactly("alias/Zeta", "alias/app", "alias/zz");
        }
    }

    @Test
    void predefinedAliasesAreReservedAndHaveNoKeyToUse() {
        String key = newKey(kms, "reserved");
        String reserved = "The alias prefix alias/aws/ is reserved for AWS managed keys.";
        fails(
                () -> kms.createAlias(b -> b.aliasName("alias/aws/s3").targetKeyId(key)),
                KmsException.class,
                "NotAuthorizedException",
                reserved);
        fails(
                () -> kms.updateAlias(b -> b.aliasName("alias/aws/s3").targetKeyId(key)),
                KmsException.class,
                "NotAuthorizedException",
                reserved);
        fails(
                () -> kms.deleteAlias(b -> b.aliasName("alias/aws/s3")),
                KmsException.class,
                "NotAuthorizedException",
                reserved);
        // AWS would make the AWS managed key behind alias/aws/s3 when S3 first uses it; Trent makes none, so there
        // is no key behind it, and AWS answers an alias without a key this way.
        fails(
                () -> kms.encrypt(b -> b.keyId("alias/aws/s3").plaintext(SdkBytes.fromUtf8String("x"))),
                NotFoundException.class,
                "NotFoundException",
                "Alias arn:aws:kms:us-east-1:" + account + ":alias/aws/s3 is not found.");
    }

    // ------------------------------------------------------------------ tags

    static Tag tag(String key, String value) {
        return Tag.builder().tagKey(key).tagValue(value).build();
    }

    @Test
    void reservedDuplicateAndTooManyTags() {
        String key = newKey(kms, "tags");
        for (String reserved : List.of("aws:key1", "AWS:key1", "Aws:key1")) {
            fails(
                    () -> kms.tagResource(b -> b.keyId(key).tags(tag(reserved, "value1"))),
                    TagException.class,
                    "TagException",
                    "Tags beginning with aws: are reserved");
            fails(
                    () -> kms.createKey(b -> b.tags(tag(reserved, "value1"))),
                    TagException.class,
                    "TagException",
                    "Tags beginning with aws: are reserved");
        }
        fails(
                () -> kms.tagResource(b -> b.keyId(key).tags(tag("tag1", "value1"), tag("tag1", "another-value1"))),
                TagException.class,
                "TagException",
                "Duplicate tag keys");

        List<Tag> fiftyOne = new ArrayList<>();
        for (int i = 0; i <= 50; i++) fiftyOne.add(tag("key" + i, "value" + i));
        fails(() -> kms.createKey(b -> b.tags(fiftyOne)), TagException.class, "TagException", "Too many tags");
        fails(
                () -> kms.tagResource(b -> b.keyId(key).tags(fiftyOne)),
                TagException.class,
                "TagException",
                "Too many tags");
        kms.tagResource(b -> b.keyId(key).tags(fiftyOne.subList(0, 50)));
        fails(
                () -> kms.tagResource(b -> b.keyId(key).tags(tag("key50", "one too many"))),
                TagException.class,
                "TagException",
                "Too many tags");
        assertThat(kms.listResourceTags(b -> b.keyId(key).limit(50)).tags()).hasSize(50);
    }

    // ------------------------------------------------------------------ key policies

    static String policy(String principal, String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"s\",\"Effect\":\"Allow\",\"Principal\":"
                + principal + ",\"Action\":" + action + ",\"Resource\":\"*\"}]}";
    }

    @Test
    void aPolicyThatWouldLockTheCallerOutNeedsTheBypass() {
        String otherAccount = policy("{\"AWS\":\"arn:aws:iam::444455556666:root\"}", "\"kms:*\"");
        String readOnly = policy("{\"AWS\":\"arn:aws:iam::" + account + ":root\"}", "[\"kms:Describe*\",\"kms:Get*\"]");
        for (String p : List.of(otherAccount, readOnly)) {
            fails(
                    () -> kms.createKey(b -> b.policy(p)),
                    MalformedPolicyDocumentException.class,
                    "MalformedPolicyDocumentException",
                    LOCKOUT);
            fails(
                    () -> kms.createKey(b -> b.policy(p).bypassPolicyLockoutSafetyCheck(false)),
                    MalformedPolicyDocumentException.class,
                    "MalformedPolicyDocumentException",
                    LOCKOUT);
            String id = kms.createKey(b -> b.policy(p).bypassPolicyLockoutSafetyCheck(true))
                    .keyMetadata()
                    .keyId();
            assertStoredOrUnreadable(id, p);

            String other = newKey(kms, "put");
            fails(
                    () -> kms.putKeyPolicy(
                            b -> b.keyId(other).policyName("default").policy(p)),
                    MalformedPolicyDocumentException.class,
                    "MalformedPolicyDocumentException",
                    LOCKOUT);
            assertThat(kms.getKeyPolicy(b -> b.keyId(other)).policy())
                    .contains(":root\"")
                    .contains("kms:*");
            kms.putKeyPolicy(b -> b.keyId(other).policy(p).bypassPolicyLockoutSafetyCheck(true));
            assertStoredOrUnreadable(other, p);
        }
    }

    /**
     * The key's policy is {@code policy}, or the policy no longer lets the caller read it (the key policy is
     * enforced: a policy without kms:GetKeyPolicy for the caller refuses GetKeyPolicy, as on AWS).
     */
    private void assertStoredOrUnreadable(String keyId, String policy) {
        try {
            assertThat(kms.getKeyPolicy(b -> b.keyId(keyId)).policy()).isEqualTo(policy);
        } catch (software.amazon.awssdk.services.kms.model.KmsException e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).contains("kms:GetKeyPolicy");
        }
    }

    @Test
    void policiesThatKeepPutKeyPolicyForTheCallerPass() {
        List<String> ok = List.of(
                rootPolicy(account),
                policy("{\"AWS\":\"" + account + "\"}", "\"kms:PutKeyPolicy\""),
                policy("\"*\"", "\"*\""),
                policy("{\"AWS\":\"*\"}", "\"kms:Put*\""),
                policy("{\"AWS\":[\"arn:aws:iam::" + account + ":root\"]}", "[\"kms:Encrypt\",\"kms:*\"]"));
        for (String p : ok) {
            String id = kms.createKey(b -> b.policy(p)).keyMetadata().keyId();
            kms.putKeyPolicy(b -> b.keyId(id).policy(p));
            assertStoredOrUnreadable(id, p);
        }
    }

    @Test
    void malformedPoliciesAreRefusedEvenWithTheBypass() {
        String key = newKey(kms, "malformed");
        Map<String, String> cases = Map.of(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Permit\",\"Principal\":\"*\","
                        + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}",
                "Statement 1 of the policy document has the Effect \"Permit\"; the Effect must be \"Allow\" or"
                        + " \"Deny\".",
                "{\"Version\":\"2013-10-17\",\"Statement\":[]}",
                "The policy document's Version must be \"2012-10-17\" or \"2008-10-17\", not \"2013-10-17\".",
                "{\"Version\":\"2012-10-17\",\"Statement\":\"kms:*\"}",
                "The policy document's Statement must be a statement object or an array of them.",
                "{\"Version\":\"2012-10-17\"}",
                "The policy document must be a JSON object with a Statement.",
                "{not json",
                "The policy document is not valid JSON.");
        cases.forEach((p, message) -> {
            for (boolean bypass : new boolean[] {false, true}) {
                fails(
                        () -> kms.createKey(b -> b.policy(p).bypassPolicyLockoutSafetyCheck(bypass)),
                        MalformedPolicyDocumentException.class,
                        "MalformedPolicyDocumentException",
                        message);
                fails(
                        () -> kms.putKeyPolicy(b -> b.keyId(key).policy(p).bypassPolicyLockoutSafetyCheck(bypass)),
                        MalformedPolicyDocumentException.class,
                        "MalformedPolicyDocumentException",
                        message);
            }
        });
    }

    // ------------------------------------------------------------------ the aws CLI

    @Test
    void theAwsCliSeesTheSame() throws IOException {
        Assumptions.assumeTrue(Processes.onPath("aws").isPresent(), "the aws CLI is not on PATH");
        Path work = Files.createDirectories(dir.resolve("cli"));
        Map<String, String> env = new HashMap<>();
        System.getenv().keySet().stream().filter(k -> k.startsWith("AWS_")).forEach(k -> env.put(k, null));
        env.put("AWS_ACCESS_KEY_ID", trent.admin().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", trent.admin().secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "sa-east-1");
        env.put("AWS_CONFIG_FILE", Files.createFile(work.resolve("config")).toString());
        env.put(
                "AWS_SHARED_CREDENTIALS_FILE",
                Files.createFile(work.resolve("credentials")).toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");

        Processes.Result listed = cli(env, work, "kms", "list-aliases", "--output", "json");
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        var aliases = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(listed.stdout())
                .get("Aliases");
        assertThat(aliases).hasSize(PREDEFINED.size());
        assertThat(aliases.get(10).get("AliasName").asText()).isEqualTo("alias/aws/s3");
        assertThat(aliases.get(10).has("TargetKeyId")).isFalse();
        assertThat(aliases.get(10).has("CreationDate")).isFalse();

        String key;
        try (KmsClient k = trent.kms(Region.SA_EAST_1)) {
            key = newKey(k, "cli");
        }
        Processes.Result colon =
                cli(env, work, "kms", "create-alias", "--alias-name", "alias/my:alias", "--target-key-id", key);
        assertThat(colon.exitCode()).as("%s", colon).isNotZero();
        assertThat(colon.stderr())
                .contains("An error occurred (ValidationException) when calling the CreateAlias operation: "
                        + "alias/my:alias contains invalid characters for an alias");

        Processes.Result reserved =
                cli(env, work, "kms", "tag-resource", "--key-id", key, "--tags", "TagKey=AWS:key1,TagValue=v");
        assertThat(reserved.exitCode()).as("%s", reserved).isNotZero();
        assertThat(reserved.stderr())
                .contains("An error occurred (TagException) when calling the TagResource operation: "
                        + "Tags beginning with aws: are reserved");

        Path p = work.resolve("policy.json");
        Files.writeString(
                p, policy("{\"AWS\":\"arn:aws:iam::444455556666:root\"}", "\"kms:*\""), StandardCharsets.UTF_8);
        Processes.Result locked = cli(env, work, "kms", "put-key-policy", "--key-id", key, "--policy", "file://" + p);
        assertThat(locked.exitCode()).as("%s", locked).isNotZero();
        assertThat(locked.stderr())
                .contains("An error occurred (MalformedPolicyDocumentException) when calling the PutKeyPolicy"
                        + " operation: " + LOCKOUT);
        Processes.Result bypassed = cli(
                env,
                work,
                "kms",
                "put-key-policy",
                "--key-id",
                key,
                "--policy",
                "file://" + p,
                "--bypass-policy-lockout-safety-check");
        assertThat(bypassed.exitCode()).as("%s", bypassed).isZero();
    }

    static Processes.Result cli(Map<String, String> env, Path work, String... args) {
        List<String> cmd = new ArrayList<>(
                List.of("aws", "--endpoint-url", trent.endpoint().toString()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, env, work, Duration.ofSeconds(60));
    }
}
