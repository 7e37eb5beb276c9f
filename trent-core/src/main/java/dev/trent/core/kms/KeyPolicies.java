package dev.trent.core.kms;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.trent.core.Caller;
import dev.trent.core.Json;
import dev.trent.core.ServiceException;
import java.io.IOException;
import java.util.Set;

/**
 * Key policy documents: the default one, and the checks a new one (CreateKey's Policy, PutKeyPolicy) must pass:
 * the policy grammar AWS enforces, then the policy lockout safety check unless the request sets {@code
 * BypassPolicyLockoutSafetyCheck}. Every refusal is {@code MalformedPolicyDocumentException}.
 */
public final class KeyPolicies {
    /** The only key policy name. */
    public static final String DEFAULT_NAME = "default";

    /** AWS's message when the new policy would not let the caller change it again (seen verbatim from AWS KMS). */
    static final String LOCKOUT = "The new key policy will not allow you to update the key policy in the future.";

    /** The two versions of the IAM policy language. */
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");

    /** One JSON value and nothing after it: "{...} trailing" is not a policy. */
    private static final ObjectReader READER =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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

    /**
     * Returns {@code policy} if it is a well-formed key policy that still lets {@code caller} call PutKeyPolicy
     * (or {@code bypassLockoutCheck} is set); {@code MalformedPolicyDocumentException} else.
     */
    static String check(String policy, Caller caller, Boolean bypassLockoutCheck) {
        JsonNode doc = grammar(policy);
        if (!Boolean.TRUE.equals(bypassLockoutCheck) && !PolicyLockout.allowsPutKeyPolicy(doc, caller)) {
            throw malformed(LOCKOUT);
        }
        return policy;
    }

    /**
     * The policy grammar AWS rejects: not one JSON object; a Version other than 2012-10-17 or 2008-10-17; no
     * Statement, or one that is not a statement object or an array of them; a statement whose Effect is not
     * {@code Allow} or {@code Deny}. (AWS's texts for these are not documented; these say what is wrong.)
     */
    static JsonNode grammar(String policy) {
        JsonNode doc;
        try {
            doc = policy == null ? null : READER.readTree(policy);
        } catch (IOException e) {
            throw malformed("The policy document is not valid JSON.");
        }
        if (doc == null || !doc.isObject() || !doc.has("Statement")) {
            throw malformed("The policy document must be a JSON object with a Statement.");
        }
        JsonNode version = doc.get("Version");
        if (version != null && !(version.isTextual() && VERSIONS.contains(version.asText()))) {
            throw malformed(
                    "The policy document's Version must be \"2012-10-17\" or \"2008-10-17\", not " + version + ".");
        }
        JsonNode statements = doc.get("Statement");
        if (statements.isObject()) {
            checkStatement(statements, 1);
        } else if (statements.isArray()) {
            int n = 0;
            for (JsonNode s : statements) {
                n++;
                if (!s.isObject()) {
                    throw malformed("Statement " + n + " of the policy document is not a JSON object.");
                }
                checkStatement(s, n);
            }
        } else {
            throw malformed("The policy document's Statement must be a statement object or an array of them.");
        }
        return doc;
    }

    private static void checkStatement(JsonNode statement, int n) {
        JsonNode effect = statement.get("Effect");
        if (effect == null || !effect.isTextual() || !isEffect(effect.asText())) {
            throw malformed("Statement " + n + " of the policy document has "
                    + (effect == null ? "no Effect" : "the Effect " + effect)
                    + "; the Effect must be \"Allow\" or \"Deny\".");
        }
    }

    private static boolean isEffect(String effect) {
        return "Allow".equals(effect) || "Deny".equals(effect);
    }

    private static ServiceException malformed(String message) {
        return new ServiceException("MalformedPolicyDocumentException", 400, message);
    }
}
