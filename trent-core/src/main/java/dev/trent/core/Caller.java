package dev.trent.core;

/**
 * An authenticated caller: the account and region the request acts in (the region comes from the SigV4
 * credential scope) and the principal that signed it.
 */
public record Caller(String accountId, String region, String principalArn, String accessKeyId) {
    public String partition() {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }
}
