package dev.trent.core.kms;

import java.util.List;

/** One page of a listing, and the marker of the next page (null on the last). */
public record Page<T>(List<T> items, String nextMarker) {
    public boolean truncated() {
        return nextMarker != null;
    }
}
