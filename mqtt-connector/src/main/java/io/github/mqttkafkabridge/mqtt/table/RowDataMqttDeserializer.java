package io.github.mqttkafkabridge.mqtt.table;

import io.github.mqttkafkabridge.mqtt.common.MqttRecord;
import io.github.mqttkafkabridge.mqtt.source.MqttDeserializationSchema;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/** A received message as a row of the columns the table declares. Never fails on odd payloads. */
final class RowDataMqttDeserializer implements MqttDeserializationSchema<RowData> {
    private static final long serialVersionUID = 1L;

    private final RowType rowType;
    private final TypeInformation<RowData> producedType;

    RowDataMqttDeserializer(RowType rowType, TypeInformation<RowData> producedType) {
        this.rowType = rowType;
        this.producedType = producedType;
    }

    @Override
    public RowData deserialize(MqttRecord record) {
        GenericRowData row = new GenericRowData(rowType.getFieldCount());
        for (int i = 0; i < rowType.getFieldCount(); i++) {
            RowType.RowField f = rowType.getFields().get(i);
            row.setField(i, MqttTableColumns.sourceValue(f.getName(), f.getType(), record));
        }
        return row;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
