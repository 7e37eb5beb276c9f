package dev.trent.core.kms;

import dev.trent.core.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Paging markers. A marker is opaque to clients: base64url of a prefix saying which listing it belongs to and
 * either the item it follows ({@link #after}) or an index ({@link #byIndex}).
 */
final class Paging {
    private static final String INDEX = "t:";

    private Paging() {}

    /**
     * One page of {@code sorted} (ascending by {@code token}): the items after the one a marker names, and a
     * marker naming the last item returned when more follow. Markers name an item, not a position, so a page
     * stays right when items before it come or go.
     */
    static <T> Page<T> after(List<T> sorted, Function<T, String> token, String prefix, String marker, int max) {
        int start = 0;
        if (marker != null) {
            String after = decode(marker, prefix);
            start = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                if (token.apply(sorted.get(i)).compareTo(after) > 0) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(sorted.size(), start + max);
        List<T> page = sorted.subList(start, end);
        String next = end < sorted.size() ? encode(prefix + token.apply(page.get(page.size() - 1))) : null;
        return new Page<>(List.copyOf(page), next);
    }

    /** One page of {@code all} from the index a marker holds (lists that only grow at the end, like tags). */
    static <T> Page<T> byIndex(List<T> all, String marker, int max) {
        int start = marker == null ? 0 : index(marker);
        int end = Math.min(all.size(), start + max);
        String next = end < all.size() ? encode(INDEX + end) : null;
        return new Page<>(all.subList(Math.min(start, all.size()), end), next);
    }

    /** The index an index marker holds; {@code InvalidMarkerException} if it is not one. */
    static int index(String marker) {
        String raw = decode(marker, INDEX);
        try {
            int i = Integer.parseInt(raw);
            if (i >= 0) return i;
        } catch (NumberFormatException bad) {
            // fall through
        }
        throw invalidMarker();
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String marker, String prefix) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (raw.startsWith(prefix)) return raw.substring(prefix.length());
        } catch (IllegalArgumentException bad) {
            // fall through
        }
        throw invalidMarker();
    }

    private static ServiceException invalidMarker() {
        return new ServiceException(
                "InvalidMarkerException",
                400,
                "The marker that specifies where pagination should next begin is not valid.");
    }
}
