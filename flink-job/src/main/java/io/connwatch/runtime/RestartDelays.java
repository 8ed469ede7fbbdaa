package io.connwatch.runtime;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;

import java.time.Duration;
import java.util.Locale;

/** The longest wait before a restart that the configured restart strategy can impose. */
final class RestartDelays {
    private RestartDelays() {}

    static Duration longest(ReadableConfig conf) {
        String type = conf.getOptional(RestartStrategyOptions.RESTART_STRATEGY).orElse("exponential-delay")
                .toLowerCase(Locale.ROOT).replace("-", "");
        switch (type) {
            case "none":
            case "off":
            case "disable":
                return Duration.ZERO;
            case "fixeddelay":
                return conf.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY);
            case "failurerate":
                return conf.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY);
            default:
                return conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF);
        }
    }
}
