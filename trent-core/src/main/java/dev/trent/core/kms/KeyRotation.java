package dev.trent.core.kms;

import java.time.Duration;
import java.time.Instant;

/**
 * A key's rotation settings and bookkeeping: whether automatic rotation is on, its period, when it rotates next,
 * an on-demand rotation in progress, and how many on-demand rotations the key has had (AWS allows {@link
 * KeyRotations#MAX_ON_DEMAND}).
 *
 * @param enabled automatic rotation is on
 * @param periodDays the rotation period (90..2560; 365 by default); 0 while never enabled
 * @param nextRotationDate when the scheduler rotates next (null while disabled)
 * @param onDemandStartDate when an on-demand rotation in progress was asked for (null if none)
 * @param onDemandRotations on-demand rotations so far
 */
public record KeyRotation(
        boolean enabled, int periodDays, Instant nextRotationDate, Instant onDemandStartDate, int onDemandRotations) {
    public static final KeyRotation NONE = new KeyRotation(false, 0, null, null, 0);

    /** Automatic rotation on, every {@code days}, next at {@code from} plus the period. */
    public KeyRotation enable(int days, Instant from) {
        return new KeyRotation(true, days, from.plus(Duration.ofDays(days)), onDemandStartDate, onDemandRotations);
    }

    public KeyRotation disable() {
        return new KeyRotation(false, periodDays, null, onDemandStartDate, onDemandRotations);
    }

    public KeyRotation onDemandStarted(Instant when) {
        return new KeyRotation(enabled, periodDays, nextRotationDate, when, onDemandRotations + 1);
    }

    public KeyRotation onDemandDone() {
        return new KeyRotation(enabled, periodDays, nextRotationDate, null, onDemandRotations);
    }

    /** After an automatic rotation at {@code when}: the next one a period later. */
    public KeyRotation rotatedAutomatically(Instant when) {
        return new KeyRotation(
                enabled, periodDays, when.plus(Duration.ofDays(periodDays)), onDemandStartDate, onDemandRotations);
    }
}
