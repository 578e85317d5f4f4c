package io.github.mqttkafkabridge.mqtt.testutil;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InternalMiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.support.ParameterInfo;
import org.junit.platform.commons.support.AnnotationSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What an integration test class runs on, started once for the class and stopped after it: a Flink MiniCluster
 * (one TaskManager, optionally reporting its metrics to a {@link MetricsProbe}), an MQTT broker, a Kafka broker
 * and test certificates, each only when asked for. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ConnectorTestEnvironment ENV = ConnectorTestEnvironment.builder()
 *         .miniCluster(2).metrics().mqtt(BrokerKind.HIVEMQ).kafka().build();
 * }</pre>
 *
 * <p>With {@link Builder#mqttOnEveryBroker()} the class must be annotated {@link OnEveryMqttBroker}: it then runs
 * once per {@link BrokerKind}, each run with a fresh broker of that kind, while the MiniCluster and Kafka serve
 * every run. Inside test methods {@code StreamExecutionEnvironment.getExecutionEnvironment()} submits to the
 * MiniCluster (parallelism: the number of slots), as with Flink's {@code MiniClusterExtension}. Jobs started with
 * {@link #startJob} are cancelled, if still running, when the run (or the class) ends, before the brokers stop.
 */
public class ConnectorTestEnvironment implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, BeforeClassTemplateInvocationCallback, AfterClassTemplateInvocationCallback {
    private final int slots;
    private final MetricsProbe metrics;
    private final BrokerKind mqttKind;
    private final boolean mqttOnEveryBroker;
    private final boolean persistentMqtt;
    private final boolean mqttTls;
    private final boolean kafka;
    private final boolean certificates;
    private final Configuration flinkOptions;

    private final List<JobClient> jobs = new CopyOnWriteArrayList<>();
    private InternalMiniClusterExtension flink;
    private KafkaTestBroker kafkaBroker;
    private Path directory;
    private TestCertificates testCertificates;
    /** Read by Flink task threads too (e.g. a {@link FailureInjector} plan cutting connections). */
    private volatile MqttTestBroker mqtt;
    private volatile BrokerKind currentKind;

    protected ConnectorTestEnvironment(Builder<?> settings) {
        this.slots = settings.slots;
        this.metrics = settings.metrics ? new MetricsProbe() : null;
        this.mqttKind = settings.mqttKind;
        this.mqttOnEveryBroker = settings.mqttOnEveryBroker;
        this.persistentMqtt = settings.persistentMqtt;
        this.mqttTls = settings.mqttTls;
        this.kafka = settings.kafka;
        this.certificates = settings.certificates || settings.mqttTls;
        this.flinkOptions = new Configuration(settings.flinkOptions);
    }

    /** A builder of this extension; nothing is started unless asked for. */
    public static Builder<? extends ConnectorTestEnvironment> builder() {
        return new Builder<>(ConnectorTestEnvironment::new);
    }

    // ---------------------------------------------------------------------------------------------- accessors

    /** The class's MiniCluster, e.g. to kill and start TaskManagers. */
    public MiniCluster miniCluster() {
        return started(flink, "a MiniCluster", "miniCluster(slots)").getMiniCluster();
    }

    /** A new environment submitting to the MiniCluster, parallelism 1. */
    public StreamExecutionEnvironment streamEnvironment() {
        return new TestStreamEnvironment(miniCluster(), 1);
    }

    /** The MiniCluster's metrics, kept across job restarts and after jobs end. */
    public MetricsProbe metrics() {
        if (metrics == null) {
            throw new IllegalStateException("this test environment was built without metrics()");
        }
        return metrics;
    }

    /** The MQTT broker of the class, or of the current run with {@link Builder#mqttOnEveryBroker()}. */
    public MqttTestBroker mqtt() {
        return started(mqtt, "an MQTT broker", "mqtt(kind) or mqttOnEveryBroker()");
    }

    /** The kind of {@link #mqtt()}. */
    public BrokerKind mqttKind() {
        return started(currentKind, "an MQTT broker", "mqtt(kind) or mqttOnEveryBroker()");
    }

    public KafkaTestBroker kafka() {
        return started(kafkaBroker, "Kafka", "kafka()");
    }

    /** Whether this environment was built with {@link Builder#kafka()}. */
    public boolean hasKafka() {
        return kafka;
    }

    /** A throw-away CA, broker and client certificates, in {@link #directory()}. */
    public TestCertificates certificates() {
        return started(testCertificates, "test certificates", "certificates() or mqttTls()");
    }

    /** A temporary directory for the class (holding the {@link #certificates()}), deleted after it. */
    public Path directory() {
        return started(directory, "a directory", "certificates() or mqttTls()");
    }

    /** Submits {@code env}'s job without waiting for it; it is cancelled when the run ends if still running. */
    public JobClient startJob(StreamExecutionEnvironment env, String jobName) throws Exception {
        return track(env.executeAsync(jobName));
    }

    /** Submits a prepared job graph (e.g. one restoring a savepoint), like {@link #startJob(StreamExecutionEnvironment, String)}. */
    public JobClient startJob(StreamExecutionEnvironment env, StreamGraph graph) throws Exception {
        return track(env.executeAsync(graph));
    }

    /** Cancels {@code job}, if still running, when the run (or the class) ends. */
    protected JobClient track(JobClient job) {
        jobs.add(job);
        return job;
    }

    private static <T> T started(T value, String what, String builderCall) {
        if (value == null) {
            throw new IllegalStateException("no " + what + " here: build the test environment with " + builderCall
                    + " (and reach it from tests or @BeforeAll methods, after it started)");
        }
        return value;
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        boolean everyBroker = AnnotationSupport.isAnnotated(testClass, OnEveryMqttBroker.class);
        if (mqttOnEveryBroker && !everyBroker) {
            throw new ExtensionConfigurationException(testClass.getName() + ": mqttOnEveryBroker() needs the class "
                    + "annotated @" + OnEveryMqttBroker.class.getSimpleName());
        }
        if (certificates) {
            directory = Files.createTempDirectory("connector-test-");
            testCertificates = TestCertificates.create(directory);
        }
        if (slots > 0) {
            Configuration configuration = metrics == null ? new Configuration(flinkOptions)
                    : metrics.addTo(new Configuration(flinkOptions));
            flink = new InternalMiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(configuration)
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(slots)
                    .build());
            flink.beforeAll(context);
        }
        if (kafka) {
            kafkaBroker = KafkaTestBroker.start();
        }
        if (mqttKind != null) {
            currentKind = mqttKind;
            mqtt = mqttKind.startForClass(persistentMqtt, mqttTls ? testCertificates : null);
        }
    }

    @Override
    public void beforeClassTemplateInvocation(ExtensionContext context) throws Exception {
        if (!mqttOnEveryBroker) {
            return;
        }
        BrokerKind kind = brokerKindOf(context);
        currentKind = kind;
        mqtt = kind.start(persistentMqtt, mqttTls ? testCertificates : null);
    }

    private static BrokerKind brokerKindOf(ExtensionContext context) {
        ParameterInfo info = ParameterInfo.get(context);
        if (info != null) {
            for (Object argument : info.getArguments().toList()) {
                if (argument instanceof BrokerKind kind) {
                    return kind;
                }
            }
        }
        throw new ExtensionConfigurationException(context.getDisplayName() + ": no " + BrokerKind.class.getSimpleName()
                + " argument; annotate the class @" + OnEveryMqttBroker.class.getSimpleName());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (flink != null) {
            MiniCluster cluster = flink.getMiniCluster();
            int parallelism = cluster.getConfiguration().getOptional(CoreOptions.DEFAULT_PARALLELISM)
                    .orElse(flink.getNumberSlots());
            TestStreamEnvironment.setAsContext(cluster, parallelism);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (flink != null) {
            TestStreamEnvironment.unsetAsContext();
        }
    }

    @Override
    public void afterClassTemplateInvocation(ExtensionContext context) throws Exception {
        if (!mqttOnEveryBroker) {
            return;
        }
        List<Exception> errors = new ArrayList<>();
        run(errors, this::cancelJobs);
        run(errors, this::closeMqtt);
        throwFirst(errors);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<Exception> errors = new ArrayList<>();
        run(errors, this::cancelJobs);
        run(errors, () -> {
            if (flink != null) {
                flink.afterAll(context);
                flink = null;
            }
        });
        run(errors, this::closeMqtt);
        run(errors, () -> {
            if (kafkaBroker != null) {
                kafkaBroker.close();
                kafkaBroker = null;
            }
        });
        run(errors, () -> {
            if (directory != null) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
                directory = null;
                testCertificates = null;
            }
        });
        throwFirst(errors);
    }

    /** Cancels the jobs started through this extension that still run. */
    private void closeMqtt() throws Exception {
        MqttTestBroker broker = mqtt;
        mqtt = null;
        currentKind = null;
        if (broker != null) {
            broker.close();
        }
    }

    private void cancelJobs() throws Exception {
        try {
            for (JobClient job : jobs) {
                try {
                    if (!job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                        job.cancel().get(60, TimeUnit.SECONDS);
                    }
                } catch (ExecutionException endedMeanwhile) {
                    if (!job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                        throw endedMeanwhile;
                    }
                }
            }
        } finally {
            jobs.clear();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(List<Exception> errors, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            errors.add(e);
        }
    }

    private static void throwFirst(List<Exception> errors) throws Exception {
        if (!errors.isEmpty()) {
            Exception first = errors.get(0);
            errors.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** What a test class needs; {@code E} is the extension built (this class or a subclass). */
    public static final class Builder<E extends ConnectorTestEnvironment> {
        private final Function<Builder<E>, E> factory;
        private int slots;
        private boolean metrics;
        private BrokerKind mqttKind;
        private boolean mqttOnEveryBroker;
        private boolean persistentMqtt;
        private boolean mqttTls;
        private boolean kafka;
        private boolean certificates;
        private final Configuration flinkOptions = new Configuration();

        /** For subclasses: {@code new Builder<>(MyEnvironment::new)}. */
        public Builder(Function<Builder<E>, E> factory) {
            this.factory = factory;
        }

        /** A MiniCluster with one TaskManager of {@code slots} slots. */
        public Builder<E> miniCluster(int slots) {
            if (slots < 1) {
                throw new IllegalArgumentException("slots: " + slots);
            }
            this.slots = slots;
            return this;
        }

        /** A Flink option of the MiniCluster, as a user would set it in Flink's configuration file. */
        public Builder<E> flinkOption(String key, String value) {
            flinkOptions.set(org.apache.flink.configuration.ConfigOptions.key(key).stringType().noDefaultValue(), value);
            return this;
        }

        /** The MiniCluster reports to a {@link MetricsProbe} ({@link #metrics()}). */
        public Builder<E> metrics() {
            this.metrics = true;
            return this;
        }

        /** One MQTT broker of {@code kind} for the whole class (not subject to {@code bridge.test.brokers}). */
        public Builder<E> mqtt(BrokerKind kind) {
            this.mqttKind = kind;
            return this;
        }

        /** A fresh MQTT broker for each run of a class annotated {@link OnEveryMqttBroker}, of that run's kind. */
        public Builder<E> mqttOnEveryBroker() {
            this.mqttOnEveryBroker = true;
            return this;
        }

        /** The MQTT broker keeps sessions on disk across {@link MqttTestBroker#restart()}. */
        public Builder<E> persistentMqtt() {
            this.persistentMqtt = true;
            return this;
        }

        /** The MQTT broker has a TLS listener ({@link MqttTestBroker#tlsPort()}) with the test certificates. */
        public Builder<E> mqttTls() {
            this.mqttTls = true;
            return this;
        }

        /** A Kafka broker ({@link KafkaTestBroker}) for the whole class. */
        public Builder<E> kafka() {
            this.kafka = true;
            return this;
        }

        /** {@link TestCertificates} in a temporary directory for the whole class. */
        public Builder<E> certificates() {
            this.certificates = true;
            return this;
        }

        public E build() {
            if (mqttKind != null && mqttOnEveryBroker) {
                throw new IllegalStateException("mqtt(kind) and mqttOnEveryBroker() exclude each other");
            }
            if ((persistentMqtt || mqttTls) && mqttKind == null && !mqttOnEveryBroker) {
                throw new IllegalStateException("persistentMqtt() and mqttTls() need mqtt(kind) or mqttOnEveryBroker()");
            }
            if (metrics && slots == 0) {
                throw new IllegalStateException("metrics() needs miniCluster(slots)");
            }
            return factory.apply(this);
        }
    }
}
