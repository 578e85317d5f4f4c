package io.github.mqttkafkabridge.bridge.value;

import io.github.mqttkafkabridge.bridge.value.Template.MissingPolicy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {
    private static final RenderInput OUTPUT = new RenderInput(Json.read(
            "{\"clientid\":\"c1\",\"payload\":\"{\\\"device\\\":\\\"d1\\\",\\\"t\\\":25.6}\",\"n\":3,"
                    + "\"obj\":{\"a\":[1,2]},\"flag\":true}"));

    @Test
    void wholeOutputAndSingleValues() {
        assertThat(Template.parse("${.}").render(OUTPUT, MissingPolicy.EMPTY)).isEqualTo(OUTPUT.json());
        assertThat(Template.parse("${.clientid}").render(OUTPUT, MissingPolicy.EMPTY)).isEqualTo("c1");
        assertThat(Template.parse("${clientid}").render(OUTPUT, MissingPolicy.EMPTY)).isEqualTo("c1");
        assertThat(Template.parse("${n}").render(OUTPUT, MissingPolicy.EMPTY)).isEqualTo("3");
        assertThat(Template.parse("${obj}").render(OUTPUT, MissingPolicy.EMPTY)).isEqualTo("{\"a\":[1,2]}");
        assertThat(Template.parse("${flag}").render(OUTPUT, MissingPolicy.EMPTY)).isEqualTo("true");
    }

    @Test
    void pathsDecodeJsonHeldInStrings() {
        assertThat(Template.parse("device-${payload.device}").render(OUTPUT, MissingPolicy.FAIL)).isEqualTo("device-d1");
        assertThat(Template.parse("${payload.t}").render(OUTPUT, MissingPolicy.FAIL)).isEqualTo("25.6");
    }

    @Test
    void missingVariablesFollowThePolicy() {
        Template t = Template.parse("a/${nope}/b");
        assertThat(t.render(OUTPUT, MissingPolicy.EMPTY)).isEqualTo("a//b");
        assertThat(t.render(OUTPUT, MissingPolicy.UNDEFINED)).isEqualTo("a/undefined/b");
        assertThatThrownBy(() -> t.render(OUTPUT, MissingPolicy.FAIL)).isInstanceOf(RenderException.class)
                .hasMessageContaining("${nope}");
    }

    @Test
    void unclosedPlaceholderIsAConfigError() {
        assertThatThrownBy(() -> Template.parse("t-${x")).hasMessageContaining("not closed");
    }

    @Test
    void singleVariableDetection() {
        assertThat(Template.parse("${qos}").isSingleVariable()).isTrue();
        assertThat(Template.parse("q${qos}").isSingleVariable()).isFalse();
        assertThat(Template.parse("1").isSingleVariable()).isFalse();
    }
}
