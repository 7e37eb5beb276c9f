package dev.trent.core.iam;

import dev.trent.core.auth.policy.PolicyKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS managed policies every account sees ({@code arn:aws:iam::aws:policy/...}): the few Trent's identities use,
 * with AWS's names, ids, dates, versions and documents. They are not stored and cannot be changed.
 */
final class AwsManagedPolicies {
    private static final Map<String, ManagedPolicy> BY_ARN = new LinkedHashMap<>();

    static {
        add(
                "AdministratorAccess",
                "ANPAIWMBCKSKIEE64ZLYK",
                "Provides full access to AWS services and resources.",
                "2015-02-06T18:39:46Z",
                "2015-02-06T18:39:46Z",
                "v1",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
        add(
                "AWSKeyManagementServicePowerUser",
                "ANPAJNPP7PPPPMJRV2SA4",
                "Provides access to AWS Key Management Service (KMS).",
                "2015-02-06T18:40:40Z",
                "2017-03-07T00:55:11Z",
                "v2",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"kms:CreateAlias\","
                        + "\"kms:CreateKey\",\"kms:DeleteAlias\",\"kms:Describe*\",\"kms:GenerateRandom\",\"kms:Get*\","
                        + "\"kms:List*\",\"kms:TagResource\",\"kms:UntagResource\",\"iam:ListGroups\","
                        + "\"iam:ListRoles\",\"iam:ListUsers\"],\"Resource\":\"*\"}]}");
    }

    /** {@code arn:aws:iam::aws:policy/AdministratorAccess}. */
    static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

    private AwsManagedPolicies() {}

    private static void add(
            String name,
            String id,
            String description,
            String created,
            String updated,
            String version,
            String document) {
        String arn = Iam.arn(Iam.AWS_OWNER, "policy", "/", name);
        ManagedPolicy p = new ManagedPolicy(
                Iam.AWS_OWNER,
                name,
                "/",
                id,
                description,
                Instant.parse(created),
                Instant.parse(updated),
                List.of(new ManagedPolicy.PolicyVersion(version, document, Instant.parse(updated))),
                version,
                Map.of(),
                IamPolicies.named(arn, IamPolicies.compileStored(document, PolicyKind.IDENTITY, arn)));
        BY_ARN.put(arn, p);
    }

    /** The AWS managed policy {@code arn} names, or null. */
    static ManagedPolicy byArn(String arn) {
        return BY_ARN.get(arn);
    }

    static List<ManagedPolicy> all() {
        return List.copyOf(BY_ARN.values());
    }
}
