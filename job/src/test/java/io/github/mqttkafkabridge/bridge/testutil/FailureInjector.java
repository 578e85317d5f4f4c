package io.github.mqttkafkabridge.bridge.testutil;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pass-through operator that fails its task on purpose: when the job has processed given numbers of records,
 * and once inside {@code notifyCheckpointComplete}. Flink notifies a chain from its tail, so there the Kafka sink
 * has committed and the source has not acknowledged yet; the plan's {@code beforeNotificationFailure} action
 * (e.g. cutting the MQTT connection) makes the acknowledgements get lost, as a crash at that moment would. The
 * plan lives in this JVM, so it survives the restarts it causes.
 */
public final class FailureInjector<T> extends RichMapFunction<T, T> implements CheckpointListener {
    private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();

    private final String planName;

    public FailureInjector(String planName) {
        this.planName = planName;
    }

    /** Registers a plan; {@code failInCheckpointNotificationAfter} &lt; 0 means never. */
    public static Plan plan(String name, long failInCheckpointNotificationAfter, Runnable beforeNotificationFailure,
                            long... failAtRecords) {
        Plan plan = new Plan(failAtRecords, failInCheckpointNotificationAfter, beforeNotificationFailure);
        PLANS.put(name, plan);
        return plan;
    }

    @Override
    public T map(T value) {
        Plan plan = PLANS.get(planName);
        long n = plan.processed.incrementAndGet();
        synchronized (plan) {
            int next = plan.nextFailure.get();
            if (next < plan.failAtRecords.length && n >= plan.failAtRecords[next]) {
                plan.nextFailure.incrementAndGet();
                plan.failures.incrementAndGet();
                throw new IllegalStateException("injected failure at record " + n);
            }
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Plan plan = PLANS.get(planName);
        if (plan.failInNotificationAfter >= 0 && plan.processed.get() > plan.failInNotificationAfter
                && plan.notificationFailed.compareAndSet(false, true)) {
            plan.failures.incrementAndGet();
            plan.beforeNotificationFailure.run();
            throw new IllegalStateException("injected failure after checkpoint " + checkpointId + " completed");
        }
    }

    /** What to fail and what was failed. */
    public static final class Plan {
        private final long[] failAtRecords;
        private final long failInNotificationAfter;
        private final AtomicLong processed = new AtomicLong();
        private final AtomicInteger nextFailure = new AtomicInteger();
        private final AtomicBoolean notificationFailed = new AtomicBoolean();
        private final AtomicInteger failures = new AtomicInteger();
        private final Runnable beforeNotificationFailure;

        private Plan(long[] failAtRecords, long failInNotificationAfter, Runnable beforeNotificationFailure) {
            this.failAtRecords = failAtRecords;
            this.failInNotificationAfter = failInNotificationAfter;
            this.beforeNotificationFailure = beforeNotificationFailure;
        }

        public int failures() {
            return failures.get();
        }

        public boolean failedInNotification() {
            return notificationFailed.get();
        }
    }
}
