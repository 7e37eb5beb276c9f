package dev.trent.server.ssm;

import dev.trent.core.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Paging over a list sorted by name: the {@code NextToken} names the last item returned (base64url, opaque to
 * clients); a token that does not decode is {@code InvalidNextToken}, as in Parameter Store and Secrets Manager.
 */
public final class NameTokens {
    /** One page and the token of the next, or null when it is the last. */
    public record Page<T>(List<T> items, String nextToken) {}

    private NameTokens() {}

    public static <T> Page<T> page(
            List<T> sorted, Function<T, String> name, String token, int max, String invalidTokenCode) {
        String after = null;
        if (token != null) {
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ServiceException(invalidTokenCode, 400, "The specified token is not valid.");
            }
        }
        List<T> out = new ArrayList<>();
        for (T t : sorted) {
            if (after != null && name.apply(t).compareTo(after) <= 0) continue;
            if (out.size() == max) {
                String last = name.apply(out.get(out.size() - 1));
                return new Page<>(
                        out,
                        Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
            }
            out.add(t);
        }
        return new Page<>(out, null);
    }
}
