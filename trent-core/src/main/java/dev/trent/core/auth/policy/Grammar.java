package dev.trent.core.auth.policy;

/**
 * The wording of grammar errors. IAM (identity and trust policies) and KMS (key policies) word the same mistakes
 * differently; where AWS's text is known it is used, elsewhere the message says what is wrong and where.
 */
final class Grammar {
    /** IAM's words for a document it cannot read. */
    static final String IAM_SYNTAX = "Syntax errors in policy.";

    static final String IAM_VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";

    private final boolean iam;

    Grammar(PolicyKind kind) {
        this.iam = kind != PolicyKind.RESOURCE;
    }

    boolean iam() {
        return iam;
    }

    MalformedPolicyException notJson() {
        return error(iam ? IAM_SYNTAX : "The policy document is not valid JSON.");
    }

    MalformedPolicyException notAnObject() {
        return error(iam ? IAM_SYNTAX : "The policy document must be a JSON object with a Statement.");
    }

    MalformedPolicyException noStatement() {
        return error(
                iam
                        ? "Missing required field Statement"
                        : "The policy document must be a JSON object with a Statement.");
    }

    MalformedPolicyException version(String shown) {
        return error("The policy document's Version must be \"2012-10-17\" or \"2008-10-17\", not " + shown + ".");
    }

    MalformedPolicyException statementShape() {
        return error(
                iam ? IAM_SYNTAX : "The policy document's Statement must be a statement object or an array of them.");
    }

    MalformedPolicyException statementNotObject(int n) {
        return error(iam ? IAM_SYNTAX : "Statement " + n + " of the policy document is not a JSON object.");
    }

    MalformedPolicyException unknownElement(String where, String name) {
        return error(where + " has an unknown element \"" + name + "\".");
    }

    MalformedPolicyException notText(String where, String element) {
        return error(iam ? IAM_SYNTAX : "The " + element + " of " + where + " must be a string.");
    }

    MalformedPolicyException effect(int n, String shown) {
        if (iam) return error(shown == null ? "Missing required field Effect" : "The policy failed legacy parsing");
        return error("Statement " + n + " of the policy document has "
                + (shown == null ? "no Effect" : "the Effect " + shown)
                + "; the Effect must be \"Allow\" or \"Deny\".");
    }

    MalformedPolicyException principalInIdentityPolicy() {
        return error("Policy document should not specify a principal.");
    }

    MalformedPolicyException noPrincipal() {
        return error(iam ? "Missing required field Principal" : "Policy contains a statement with no principal.");
    }

    MalformedPolicyException invalidPrincipal(String type, String value) {
        return error(
                iam
                        ? "Invalid principal in policy: \"" + type + "\":\"" + value + "\""
                        : "Policy contains a statement with one or more invalid principals.");
    }

    MalformedPolicyException both(int n, String element) {
        return error("Statement " + n + " of the policy document has both " + element + " and Not" + element + ".");
    }

    MalformedPolicyException prohibited(String element) {
        return error("Has prohibited field " + element);
    }

    MalformedPolicyException noActions(int n) {
        return error(
                iam
                        ? "Policy statement must contain actions."
                        : "Statement " + n + " of the policy document has no Action or NotAction.");
    }

    MalformedPolicyException noResources() {
        return error("Policy statement must contain resources.");
    }

    MalformedPolicyException action(int n, String action) {
        return error(
                iam
                        ? IAM_VENDOR
                        : "Statement " + n + " of the policy document has the action \"" + action
                                + "\"; an action is \"*\" or \"<service>:<action>\".");
    }

    MalformedPolicyException emptyResource(int n) {
        return error(
                iam
                        ? "Policy statement must contain resources."
                        : "Statement " + n + " of the policy document has an empty Resource.");
    }

    MalformedPolicyException conditionKey(int n, String key) {
        return error(
                iam
                        ? IAM_VENDOR
                        : "Statement " + n + " of the policy document has the condition key \"" + key
                                + "\"; a condition key is \"<service>:<key>\".");
    }

    MalformedPolicyException condition(int n, String problem) {
        return error("Statement " + n + " of the policy document has an invalid Condition: " + problem);
    }

    MalformedPolicyException duplicateSid() {
        return error("Statement IDs (SID) in a single policy must be unique.");
    }

    MalformedPolicyException sidNotAlphanumeric() {
        return error("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular"
                + " expression [0-9A-Za-z]*");
    }

    MalformedPolicyException overlyPermissive(boolean encryptionContext) {
        return error(
                encryptionContext
                        ? "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a"
                                + " single-valued condition key matches requests without the specified encryption context or"
                                + " with an unspecified encryption context. To fix, remove ForAllValues."
                        : "OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key"
                                + " matches requests without the specified tag or with an unspecified tag. To fix, remove"
                                + " ForAllValues.");
    }

    static MalformedPolicyException error(String message) {
        return new MalformedPolicyException(message);
    }
}
