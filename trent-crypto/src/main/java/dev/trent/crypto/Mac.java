package dev.trent.crypto;

/**
 * Message Authentication Code: a keyed tag that proves data came from a holder of the same secret key and was not
 * altered.
 *
 * <p>Security contract: {@link #compute} authenticates exactly the bytes of {@code data} (nothing else: bind any
 * context, such as a purpose or an identity, into {@code data} yourself). Without the key, nobody can produce a tag
 * that {@link #verify} accepts for data it was not computed over. Tags are deterministic (same key and data, same
 * tag) and are <em>not</em> confidential: the data may be guessable from its tag if the data space is small.
 *
 * <p>{@link #verify} recomputes the tag and compares it with the given one in constant time ({@link ConstantTime}),
 * so the time it takes tells nothing about how many leading bytes matched. It accepts only the full-length tag: a
 * truncated or extended tag is invalid. Failure is reported by {@link InvalidMacException}, never by a return value,
 * so a forgotten check cannot pass silently.
 *
 * <p>Implementations are named after their algorithm (e.g. {@link HmacSha}), hold their key for their lifetime, and
 * are safe for concurrent use.
 */
public interface Mac {

    /**
     * Computes the tag of {@code data}.
     *
     * @param data the data to authenticate; must not be null (may be empty)
     * @return the full-length tag, owned by the caller
     */
    byte[] compute(byte[] data);

    /**
     * Checks that {@code tag} is the tag of {@code data} under this key, in constant time.
     *
     * @param tag the tag to check, as returned by {@link #compute}
     * @param data the data it claims to authenticate; must not be null
     * @throws InvalidMacException if {@code tag} is null, of the wrong length, or not the tag of {@code data}
     */
    void verify(byte[] tag, byte[] data) throws InvalidMacException;
}
