package dev.trent.core.auth.policy;

/**
 * What one policy document says about one request.
 *
 * @param effect {@code DENY} if a Deny statement applies, else {@code ALLOW} if an Allow statement applies, else
 *     {@code NONE}
 * @param throughAccount for a resource or trust policy, whether the deciding statement matched the caller only by
 *     naming its account ({@code "AWS": "111122223333"} or {@code ...:root}), which delegates to the account's
 *     identity policies, rather than the caller itself (or {@code *})
 * @param sid the Sid of the deciding statement, or an empty string
 * @param statement the index of the deciding statement (0-based), or -1 for {@code NONE}
 */
public record Match(Effect effect, boolean throughAccount, String sid, int statement) {
    public enum Effect {
        NONE,
        ALLOW,
        DENY
    }

    public static final Match NONE = new Match(Effect.NONE, false, "", -1);
}
