package dev.trent.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Json;
import dev.trent.core.RequestContext;
import dev.trent.core.auth.KmsAuthorizer;
import dev.trent.core.auth.policy.MalformedPolicyException;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import dev.trent.core.secrets.Secret;
import dev.trent.core.secrets.Secrets;
import dev.trent.core.secrets.SecretsErrors;
import java.nio.charset.StandardCharsets;

/**
 * Who may act on a secret: the caller's identity-based policies and the secret's resource policy, with the IAM
 * evaluation logic ({@link KmsAuthorizer#decideWithResourcePolicy}: in the secret's account either allows, across
 * accounts both must). A secret that does not exist is checked against the identity policies on the ARN the
 * request names, then answered {@code ResourceNotFoundException}, so a caller without rights learns nothing.
 */
final class SecretAccess {
    private final KmsAuthorizer authorizer;

    SecretAccess(KmsAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** The secret {@code secretId} names, once {@code action} on it is allowed. */
    Secret secret(RequestContext c, String action, Secrets secrets, String secretId) {
        Secret s = secrets.find(c, secretId);
        if (s == null) {
            identity(c, action, secretId.startsWith("arn:") ? secretId : arn(c, secretId));
            throw SecretsErrors.notFound();
        }
        authorizer.authorizeWithResourcePolicy(c, action, s.arn(), s.accountId(), policy(s.policy()));
        return s;
    }

    /** An action decided by identity-based policies alone (CreateSecret on the new secret's ARN). */
    void identity(RequestContext c, String action, String arn) {
        authorizer.authorizeAccount(c, action, arn);
    }

    private static String arn(RequestContext c, String name) {
        return "arn:" + c.partition() + ":secretsmanager:" + c.region() + ":" + c.accountId() + ":secret:" + name;
    }

    private static PolicyDocument policy(String json) {
        if (json == null) return null;
        try {
            return PolicyDocument.parse(json, PolicyKind.RESOURCE);
        } catch (MalformedPolicyException e) {
            return null; // only well-formed policies are stored
        }
    }

    /**
     * A resource policy PutResourcePolicy may store: well-formed ({@code MalformedPolicyDocumentException}), and
     * with {@code blockPublic}, granting nothing to every principal ({@code PublicPolicyException}).
     */
    static void checkPolicy(String json, boolean blockPublic) {
        try {
            PolicyDocument.parse(json, PolicyKind.RESOURCE);
        } catch (MalformedPolicyException e) {
            throw SecretsErrors.of(
                    "MalformedPolicyDocumentException", "The resource policy has syntax errors: " + e.getMessage());
        }
        if (blockPublic && isPublic(Json.parse(json.getBytes(StandardCharsets.UTF_8)))) {
            throw SecretsErrors.of(
                    "PublicPolicyException",
                    "You can't attach a resource-based policy that allows broad access to the secret.");
        }
    }

    private static boolean isPublic(JsonNode policy) {
        JsonNode statements = policy.path("Statement");
        Iterable<JsonNode> list = statements.isArray() ? statements : java.util.List.of(statements);
        for (JsonNode st : list) {
            if (!"Allow".equals(st.path("Effect").asText()) || st.has("Condition")) continue;
            JsonNode p = st.path("Principal");
            if ("*".equals(p.asText()) || containsStar(p.path("AWS"))) return true;
        }
        return false;
    }

    private static boolean containsStar(JsonNode n) {
        if (n.isTextual()) return n.asText().equals("*");
        for (JsonNode x : n) if (x.asText().equals("*")) return true;
        return false;
    }
}
