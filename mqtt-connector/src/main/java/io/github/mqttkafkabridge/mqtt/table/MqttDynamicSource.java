package io.github.mqttkafkabridge.mqtt.table;

import io.github.mqttkafkabridge.mqtt.source.MqttAckMode;
import io.github.mqttkafkabridge.mqtt.source.MqttSource;
import io.github.mqttkafkabridge.mqtt.source.MqttSourceBuilder;

import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.util.List;
import java.util.function.Function;

/** The scan side of an MQTT table: the same {@link MqttSource} the DataStream API builds. */
final class MqttDynamicSource implements ScanTableSource {
    private final DataType physicalType;
    private final List<String> topicFilters;
    private final Function<MqttSourceBuilder<RowData>, MqttSourceBuilder<RowData>> options;

    MqttDynamicSource(DataType physicalType, List<String> topicFilters,
                      Function<MqttSourceBuilder<RowData>, MqttSourceBuilder<RowData>> options) {
        this.physicalType = physicalType;
        this.topicFilters = topicFilters;
        this.options = options;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        RowType rowType = (RowType) physicalType.getLogicalType();
        MqttSourceBuilder<RowData> builder = options.apply(MqttSource.<RowData>builder())
                .setTopicFilters(topicFilters)
                .setAckMode(MqttAckMode.ON_CHECKPOINT)
                .setDeserializer(new RowDataMqttDeserializer(rowType, context.createTypeInformation(physicalType)));
        return SourceProvider.of(builder.build());
    }

    @Override
    public DynamicTableSource copy() {
        return new MqttDynamicSource(physicalType, topicFilters, options);
    }

    @Override
    public String asSummaryString() {
        return "MQTT" + topicFilters;
    }
}
