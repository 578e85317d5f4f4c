package io.github.mqttkafkabridge.mqtt.testutil;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the metrics a user would see in the web UI, summed over subtasks and over restarts of the job (the
 * reporter keeps the metrics of failed attempts).
 */
public final class MetricsProbe {
    private final InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();

    public Configuration addTo(Configuration conf) {
        return reporter.addToConfiguration(conf);
    }

    /** Sum of a counter (or numeric gauge) named {@code name} of operator {@code operator} in job {@code job}. */
    public long value(String job, String operator, String name) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            List<String> scope = List.of(group.getKey().getScopeComponents());
            if (!scope.contains(job) || (operator != null && scope.stream().noneMatch(c -> isOperator(c, operator)))) {
                continue;
            }
            Metric m = group.getValue().get(name);
            if (m instanceof Counter c) {
                sum += c.getCount();
            } else if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                sum += n.longValue();
            }
        }
        return sum;
    }

    /** Flink names a source operator "Source: x" and a sink's writer "x: Writer". */
    private static boolean isOperator(String scopeComponent, String operator) {
        return scopeComponent.equals(operator) || scopeComponent.equals("Source: " + operator)
                || scopeComponent.startsWith(operator + ": ");
    }

    /** Waits until the metric reaches at least {@code expected}. */
    public long awaitAtLeast(String job, String operator, String name, long expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long v = value(job, operator, name);
        while (v < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            v = value(job, operator, name);
        }
        assertThat(v).as("%s %s %s", job, operator, name).isGreaterThanOrEqualTo(expected);
        return v;
    }
}
