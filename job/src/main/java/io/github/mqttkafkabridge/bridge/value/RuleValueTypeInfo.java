package io.github.mqttkafkabridge.bridge.value;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of rule values in streams and event rows, serialized by {@link RuleValueSerializer}. In SQL it is the
 * {@code RAW} type every rule function takes and returns.
 */
public final class RuleValueTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    /** Any rule value: a tree, a {@link JsonText} or a {@link RuleError} (event-row columns, rule results). */
    public static final RuleValueTypeInfo<Object> ANY = new RuleValueTypeInfo<>(Object.class);
    /** A rule output: an object the actions render. */
    public static final RuleValueTypeInfo<com.fasterxml.jackson.databind.JsonNode> OUTPUT =
            new RuleValueTypeInfo<>(com.fasterxml.jackson.databind.JsonNode.class);

    private final Class<T> typeClass;

    private RuleValueTypeInfo(Class<T> typeClass) {
        this.typeClass = typeClass;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        // Safe: the serializer writes and reads any rule value, outputs included.
        return (TypeSerializer<T>) (TypeSerializer<?>) RuleValueSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "RuleValue(" + typeClass.getSimpleName() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleValueTypeInfo<?> other && other.typeClass == typeClass;
    }

    @Override
    public int hashCode() {
        return typeClass.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof RuleValueTypeInfo;
    }
}
