package io.connwatch.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a line's time is an outlier (reason {@code outlier_timestamp}): more than {@code gap} away
 * from the time of the lines before it, unless the next lines corroborate it ({@code confirmations}
 * lines in a row within {@code gap} of each other: a real jump, e.g. a day without logs); and,
 * while following live input, more than {@code futureTolerance} ahead of the wall clock.
 */
public final class OutlierRule implements Serializable {
    private static final long serialVersionUID = 1L;

    public final long gapMs;
    public final int confirmations;
    public final long futureToleranceMs;

    public OutlierRule(Duration gap, int confirmations, Duration futureTolerance) {
        if (gap.isNegative() || gap.isZero() || confirmations < 1 || futureTolerance.isNegative()) {
            throw new IllegalArgumentException("the outlier gap must be positive, confirmations >= 1, the tolerance >= 0");
        }
        this.gapMs = gap.toMillis();
        this.confirmations = confirmations;
        this.futureToleranceMs = futureTolerance.toMillis();
    }

    public static OutlierRule defaults() {
        return new OutlierRule(Options.OUTLIER_GAP.defaultValue(), Options.OUTLIER_CONFIRMATIONS.defaultValue(),
                Options.FUTURE_TOLERANCE.defaultValue());
    }
}
