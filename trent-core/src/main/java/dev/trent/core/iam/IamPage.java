package dev.trent.core.iam;

import dev.trent.core.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of an IAM listing ({@code Marker}/{@code MaxItems}/{@code IsTruncated}) and the marker of the next page
 * (null on the last). A marker is opaque to clients: base64url of the sort key of the last item returned, so a page
 * stays right when items before it come or go.
 */
public record IamPage<T>(List<T> items, String marker) {
    /** IAM's default {@code MaxItems}. */
    public static final int DEFAULT_MAX_ITEMS = 100;

    public IamPage {
        items = List.copyOf(items);
    }

    public boolean truncated() {
        return marker != null;
    }

    /** The page of {@code sorted} (ascending by {@code sortKey}) after the item {@code marker} names. */
    static <T> IamPage<T> of(List<T> sorted, Function<T, String> sortKey, String marker, Integer maxItems) {
        int max = maxItems == null ? DEFAULT_MAX_ITEMS : maxItems;
        if (max < 1) throw IamErrors.validation("MaxItems must be at least 1.");
        int start = 0;
        if (marker != null) {
            String after = decode(marker);
            start = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                if (sortKey.apply(sorted.get(i)).compareTo(after) > 0) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(sorted.size(), start + max);
        List<T> page = sorted.subList(start, end);
        String next = end < sorted.size() ? encode(sortKey.apply(page.getLast())) : null;
        return new IamPage<>(page, next);
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException bad) {
            throw invalidMarker();
        }
    }

    private static ServiceException invalidMarker() {
        return IamErrors.invalidInput("Invalid Marker.");
    }
}
