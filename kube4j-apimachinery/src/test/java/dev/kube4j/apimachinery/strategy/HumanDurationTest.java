package dev.kube4j.apimachinery.strategy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HumanDurationTest {

    @Test
    void formats() {
        assertThat(HumanDuration.format(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
        assertThat(HumanDuration.format(Duration.ofMillis(-500))).isEqualTo("0s");
        assertThat(HumanDuration.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(HumanDuration.format(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(HumanDuration.format(Duration.ofSeconds(5 * 60))).isEqualTo("5m");
        assertThat(HumanDuration.format(Duration.ofSeconds(5 * 60 + 30))).isEqualTo("5m30s");
        assertThat(HumanDuration.format(Duration.ofMinutes(45))).isEqualTo("45m");
        assertThat(HumanDuration.format(Duration.ofMinutes(200))).isEqualTo("3h20m");
        assertThat(HumanDuration.format(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(HumanDuration.format(Duration.ofHours(20))).isEqualTo("20h");
        assertThat(HumanDuration.format(Duration.ofHours(52))).isEqualTo("2d4h");
        assertThat(HumanDuration.format(Duration.ofDays(400))).isEqualTo("400d");
        assertThat(HumanDuration.format(Duration.ofDays(365 * 3 + 2))).isEqualTo("3y2d");
        assertThat(HumanDuration.format(Duration.ofDays(365 * 9))).isEqualTo("9y");
        assertThat(HumanDuration.since(null)).isEqualTo("<unknown>");
        assertThat(HumanDuration.since("garbage")).isEqualTo("<unknown>");
    }
}
