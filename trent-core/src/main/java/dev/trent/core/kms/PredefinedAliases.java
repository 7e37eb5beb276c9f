package dev.trent.core.kms;

import java.util.ArrayList;
import java.util.List;

/**
 * The aliases AWS predefines in every account and Region for its AWS managed keys: the {@code alias/aws/*} names a
 * fresh AWS account shows in ListAliases. Until an AWS managed key stands behind one, AWS lists it with its name
 * and ARN only: no {@code TargetKeyId}, no {@code CreationDate}, no {@code LastUpdatedDate} (ListAliases: "The
 * response might include several aliases that do not have a TargetKeyId field. These are predefined aliases that
 * AWS has created but has not yet associated with a KMS key").
 *
 * <p>AWS creates the AWS managed key behind such an alias when a service first uses it. Trent's Parameter Store and
 * Secrets Manager do that for {@code alias/aws/ssm} and {@code alias/aws/secretsmanager} ({@link AwsManagedKeys});
 * the others never get a key here: resolving one (Encrypt with {@code alias/aws/s3}) answers {@code
 * NotFoundException}, as AWS does for an alias with no key. Users can never create, update or delete a name under
 * {@code alias/aws/}.
 */
public final class PredefinedAliases {
    /** The reserved prefix. */
    public static final String PREFIX = "alias/aws/";

    /** The predefined names, in name order (the one place they are listed). */
    public static final List<String> NAMES = List.of(
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

    private PredefinedAliases() {}

    /** The predefined aliases of one account and Region: names only, no key and no dates. */
    public static List<Alias> in(String accountId, String region) {
        List<Alias> out = new ArrayList<>(NAMES.size());
        for (String name : NAMES) out.add(new Alias(accountId, region, name, null, null, null));
        return out;
    }

    /** Whether {@code alias} is a predefined one without a key (the listing entry of {@link #in}). */
    public static boolean isUnassociated(Alias alias) {
        return alias.targetKeyId() == null;
    }
}
