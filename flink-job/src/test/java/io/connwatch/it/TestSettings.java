package io.connwatch.it;

import io.connwatch.config.Options;
import io.connwatch.config.OutlierRule;
import io.connwatch.config.ReportSettings;

import java.time.Duration;
import java.util.List;

/** Report settings for tests: the declared defaults, with what a test changes. */
public final class TestSettings {
    private final List<String> watched;
    private Duration disorder = Options.DISORDER.defaultValue();
    private Duration idleTimeout = Options.IDLE_TIMEOUT.defaultValue();
    private boolean live;
    private int preAggregateEntries = Options.PRE_AGGREGATE_ENTRIES.defaultValue();
    private Options.InteractionScope interactions = Options.INTERACTIONS.defaultValue();
    private Duration interactionGap = Options.INTERACTION_GAP.defaultValue();

    private TestSettings(List<String> watched) {
        this.watched = watched;
    }

    public static TestSettings watching(List<String> watched) {
        return new TestSettings(watched);
    }

    /** The defaults of the input contract, watching {@code watched}, bounded input. */
    public static ReportSettings defaults(List<String> watched) {
        return watching(watched).build();
    }

    public TestSettings disorder(Duration d) {
        this.disorder = d;
        return this;
    }

    /** Following live input, with this idle timeout. */
    public TestSettings live(Duration idle) {
        this.idleTimeout = idle;
        this.live = true;
        return this;
    }

    public TestSettings preAggregateEntries(int n) {
        this.preAggregateEntries = n;
        return this;
    }

    public TestSettings interactions(Options.InteractionScope scope, Duration gap) {
        this.interactions = scope;
        this.interactionGap = gap;
        return this;
    }

    public ReportSettings build() {
        return new ReportSettings(Options.TIMESTAMP_UNIT.defaultValue(), Options.MAX_LINE_BYTES.defaultValue(), disorder,
                idleTimeout, watched, null, preAggregateEntries, live, OutlierRule.defaults(), interactions, interactionGap);
    }
}
