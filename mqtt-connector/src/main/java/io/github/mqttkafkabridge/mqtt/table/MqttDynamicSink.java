package io.github.mqttkafkabridge.mqtt.table;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.sink.MqttSink;

import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/** The sink side of an MQTT table: the same {@link MqttSink} the DataStream API builds. */
final class MqttDynamicSink implements DynamicTableSink {
    private final MqttBrokerOptions broker;
    private final RowType rowType;
    private final String tableName;
    private final int maxInflight;
    private final RowDataMqttSerializer serializer;

    MqttDynamicSink(MqttBrokerOptions broker, RowType rowType, String tableName, int maxInflight,
                    RowDataMqttSerializer serializer) {
        this.broker = broker;
        this.rowType = rowType;
        this.tableName = tableName;
        this.maxInflight = maxInflight;
        this.serializer = serializer;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return SinkV2Provider.of(MqttSink.<RowData>builder()
                .setBroker(broker)
                .setClientIdSuffix("table-" + tableName)
                .setMaxInflight(maxInflight)
                .setSerializer(serializer)
                .build());
    }

    @Override
    public DynamicTableSink copy() {
        return new MqttDynamicSink(broker, rowType, tableName, maxInflight, serializer);
    }

    @Override
    public String asSummaryString() {
        return "MQTT(" + broker.serverUri() + ")";
    }
}
