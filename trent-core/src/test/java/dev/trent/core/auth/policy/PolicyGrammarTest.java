package dev.trent.core.auth.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy grammar: what each kind of policy must and must not hold, and the words of each refusal. */
class PolicyGrammarTest {
    private static final String ALLOW = "\"Effect\":\"Allow\"";
    private static final String ANY = "\"Action\":\"kms:*\",\"Resource\":\"*\"";
    private static final String ROOT = "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"}";

    private static String doc(String statement) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
    }

    private static String identity(String condition) {
        return doc("{" + ALLOW + "," + ANY + ",\"Condition\":" + condition + "}");
    }

    static Stream<Arguments> malformed() {
        String iamSyntax = "Syntax errors in policy.";
        String vendor = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
        String cond = "Statement 1 of the policy document has an invalid Condition: ";
        return Stream.of(
                // identity policies: IAM's words
                Arguments.of(PolicyKind.IDENTITY, "{not json", iamSyntax),
                Arguments.of(PolicyKind.IDENTITY, "[]", iamSyntax),
                Arguments.of(PolicyKind.IDENTITY, "{\"Statement\":[]} {}", iamSyntax),
                Arguments.of(PolicyKind.IDENTITY, "{\"Statement\":[],\"Statement\":[]}", iamSyntax),
                Arguments.of(PolicyKind.IDENTITY, "{\"Version\":\"2012-10-17\"}", "Missing required field Statement"),
                Arguments.of(PolicyKind.IDENTITY, "{\"Statement\":\"Allow\"}", iamSyntax),
                Arguments.of(PolicyKind.IDENTITY, "{\"Statement\":[\"Allow\"]}", iamSyntax),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{" + ALLOW + "," + ROOT + "," + ANY + "}"),
                        "Policy document should not specify a principal."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{" + ALLOW + ",\"NotPrincipal\":\"*\"," + ANY + "}"),
                        "Policy document should not specify a principal."),
                Arguments.of(PolicyKind.IDENTITY, doc("{" + ANY + "}"), "Missing required field Effect"),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{\"Effect\":\"allow\"," + ANY + "}"),
                        "The policy failed legacy parsing"),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{" + ALLOW + ",\"Resource\":\"*\"}"),
                        "Policy statement must contain actions."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{" + ALLOW + ",\"Action\":[],\"Resource\":\"*\"}"),
                        "Policy statement must contain actions."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{" + ALLOW + ",\"Action\":\"kms:*\"}"),
                        "Policy statement must contain resources."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{" + ALLOW + ",\"Action\":\"kms:*\",\"Resource\":[]}"),
                        "Policy statement must contain resources."),
                Arguments.of(
                        PolicyKind.IDENTITY, doc("{" + ALLOW + ",\"Action\":\"Encrypt\",\"Resource\":\"*\"}"), vendor),
                Arguments.of(PolicyKind.IDENTITY, doc("{" + ALLOW + ",\"Action\":5,\"Resource\":\"*\"}"), iamSyntax),
                Arguments.of(PolicyKind.IDENTITY, identity("{\"StringEquals\":{\"CallerAccount\":\"1\"}}"), vendor),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{\"Sid\":\"a\"," + ALLOW + "," + ANY + "},{\"Sid\":\"a\"," + ALLOW + "," + ANY + "}"),
                        "Statement IDs (SID) in a single policy must be unique."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{\"Sid\":\"my sid\"," + ALLOW + "," + ANY + "}"),
                        "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular"
                                + " expression [0-9A-Za-z]*"),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        "{\"Version\":\"2013-10-17\",\"Statement\":[]}",
                        "The policy document's Version must be \"2012-10-17\" or \"2008-10-17\", not \"2013-10-17\"."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        "{\"Statement\":[],\"Foo\":1}",
                        "The policy document has an unknown element \"Foo\"."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{" + ALLOW + ",\"Actions\":\"kms:*\",\"Resource\":\"*\"}"),
                        "Statement 1 of the policy document has an unknown element \"Actions\"."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{" + ALLOW + ",\"Action\":\"kms:*\",\"NotAction\":\"kms:Decrypt\",\"Resource\":\"*\"}"),
                        "Statement 1 of the policy document has both Action and NotAction."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{" + ALLOW + ",\"Action\":\"kms:*\",\"Resource\":\"*\",\"NotResource\":\"x\"}"),
                        "Statement 1 of the policy document has both Resource and NotResource."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        identity("{\"StringEqualz\":{\"aws:username\":\"x\"}}"),
                        cond + "\"StringEqualz\" is not a condition operator."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        identity("{\"NullIfExists\":{\"aws:username\":\"true\"}}"),
                        cond + "\"NullIfExists\" is not a condition operator."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        identity("{\"NumericLessThan\":{\"kms:RotationPeriodInDays\":\"ten\"}}"),
                        cond + "The value \"ten\" of the NumericLessThan condition is not a number."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        identity("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"yesterday\"}}"),
                        cond + "The value \"yesterday\" of the DateGreaterThan condition is not a date."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        identity("{\"IpAddress\":{\"aws:SourceIp\":\"300.1.1.1/8\"}}"),
                        cond + "The value \"300.1.1.1/8\" of the IpAddress condition is not an IP address or CIDR"
                                + " block."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        identity("{\"Bool\":{\"aws:SecureTransport\":\"yes\"}}"),
                        cond + "The value \"yes\" of the Bool condition is not true or false."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        identity("{\"BinaryEquals\":{\"aws:x\":\"!!!\"}}"),
                        cond + "The value \"!!!\" of the BinaryEquals condition is not Base64."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        identity("{\"StringEquals\":{\"aws:username\":{\"a\":1}}}"),
                        cond + "the key aws:username of StringEquals needs a string, number or boolean, or an array"
                                + " of them."),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        identity("{\"StringEquals\":\"aws:username\"}"),
                        cond + "the operator StringEquals must map condition keys to values."),
                // trust policies
                Arguments.of(
                        PolicyKind.TRUST,
                        doc("{" + ALLOW + ",\"Action\":\"sts:AssumeRole\"}"),
                        "Missing required field Principal"),
                Arguments.of(
                        PolicyKind.TRUST,
                        doc("{" + ALLOW + "," + ROOT + ",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}"),
                        "Has prohibited field Resource"),
                Arguments.of(
                        PolicyKind.TRUST,
                        doc("{" + ALLOW + ",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
                                + "\"Action\":\"sts:AssumeRole\"}"),
                        "Has prohibited field NotPrincipal"),
                Arguments.of(
                        PolicyKind.TRUST,
                        doc("{" + ALLOW + ",\"Principal\":{\"AWS\":\"bob\"},\"Action\":\"sts:AssumeRole\"}"),
                        "Invalid principal in policy: \"AWS\":\"bob\""),
                Arguments.of(
                        PolicyKind.TRUST,
                        doc("{" + ALLOW + ",\"Principal\":\"everyone\",\"Action\":\"sts:AssumeRole\"}"),
                        "Invalid principal in policy: \"AWS\":\"everyone\""),
                // key policies: KMS's words
                Arguments.of(PolicyKind.RESOURCE, "{not json", "The policy document is not valid JSON."),
                Arguments.of(PolicyKind.RESOURCE, "", "The policy document is not valid JSON."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + "," + ANY + "}"),
                        "Policy contains a statement with no principal."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + ",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/*\"}," + ANY + "}"),
                        "Policy contains a statement with one or more invalid principals."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + ",\"Principal\":{\"Group\":\"admins\"}," + ANY + "}"),
                        "Policy contains a statement with one or more invalid principals."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + ",\"Principal\":{\"AWS\":\"arn:aws:iam::11112222333:root\"}," + ANY + "}"),
                        "Policy contains a statement with one or more invalid principals."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + "," + ROOT + ",\"NotPrincipal\":\"*\"," + ANY + "}"),
                        "Statement 1 of the policy document has both Principal and NotPrincipal."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + "," + ROOT + ",\"Resource\":\"*\"}"),
                        "Statement 1 of the policy document has no Action or NotAction."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + "," + ROOT + ",\"Action\":\"Encrypt\",\"Resource\":\"*\"}"),
                        "Statement 1 of the policy document has the action \"Encrypt\"; an action is \"*\" or"
                                + " \"<service>:<action>\"."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + "," + ROOT + ",\"Action\":\"kms:*\",\"Resource\":\"\"}"),
                        "Statement 1 of the policy document has an empty Resource."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc(
                                "{" + ALLOW + "," + ROOT + "," + ANY
                                        + ",\"Condition\":{\"ForAllValues:StringEquals\":{\"kms:EncryptionContext:Dept\":\"IT\"}}}"),
                        "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a"
                                + " single-valued condition key matches requests without the specified encryption"
                                + " context or with an unspecified encryption context. To fix, remove ForAllValues."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + "," + ROOT + "," + ANY
                                + ",\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:RequestTag/team\":\"x\"}}}"),
                        "OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued"
                                + " condition key matches requests without the specified tag or with an unspecified tag."
                                + " To fix, remove ForAllValues."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + "," + ROOT + "," + ANY
                                + ",\"Condition\":{\"StringEquals\":{\"Dept\":\"x\"}}}"),
                        "Statement 1 of the policy document has the condition key \"Dept\"; a condition key is"
                                + " \"<service>:<key>\"."),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{\"Sid\":7," + ALLOW + "," + ROOT + "," + ANY + "}"),
                        "The Sid of statement 1 of the policy document must be a string."));
    }

    @ParameterizedTest(name = "[{index}] {0}: {2}")
    @MethodSource
    void malformed(PolicyKind kind, String json, String message) {
        assertThatThrownBy(() -> PolicyDocument.parse(json, kind))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> wellFormed() {
        String principals = "[\"*\",\"111122223333\",\"arn:aws:iam::111122223333:root\","
                + "\"arn:aws:iam::111122223333:user/division/alice\",\"arn:aws:iam::111122223333:role/app\","
                + "\"arn:aws:sts::111122223333:assumed-role/app/session-1\",\"arn:aws-cn:iam::111122223333:root\"]";
        return Stream.of(
                Arguments.of(PolicyKind.IDENTITY, doc("{" + ALLOW + "," + ANY + "}")),
                Arguments.of(PolicyKind.IDENTITY, "{\"Statement\":{" + ALLOW + "," + ANY + "}}"),
                Arguments.of(
                        PolicyKind.IDENTITY, "{\"Version\":\"2008-10-17\",\"Statement\":{" + ALLOW + "," + ANY + "}}"),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        doc("{\"Sid\":\"Use1\",\"Effect\":\"Deny\",\"NotAction\":[\"kms:Encrypt\"],\"NotResource\":"
                                + "\"arn:aws:kms:*:111122223333:key/*\"}")),
                Arguments.of(
                        PolicyKind.IDENTITY, identity("{\"NumericLessThanEquals\":{\"kms:ValidTo\":1546257599.0}}")),
                Arguments.of(PolicyKind.IDENTITY, identity("{\"Bool\":{\"aws:SecureTransport\":true}}")),
                Arguments.of(
                        PolicyKind.IDENTITY,
                        identity("{\"ForAnyValue:StringLikeIfExists\":{\"kms:ResourceAliases\":[\"alias/*\"]}}")),
                Arguments.of(PolicyKind.RESOURCE, "{\"Statement\":[]}"),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{\"Sid\":\"Enable IAM User Permissions\"," + ALLOW + ",\"Principal\":{\"AWS\":"
                                + principals + "}," + ANY + "}")),
                Arguments.of(
                        PolicyKind.RESOURCE,
                        doc("{" + ALLOW + ",\"Principal\":{\"Service\":\"logs.amazonaws.com\",\"Federated\":"
                                + "\"cognito-identity.amazonaws.com\"},\"Action\":\"kms:Decrypt\"}")),
                Arguments.of(
                        PolicyKind.TRUST,
                        doc("{" + ALLOW + "," + ROOT + ",\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}")));
    }

    @ParameterizedTest
    @MethodSource
    void wellFormed(PolicyKind kind, String json) throws MalformedPolicyException {
        PolicyDocument p = PolicyDocument.parse(json, kind);
        assertThat(p.json()).isEqualTo(json);
        assertThat(p.kind()).isEqualTo(kind);
    }

    @Test
    void theDocumentTellsItsVersionIdStatementsAndSize() throws MalformedPolicyException {
        PolicyDocument p = PolicyDocument.parse(
                "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
                        + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
                        + "    \"Principal\" : {\"AWS\" : \"arn:aws:iam::111122223333:root\"},\n"
                        + "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  }, {\"Effect\":\"Deny\","
                        + "\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"} ]\n}",
                PolicyKind.RESOURCE);
        assertThat(p.version()).isEqualTo("2012-10-17");
        assertThat(p.id()).isEqualTo("key-default-1");
        assertThat(p.statementCount()).isEqualTo(2);
        assertThat(p.sid(0)).isEqualTo("Enable IAM User Permissions");
        assertThat(p.sid(1)).isEmpty();
        assertThat(p.nonWhitespaceLength())
                .isEqualTo(p.json().replaceAll("\\s", "").length())
                .isLessThan(p.json().length());
        assertThat(PolicyDocument.parse("{\"Statement\":[]}", PolicyKind.RESOURCE)
                        .version())
                .isEqualTo("2008-10-17");
    }
}
