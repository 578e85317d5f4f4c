package io.github.mqttkafkabridge.bridge.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * An undefined value inside a list, such as {@code payload.x} in {@code [payload.x, 1]}: JSON null wherever it is
 * written (a list cannot leave an element out), but still undefined to the functions that skip undefined values
 * ({@code coalesce}), as EMQX's lists keep {@code undefined} apart from JSON's null.
 */
public final class UndefinedElement extends NullNode {
    private static final long serialVersionUID = 1L;

    public static final UndefinedElement INSTANCE = new UndefinedElement();

    private UndefinedElement() {}

    /** Whether {@code v} is undefined: null, or an undefined list element. */
    public static boolean is(JsonNode v) {
        return v == null || v instanceof UndefinedElement;
    }

    @Override
    protected Object readResolve() {
        return INSTANCE;
    }
}
