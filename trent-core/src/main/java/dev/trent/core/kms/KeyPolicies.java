package dev.trent.core.kms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Caller;
import dev.trent.core.Json;
import dev.trent.core.ServiceException;

/** Key policy documents: the default one, and the checks a new one must pass. */
public final class KeyPolicies {
    /** The only key policy name. */
    public static final String DEFAULT_NAME = "default";

    private KeyPolicies() {}

    /** The default key policy AWS attaches when CreateKey has no Policy: the account root may do kms:*. */
    public static String defaultPolicy(Caller caller) {
        return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"arn:" + caller.partition() + ":iam::" + caller.accountId()
                + ":root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
    }

    static void checkName(String policyName) {
        if (policyName != null && !DEFAULT_NAME.equals(policyName)) {
            throw ServiceException.notFound("No such policy exists: the only key policy name is 'default'.");
        }
    }

    /** Returns {@code policy} if it is a JSON object with a Statement; {@code MalformedPolicyDocumentException} else. */
    static String check(String policy) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(policy);
        } catch (java.io.IOException e) {
            throw new ServiceException(
                    "MalformedPolicyDocumentException", 400, "The policy document is not valid JSON.");
        }
        if (doc == null || !doc.isObject() || !doc.has("Statement")) {
            throw new ServiceException(
                    "MalformedPolicyDocumentException",
                    400,
                    "The policy document must be a JSON object with a Statement.");
        }
        return policy;
    }
}
