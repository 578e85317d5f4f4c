package io.github.mqttkafkabridge.mqtt.testutil;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pass-through operator that fails its task on purpose: when the job has processed given numbers of records,
 * and once between a Kafka commit and the MQTT acknowledgements. For the latter, the plan's
 * {@code beforeNotificationFailure} action (e.g. cutting the MQTT connection) runs while a checkpoint is being
 * taken, after the source recorded its state, and the task fails when that checkpoint completes: the Kafka sink
 * commits, while the acknowledgements the source sends on completion never reach the broker, whatever the order in
 * which Flink notifies the chain and however fast the broker drops the connection. The cut and that failure
 * belong to one attempt of the task: if the attempt that cut fails earlier (at a record count), its successor cuts
 * again. The plan lives in this JVM, so it survives the restarts it causes.
 */
public final class FailureInjector<T> extends RichMapFunction<T, T> implements CheckpointListener,
        CheckpointedFunction {
    private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();

    /** Fewest records this attempt must have forwarded into the checkpoint whose acknowledgements get lost. */
    private static final long MIN_RECORDS_IN_CUT_CHECKPOINT = 100;

    private final String planName;
    /** Records this attempt of the task has passed on (a restarted task starts again at 0). */
    private transient long processedInAttempt;
    /** Records since this subtask last took part in a checkpoint. */
    private transient long processedSinceSnapshot;

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
        processedInAttempt++;
        processedSinceSnapshot++;
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
    public void snapshotState(FunctionSnapshotContext context) {
        Plan plan = PLANS.get(planName);
        long covered = processedSinceSnapshot;
        processedSinceSnapshot = 0;
        // The checkpoint must cover records of this attempt that no earlier checkpoint covered: those are
        // committed to Kafka when it completes and not yet acknowledged, so the broker redelivers them. (Counting
        // the whole attempt let a quiet checkpoint, with everything acknowledged already, be the one cut.)
        boolean cut;
        synchronized (plan) {
            cut = plan.failInNotificationAfter >= 0 && plan.processed.get() > plan.failInNotificationAfter
                    && processedInAttempt >= MIN_RECORDS_IN_CUT_CHECKPOINT && covered >= MIN_RECORDS_IN_CUT_CHECKPOINT
                    && plan.cutAtCheckpoint < 0;
            if (cut) {
                plan.cutAtCheckpoint = context.getCheckpointId();
                plan.cutBy = attempt();
            }
        }
        if (cut) {
            plan.beforeNotificationFailure.run();
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        Plan plan = PLANS.get(planName);
        synchronized (plan) {
            // This subtask cut the connections in an attempt that failed before its checkpoint completed: the
            // sessions of this attempt acknowledge normally, so the cut must be made again, in this attempt.
            if (plan.cutAtCheckpoint >= 0 && !plan.notificationFailed && plan.cutBy.isEarlierAttemptOf(attempt())) {
                plan.cutAtCheckpoint = -1;
                plan.cutBy = null;
            }
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Plan plan = PLANS.get(planName);
        synchronized (plan) {
            // Only the attempt that cut the connections fails: in any other its acknowledgements reach the broker.
            if (plan.cutAtCheckpoint >= 0 && checkpointId >= plan.cutAtCheckpoint && attempt().equals(plan.cutBy)
                    && !plan.notificationFailed) {
                plan.notificationFailed = true;
                plan.failures.incrementAndGet();
                throw new IllegalStateException("injected failure after checkpoint " + checkpointId
                        + " completed (connections cut at checkpoint " + plan.cutAtCheckpoint + ")");
            }
        }
    }

    private Attempt attempt() {
        return new Attempt(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getAttemptNumber());
    }

    /** One execution attempt of one subtask. */
    private record Attempt(int subtask, int number) {
        boolean isEarlierAttemptOf(Attempt other) {
            return subtask == other.subtask && number < other.number;
        }
    }

    /** What to fail and what was failed. */
    public static final class Plan {
        private final long[] failAtRecords;
        private final long failInNotificationAfter;
        private final AtomicLong processed = new AtomicLong();
        private final AtomicInteger nextFailure = new AtomicInteger();
        // Guarded by the plan's lock.
        private boolean notificationFailed;
        private long cutAtCheckpoint = -1;
        private Attempt cutBy;
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

        public synchronized boolean failedInNotification() {
            return notificationFailed;
        }
    }
}
