package io.github.mqttkafkabridge.mqtt.common;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicFiltersTest {

    @Test
    void wildcardsMatchAsTheMqttSpecSays() {
        assertThat(TopicFilters.matches("t/#", "t/1")).isTrue();
        assertThat(TopicFilters.matches("t/#", "t")).isTrue();
        assertThat(TopicFilters.matches("t/+", "t/1/2")).isFalse();
        assertThat(TopicFilters.matches("car/+/state", "car/7/state")).isTrue();
        assertThat(TopicFilters.matches("car/+/state", "car/7/speed")).isFalse();
        assertThat(TopicFilters.matches("#", "$SYS/broker")).isFalse();
        assertThat(TopicFilters.matches("+/x", "/x")).isTrue();
        assertThat(TopicFilters.matches("a/b", "a/b")).isTrue();
        assertThat(TopicFilters.matches("a/+", "a/")).isTrue();
        assertThat(TopicFilters.matches("a/+", "a")).isFalse();
        assertThat(TopicFilters.matches("a", "a/b")).isFalse();
        assertThat(TopicFilters.matches("a/b", "a")).isFalse();
        assertThat(TopicFilters.matches("a/b", "a/bc")).isFalse();
        assertThat(TopicFilters.matches("a/bc", "a/b")).isFalse();
        assertThat(TopicFilters.matches("a/+/b", "a//b")).isTrue();
        assertThat(TopicFilters.matches("a/b/#", "a/b")).isTrue();
        assertThat(TopicFilters.matches("#", "a/b/c")).isTrue();
        assertThat(TopicFilters.matches("+/+", "a/b")).isTrue();
        assertThat(TopicFilters.matches("+/+", "a/b/c")).isFalse();
        assertThat(TopicFilters.matches("+", "")).isTrue();
        assertThat(TopicFilters.matches("$SYS/#", "$SYS/broker")).isTrue();
        assertThat(TopicFilters.matches("a/b/", "a/b/")).isTrue();
        assertThat(TopicFilters.matches("a/b/", "a/b")).isFalse();
    }

    @Test
    void invalidFiltersAreRejectedWithTheFilterInTheMessage() {
        assertThatThrownBy(() -> TopicFilters.validateFilter("a/#/b")).hasMessageContaining("a/#/b");
        assertThatThrownBy(() -> TopicFilters.validateFilter("a/b+")).hasMessageContaining("'+'");
        assertThatThrownBy(() -> TopicFilters.validateFilter("")).hasMessageContaining("empty");
    }

    @Test
    void coveredFiltersAreDroppedSoTheBrokerDeliversOnce() {
        assertThat(TopicFilters.minimalCover(List.of("t/#", "t/1", "car/+/state", "car/7/state", "t/#")))
                .containsExactly("t/#", "car/+/state");
        assertThat(TopicFilters.minimalCover(List.of("a/+", "a/#"))).containsExactly("a/#");
        assertThat(TopicFilters.minimalCover(List.of("a/+", "b/+"))).containsExactly("a/+", "b/+");
    }
}
