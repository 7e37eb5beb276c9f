package dev.trent.sdk.keyring;

import java.util.Objects;

/**
 * A parsed AWS KMS ARN, {@code arn:PARTITION:kms:REGION:ACCOUNT:key/ID} or {@code ...:alias/NAME}
 * (framework/aws-kms/aws-kms-key-arn.md).
 */
public record KmsArn(String partition, String region, String account, String resourceType, String resourceId) {
    public KmsArn {
        Objects.requireNonNull(partition);
        Objects.requireNonNull(region);
        Objects.requireNonNull(account);
        Objects.requireNonNull(resourceType);
        Objects.requireNonNull(resourceId);
    }

    /** Parses an ARN, returning null if it is not a valid AWS KMS key or alias ARN. */
    public static KmsArn parseOrNull(String s) {
        if (s == null || !s.startsWith("arn:")) {
            return null;
        }
        String[] p = s.split(":", 6);
        if (p.length != 6 || p[1].isEmpty() || !"kms".equals(p[2]) || p[3].isEmpty() || p[4].isEmpty()) {
            return null;
        }
        int slash = p[5].indexOf('/');
        if (slash <= 0 || slash == p[5].length() - 1) {
            return null;
        }
        String type = p[5].substring(0, slash);
        if (!type.equals("key") && !type.equals("alias")) {
            return null;
        }
        return new KmsArn(p[1], p[3], p[4], type, p[5].substring(slash + 1));
    }

    /** Parses an ARN or throws {@link IllegalArgumentException}. */
    public static KmsArn parse(String s) {
        KmsArn a = parseOrNull(s);
        if (a == null) {
            throw new IllegalArgumentException("Not a valid AWS KMS ARN: " + s);
        }
        return a;
    }

    public boolean isKey() {
        return resourceType.equals("key");
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":kms:" + region + ":" + account + ":" + resourceType + "/" + resourceId;
    }
}
