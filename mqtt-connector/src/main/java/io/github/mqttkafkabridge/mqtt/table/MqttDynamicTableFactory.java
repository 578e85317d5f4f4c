package io.github.mqttkafkabridge.mqtt.table;

import io.github.mqttkafkabridge.mqtt.common.MqttOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.util.List;
import java.util.Set;

/**
 * {@code 'connector' = 'mqtt'}: the MQTT source and sink for Flink SQL, configured with the same option names as
 * the bridge's {@code mqtt { ... }} block and built through the same option objects as the DataStream API.
 */
public final class MqttDynamicTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {
    public static final String IDENTIFIER = "mqtt";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(MqttOptions.SERVER);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(MqttOptions.CLIENTID_PREFIX, MqttOptions.USERNAME, MqttOptions.PASSWORD, MqttOptions.KEEPALIVE,
                MqttOptions.CONNECT_TIMEOUT, MqttOptions.SESSION_EXPIRY_INTERVAL, MqttOptions.RECONNECT_TIMEOUT,
                MqttOptions.SSL_ENABLE, MqttOptions.SSL_CACERTFILE, MqttOptions.SSL_CERTFILE, MqttOptions.SSL_KEYFILE,
                MqttOptions.SSL_VERIFY, MqttOptions.SSL_HOSTNAME_VERIFICATION, MqttOptions.TOPIC_FILTERS,
                MqttOptions.SHARED_SUBSCRIPTION_GROUP, MqttOptions.RECEIVE_MAXIMUM, MqttOptions.SESSIONS_PER_SUBTASK,
                MqttOptions.DEDUP_ID, MqttOptions.TOPIC, MqttOptions.QOS, MqttOptions.RETAIN, MqttOptions.MAX_INFLIGHT);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        DataType physical = context.getPhysicalRowDataType();
        MqttTableColumns.validate((RowType) physical.getLogicalType(), MqttTableColumns.SOURCE);
        List<String> filters = options.getOptional(MqttOptions.TOPIC_FILTERS).orElseThrow(() ->
                new ValidationException("MQTT source table " + context.getObjectIdentifier()
                        + ": option 'topic_filters' is required, e.g. 'sensors/#;cars/+/state'"));
        return wrap(() -> {
            // Validate now, at planning time, with the same code that builds the source later.
            MqttOptions.applySourceOptions(options, io.github.mqttkafkabridge.mqtt.source.MqttSource.builder());
            return new MqttDynamicSource(physical, filters, b -> MqttOptions.applySourceOptions(options, b));
        });
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        RowType row = (RowType) context.getPhysicalRowDataType().getLogicalType();
        MqttTableColumns.validate(row, MqttTableColumns.SINK);
        if (!row.getFieldNames().contains("payload")) {
            throw new ValidationException("MQTT sink table " + context.getObjectIdentifier() + " needs a 'payload' column");
        }
        String topic = options.getOptional(MqttOptions.TOPIC).orElse(null);
        if (topic == null && !row.getFieldNames().contains("topic")) {
            throw new ValidationException("MQTT sink table " + context.getObjectIdentifier()
                    + " needs a 'topic' column or the 'topic' option");
        }
        int qos = options.get(MqttOptions.QOS);
        if (qos < 0 || qos > 2) {
            throw new ValidationException("MQTT option 'qos': " + qos + " is not 0, 1 or 2");
        }
        return wrap(() -> new MqttDynamicSink(MqttOptions.broker(options), row,
                context.getObjectIdentifier().getObjectName(), options.get(MqttOptions.MAX_INFLIGHT),
                new RowDataMqttSerializer(row, topic, qos, options.get(MqttOptions.RETAIN))));
    }

    private static <T> T wrap(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("MQTT option " + e.getMessage(), e);
        }
    }
}
