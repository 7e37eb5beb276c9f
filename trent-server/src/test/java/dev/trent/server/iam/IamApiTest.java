package dev.trent.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.store.InMemoryStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IAM's handlers, JSON in and out, as the Query codec hands them the decoded form and takes their answer. */
class IamApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "111122223333";
    static final String POLICY =
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"kms:*\", \"Resource\": \"*\"}]}";
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final IdentityStore ids = new IdentityStore(new InMemoryStore(), Clock.systemUTC(), new SecureRandom());
    private final OperationTable iam = IamService.handlers(ids);
    private final Caller root = new Caller(ACCOUNT, "us-east-1", IdentityStore.rootArn(ACCOUNT), "AKIAROOT");

    IamApiTest() {
        ids.createAccount(ACCOUNT);
    }

    JsonNode call(Caller caller, String op, String json) {
        try {
            RequestContext ctx =
                    RequestContext.internal(caller, java.time.Instant.now()).withRequest(op, JSON.readTree(json));
            return iam.handler(op).handle(ctx, ctx.request(), new ArrayList<>());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    JsonNode call(String op, String json) {
        return call(root, op, json);
    }

    static String q(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void usersKeysAndGetUserOfTheCaller() {
        JsonNode u = call(
                        "CreateUser",
                        "{\"UserName\":\"alice\",\"Path\":\"/eng/\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"kms\"}]}")
                .get("User");
        assertThat(u.get("Arn").asText()).isEqualTo("arn:aws:iam::111122223333:user/eng/alice");
        assertThat(u.get("UserId").asText()).startsWith("AIDA");
        assertThat(u.get("Path").asText()).isEqualTo("/eng/");
        assertThat(u.get("CreateDate").isNumber()).isTrue();
        assertThat(u.get("Tags").get(0).get("Key").asText()).isEqualTo("team");

        JsonNode key = call("CreateAccessKey", "{\"UserName\":\"alice\"}").get("AccessKey");
        assertThat(key.get("UserName").asText()).isEqualTo("alice");
        assertThat(key.get("Status").asText()).isEqualTo("Active");
        assertThat(key.get("SecretAccessKey").asText()).hasSize(40);

        JsonNode list = call("ListUsers", "{}");
        assertThat(list.get("Users")).hasSize(1);
        assertThat(list.get("Users").get(0).has("Tags")).isFalse();
        assertThat(list.get("IsTruncated").asBoolean()).isFalse();

        // GetUser without a name: the caller
        JsonNode me = call("GetUser", "{}").get("User");
        assertThat(me.get("Arn").asText()).isEqualTo("arn:aws:iam::111122223333:root");
        assertThat(me.get("UserId").asText()).isEqualTo(ACCOUNT);
        assertThat(me.has("UserName")).isFalse();
        Caller alice = new Caller(
                ACCOUNT,
                "us-east-1",
                u.get("Arn").asText(),
                key.get("AccessKeyId").asText(),
                Caller.PrincipalType.IAM_USER,
                u.get("UserId").asText(),
                u.get("Arn").asText(),
                Map.of());
        assertThat(call(alice, "GetUser", "{}").get("User").get("UserName").asText())
                .isEqualTo("alice");
        assertThat(call(alice, "ListAccessKeys", "{}")
                        .get("AccessKeyMetadata")
                        .get(0)
                        .get("AccessKeyId")
                        .asText())
                .isEqualTo(key.get("AccessKeyId").asText());

        call(
                "UpdateAccessKey",
                "{\"UserName\":\"alice\",\"AccessKeyId\":"
                        + q(key.get("AccessKeyId").asText()) + ",\"Status\":\"Inactive\"}");
        assertThat(ids.accessKey(key.get("AccessKeyId").asText()).orElseThrow().active())
                .isFalse();
        assertThatThrownBy(() -> call("DeleteUser", "{\"UserName\":\"alice\"}"))
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.errorCode()).isEqualTo("DeleteConflict"));
        call(
                "DeleteAccessKey",
                "{\"UserName\":\"alice\",\"AccessKeyId\":"
                        + q(key.get("AccessKeyId").asText()) + "}");
        call("DeleteUser", "{\"UserName\":\"alice\"}");
        assertThatThrownBy(() -> call("GetUser", "{\"UserName\":\"alice\"}"))
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.httpStatus()).isEqualTo(404))
                .hasMessage("The user with name alice cannot be found.");

        // a root key made through IAM has no UserName on the wire
        JsonNode rootKey = call("CreateAccessKey", "{}").get("AccessKey");
        assertThat(rootKey.has("UserName")).isFalse();
    }

    @Test
    void rolesAndPolicyDocumentsComeBackUrlEncodedAsIamReturnsThem() {
        JsonNode r = call(
                        "CreateRole",
                        "{\"RoleName\":\"app\",\"AssumeRolePolicyDocument\":" + q(TRUST)
                                + ",\"Description\":\"d\",\"MaxSessionDuration\":7200}")
                .get("Role");
        assertThat(r.get("RoleId").asText()).startsWith("AROA");
        assertThat(r.get("MaxSessionDuration").asInt()).isEqualTo(7200);
        String encoded = r.get("AssumeRolePolicyDocument").asText();
        assertThat(encoded).startsWith("%7B%22Version%22%3A%222012-10-17%22").doesNotContain("+");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(TRUST);
        assertThat(call("GetRole", "{\"RoleName\":\"APP\"}").get("Role").has("RoleLastUsed"))
                .isTrue();

        call("PutRolePolicy", "{\"RoleName\":\"app\",\"PolicyName\":\"kms\",\"PolicyDocument\":" + q(POLICY) + "}");
        JsonNode got = call("GetRolePolicy", "{\"RoleName\":\"app\",\"PolicyName\":\"kms\"}");
        assertThat(got.get("RoleName").asText()).isEqualTo("app");
        assertThat(URLDecoder.decode(got.get("PolicyDocument").asText(), StandardCharsets.UTF_8))
                .isEqualTo(POLICY);
        assertThat(got.get("PolicyDocument").asText()).contains("%20"); // spaces as %20, never '+'
        assertThat(call("ListRolePolicies", "{\"RoleName\":\"app\"}")
                        .get("PolicyNames")
                        .get(0)
                        .asText())
                .isEqualTo("kms");
        assertThat(call("ListInstanceProfilesForRole", "{\"RoleName\":\"app\"}").get("InstanceProfiles"))
                .isEmpty();
    }

    @Test
    void managedPoliciesAttachmentsVersionsAndScopes() {
        call("CreateUser", "{\"UserName\":\"alice\"}");
        JsonNode p = call(
                        "CreatePolicy",
                        "{\"PolicyName\":\"Kms\",\"PolicyDocument\":" + q(POLICY) + ",\"Description\":\"keys\"}")
                .get("Policy");
        String arn = p.get("Arn").asText();
        assertThat(arn).isEqualTo("arn:aws:iam::111122223333:policy/Kms");
        assertThat(p.get("DefaultVersionId").asText()).isEqualTo("v1");
        assertThat(p.get("AttachmentCount").asInt()).isZero();
        assertThat(p.get("IsAttachable").asBoolean()).isTrue();
        call("AttachUserPolicy", "{\"UserName\":\"alice\",\"PolicyArn\":" + q(arn) + "}");
        call(
                "AttachUserPolicy",
                "{\"UserName\":\"alice\",\"PolicyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"}");
        JsonNode attached =
                call("ListAttachedUserPolicies", "{\"UserName\":\"alice\"}").get("AttachedPolicies");
        assertThat(attached).hasSize(2);
        assertThat(attached.get(0).get("PolicyName").asText()).isEqualTo("Kms");
        assertThat(call("GetPolicy", "{\"PolicyArn\":" + q(arn) + "}")
                        .get("Policy")
                        .get("AttachmentCount")
                        .asInt())
                .isEqualTo(1);
        JsonNode v1 = call("GetPolicyVersion", "{\"PolicyArn\":" + q(arn) + ",\"VersionId\":\"v1\"}")
                .get("PolicyVersion");
        assertThat(v1.get("IsDefaultVersion").asBoolean()).isTrue();
        assertThat(URLDecoder.decode(v1.get("Document").asText(), StandardCharsets.UTF_8))
                .isEqualTo(POLICY);
        JsonNode versions =
                call("ListPolicyVersions", "{\"PolicyArn\":" + q(arn) + "}").get("Versions");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).has("Document")).isFalse();

        assertThat(call("ListPolicies", "{\"Scope\":\"Local\"}").get("Policies"))
                .hasSize(1);
        assertThat(call("ListPolicies", "{\"Scope\":\"AWS\",\"OnlyAttached\":true}")
                        .get("Policies"))
                .extracting(n -> n.get("PolicyName").asText())
                .containsExactly("AdministratorAccess");
        JsonNode page = call("ListPolicies", "{\"MaxItems\":1}");
        assertThat(page.get("IsTruncated").asBoolean()).isTrue();
        JsonNode next = call(
                "ListPolicies",
                "{\"MaxItems\":5,\"Marker\":" + q(page.get("Marker").asText()) + "}");
        assertThat(next.get("Policies")).hasSize(2);

        assertThatThrownBy(() -> call("DeletePolicy", "{\"PolicyArn\":" + q(arn) + "}"))
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.errorCode()).isEqualTo("DeleteConflict"));
        call("DetachUserPolicy", "{\"UserName\":\"alice\",\"PolicyArn\":" + q(arn) + "}");
        call("DeletePolicy", "{\"PolicyArn\":" + q(arn) + "}");
    }

    @Test
    void permissionsBoundariesAreRefusedNotIgnored() {
        assertThatThrownBy(() -> call(
                        "CreateUser",
                        "{\"UserName\":\"alice\",\"PermissionsBoundary\":"
                                + "\"arn:aws:iam::aws:policy/AdministratorAccess\"}"))
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.errorCode()).isEqualTo("InvalidInput"));
    }

    @Test
    void everyHandlerIsAnOperationOfIamsModel() throws Exception {
        try (var in = IamApiTest.class.getResourceAsStream("/dev/trent/server/protocol/iam-model.json")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(in != null, "the IAM model is not generated yet");
            var model = dev.trent.server.protocol.ServiceModel.load(in);
            var ops = IamService.operations(model, ids);
            assertThat(ops.get("CreateUser").iamAction()).isEqualTo("iam:CreateUser");
            assertThat(ops.get("CreateUser").execution())
                    .isEqualTo(dev.trent.server.pipeline.OperationSpec.Execution.WORKER);
            assertThat(ops.get("GetUser").audit().readOnly()).isTrue();
            assertThat(ops.get("AttachRolePolicy").resources().members()).containsExactly("RoleName", "PolicyArn");
        }
    }
}
