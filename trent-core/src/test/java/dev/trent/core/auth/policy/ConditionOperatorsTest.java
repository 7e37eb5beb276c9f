package dev.trent.core.auth.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every condition operator, with {@code IfExists}, {@code ForAnyValue:}/{@code ForAllValues:}, absent keys and
 * policy variables. Each row: the operator, the key, the policy values (JSON), the request's values ({@code -} for
 * an absent key, values separated by {@code ;}), and whether the condition holds.
 */
class ConditionOperatorsTest {
    private static boolean holds(String operator, String key, String policyValues, String requestValues) {
        PolicyDocument p =
                PolicyEvaluationTest.identity("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"" + operator + "\":{\"" + key + "\":" + policyValues + "}}}");
        TestRequest r =
                TestRequest.of("kms:Encrypt").with("aws:username", "alice").with("aws:principaltag/team", "blue");
        if (!"-".equals(requestValues)) r = r.with(key, requestValues.split(";", -1));
        return p.evaluate(r).effect() == Match.Effect.ALLOW;
    }

    @ParameterizedTest(name = "{0} {1}={2} vs {3}: {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                // strings
                "StringEquals | kms:ViaService | \"ssm.us-east-1.amazonaws.com\" | ssm.us-east-1.amazonaws.com | true",
                "StringEquals | kms:ViaService | \"ssm.us-east-1.amazonaws.com\" | SSM.us-east-1.amazonaws.com | false",
                "StringEquals | kms:ViaService | [\"a\",\"b\"] | b | true",
                "StringEquals | kms:ViaService | \"a\" | - | false",
                "StringEquals | kms:CallerAccount | 111122223333 | 111122223333 | true",
                "StringNotEquals | kms:ViaService | [\"a\",\"b\"] | b | false",
                "StringNotEquals | kms:ViaService | [\"a\",\"b\"] | c | true",
                "StringNotEquals | kms:ViaService | \"a\" | - | true",
                "StringEqualsIgnoreCase | kms:ViaService | \"SSM\" | ssm | true",
                "StringNotEqualsIgnoreCase | kms:ViaService | \"SSM\" | ssm | false",
                "StringLike | kms:RequestAlias | \"alias/*test*\" | alias/my-test-key | true",
                "StringLike | kms:RequestAlias | \"alias/t?st\" | alias/test | true",
                "StringLike | kms:RequestAlias | \"alias/t?st\" | alias/toast | false",
                "StringLike | kms:RequestAlias | \"Alias/*\" | alias/x | false",
                "StringNotLike | kms:RequestAlias | \"alias/prod-*\" | alias/dev-1 | true",
                "StringNotLike | kms:RequestAlias | \"alias/prod-*\" | alias/prod-1 | false",
                "StringNotLike | kms:RequestAlias | \"alias/prod-*\" | - | true",
                // variables in condition values
                "StringEquals | kms:EncryptionContext:user | \"${aws:username}\" | alice | true",
                "StringEquals | kms:EncryptionContext:user | \"${aws:username}\" | bob | false",
                "StringLike | aws:ResourceTag/team | \"${aws:PrincipalTag/team}*\" | blue-ops | true",
                "StringEquals | aws:ResourceTag/team | \"${aws:PrincipalTag/missing}\" | blue | false",
                "StringNotEquals | aws:ResourceTag/team | \"${aws:PrincipalTag/missing}\" | blue | true",
                // numbers
                "NumericEquals | kms:RotationPeriodInDays | 90 | 90 | true",
                "NumericEquals | kms:RotationPeriodInDays | \"90\" | 90.0 | true",
                "NumericNotEquals | kms:RotationPeriodInDays | 90 | 91 | true",
                "NumericNotEquals | kms:RotationPeriodInDays | 90 | 90 | false",
                "NumericLessThan | kms:ScheduleKeyDeletionPendingWindowInDays | 30 | 7 | true",
                "NumericLessThan | kms:ScheduleKeyDeletionPendingWindowInDays | 30 | 30 | false",
                "NumericLessThanEquals | kms:ValidTo | 1546257599.0 | 1546257599 | true",
                "NumericGreaterThan | kms:ScheduleKeyDeletionPendingWindowInDays | 10 | 11 | true",
                "NumericGreaterThanEquals | kms:ScheduleKeyDeletionPendingWindowInDays | 10 | 9 | false",
                "NumericGreaterThan | kms:ScheduleKeyDeletionPendingWindowInDays | 10 | ten | false",
                "NumericLessThan | kms:ScheduleKeyDeletionPendingWindowInDays | 10 | - | false",
                // dates
                "DateEquals | aws:CurrentTime | \"2026-11-23T10:00:00Z\" | 2026-11-23T10:00:00Z | true",
                "DateEquals | aws:CurrentTime | \"2026-11-23T12:00:00+02:00\" | 2026-11-23T10:00:00Z | true",
                "DateNotEquals | aws:CurrentTime | \"2026-11-23\" | 2026-11-23T10:00:00Z | true",
                "DateLessThan | aws:CurrentTime | \"2027-01-01T00:00:00Z\" | 2026-11-23T10:00:00Z | true",
                "DateLessThan | aws:CurrentTime | 1795428000 | 2026-11-23T10:00:00Z | false",
                "DateLessThanEquals | aws:EpochTime | \"2026-11-23T10:00:00Z\" | 1795428000 | true",
                "DateGreaterThan | aws:CurrentTime | \"2026-01-01\" | 2026-11-23T10:00:00Z | true",
                "DateGreaterThanEquals | aws:CurrentTime | \"2026-11-23T10:00:01Z\" | 2026-11-23T10:00:00Z | false",
                // booleans and binary
                "Bool | aws:SecureTransport | true | true | true",
                "Bool | aws:SecureTransport | \"true\" | false | false",
                "Bool | aws:SecureTransport | false | - | false",
                "BoolIfExists | aws:SecureTransport | false | - | true",
                "BinaryEquals | aws:x | \"QmluYXJ5VmFsdWU=\" | QmluYXJ5VmFsdWU= | true",
                "BinaryEquals | aws:x | \"QmluYXJ5VmFsdWU=\" | QmluYXJ5VmFsdWY= | false",
                // IP addresses
                "IpAddress | aws:SourceIp | \"203.0.113.0/24\" | 203.0.113.77 | true",
                "IpAddress | aws:SourceIp | \"203.0.113.0/24\" | 203.0.114.1 | false",
                "IpAddress | aws:SourceIp | [\"10.0.0.0/8\",\"203.0.113.5\"] | 203.0.113.5 | true",
                "IpAddress | aws:SourceIp | \"2001:DB8:1234:5678::/64\" | 2001:db8:1234:5678:abcd::1 | true",
                "IpAddress | aws:SourceIp | \"2001:DB8:1234:5678::/64\" | 2001:db8:1234:5679::1 | false",
                "IpAddress | aws:SourceIp | \"192.0.2.0/24\" | ::ffff:192.0.2.9 | true",
                "IpAddress | aws:SourceIp | \"10.0.0.0/8\" | not-an-ip | false",
                "NotIpAddress | aws:SourceIp | \"10.0.0.0/8\" | 192.168.1.5 | true",
                "NotIpAddress | aws:SourceIp | \"10.0.0.0/8\" | 10.1.2.3 | false",
                "NotIpAddress | aws:SourceIp | \"10.0.0.0/8\" | - | true",
                // ARNs
                "ArnEquals | aws:PrincipalArn | \"arn:aws:iam::111122223333:role/app\" | arn:aws:iam::111122223333:role/app | true",
                "ArnLike | aws:PrincipalArn | \"arn:aws:iam::*:role/app*\" | arn:aws:iam::111122223333:role/app-2 | true",
                "ArnLike | aws:PrincipalArn | \"arn:aws:iam::*:role/*\" | arn:aws:iam::111122223333:user/x | false",
                "ArnLike | aws:PrincipalArn | \"arn:aws:iam::*\" | arn:aws:iam::111122223333:role/x | false",
                "ArnNotEquals | aws:PrincipalArn | \"arn:aws:iam::111122223333:role/app\" | arn:aws:iam::111122223333:role/x | true",
                "ArnNotLike | aws:PrincipalArn | \"arn:aws:iam::111122223333:*\" | arn:aws:iam::111122223333:role/x | false",
                // Null
                "Null | kms:EncryptionContextKeys | true | - | true",
                "Null | kms:EncryptionContextKeys | true | a | false",
                "Null | kms:EncryptionContextKeys | false | a | true",
                "Null | kms:EncryptionContextKeys | false | - | false",
                // IfExists
                "StringEqualsIfExists | kms:ViaService | \"a\" | - | true",
                "StringEqualsIfExists | kms:ViaService | \"a\" | b | false",
                "StringNotEqualsIfExists | kms:ViaService | \"a\" | a | false",
                "NumericLessThanIfExists | kms:RotationPeriodInDays | 10 | - | true",
                // set operators
                "ForAnyValue:StringEquals | kms:EncryptionContextKeys | \"AppName\" | AppName;Project | true",
                "ForAnyValue:StringEquals | kms:EncryptionContextKeys | \"AppName\" | appname;Project | false",
                "ForAnyValue:StringEqualsIgnoreCase | kms:EncryptionContextKeys | \"AppName\" | appname;Project | true",
                "ForAnyValue:StringEquals | kms:EncryptionContextKeys | \"AppName\" | - | false",
                "ForAnyValue:StringEqualsIfExists | kms:EncryptionContextKeys | \"AppName\" | - | true",
                "ForAllValues:StringEquals | kms:EncryptionContextKeys | [\"AppName\",\"Project\"] | AppName;Project | true",
                "ForAllValues:StringEquals | kms:EncryptionContextKeys | [\"AppName\"] | AppName;Project | false",
                "ForAllValues:StringEquals | kms:EncryptionContextKeys | [\"AppName\"] | - | true",
                "ForAllValues:StringLike | kms:ResourceAliases | [\"alias/*Test*\"] | alias/aTest;alias/bTest | true",
                "ForAnyValue:StringNotEquals | kms:GrantOperations | [\"Encrypt\",\"Decrypt\"] | Encrypt;Sign | true",
                "ForAnyValue:StringNotEquals | kms:GrantOperations | [\"Encrypt\",\"Decrypt\"] | Encrypt;Decrypt | false",
                "ForAllValues:StringNotEquals | kms:GrantOperations | [\"Encrypt\"] | Decrypt;Sign | true",
                "ForAllValues:StringNotEquals | kms:GrantOperations | [\"Encrypt\"] | Decrypt;Encrypt | false",
                "ForAllValues:StringNotEquals | kms:GrantOperations | [\"Encrypt\"] | - | true",
                "ForAnyValue:NumericGreaterThan | aws:x | 5 | 1;9 | true",
                "ForAllValues:NumericGreaterThan | aws:x | 5 | 1;9 | false",
                // several values for one key: OR; a negated operator: none may match
                "StringEquals | aws:x | [\"a\",\"b\",\"c\"] | c | true",
                "StringNotLike | aws:x | [\"a*\",\"b*\"] | bee | false",
            })
    void operators(String operator, String key, String policyValues, String requestValues, boolean expected) {
        assertThat(holds(operator, key, policyValues, requestValues)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // several keys in one operator: AND
                "{\"StringEquals\":{\"aws:x\":\"1\",\"aws:y\":\"2\"}} | true",
                "{\"StringEquals\":{\"aws:x\":\"1\",\"aws:y\":\"3\"}} | false",
                // several operators: AND
                "{\"StringEquals\":{\"aws:x\":\"1\"},\"StringLike\":{\"aws:y\":\"*\"}} | true",
                "{\"StringEquals\":{\"aws:x\":\"1\"},\"Null\":{\"aws:y\":\"true\"}} | false",
            })
    void conditionsAreAndedAcrossKeysAndOperators(String condition, boolean expected) {
        PolicyDocument p = PolicyEvaluationTest.identity(
                "{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":" + condition + "}");
        TestRequest r = TestRequest.of("kms:Encrypt").with("aws:x", "1").with("aws:y", "2");
        assertThat(p.evaluate(r).effect() == Match.Effect.ALLOW).isEqualTo(expected);
    }
}
