package dev.kube4j.apimachinery.resource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantityTest {

    private static String canon(String s) {
        return Quantity.parse(s).toString();
    }

    @Test
    void canonicalForms() {
        assertThat(canon("500m")).isEqualTo("500m");
        assertThat(canon("0.5")).isEqualTo("500m");
        assertThat(canon("1.5")).isEqualTo("1500m");
        assertThat(canon("2000m")).isEqualTo("2");
        assertThat(canon("1000")).isEqualTo("1k");
        assertThat(canon("1500000")).isEqualTo("1500k");
        assertThat(canon("600Mi")).isEqualTo("600Mi");
        assertThat(canon("1024Mi")).isEqualTo("1Gi");
        assertThat(canon("1536Mi")).isEqualTo("1536Mi");
        assertThat(canon("0.5Gi")).isEqualTo("512Mi");
        assertThat(canon("1e3")).isEqualTo("1e3");
        assertThat(canon("0")).isEqualTo("0");
        assertThat(canon("100")).isEqualTo("100");
        assertThat(canon("1G")).isEqualTo("1G");
    }

    @Test
    void compareAndRound() {
        assertThat(Quantity.parse("500m").compareTo(Quantity.parse("0.5"))).isZero();
        assertThat(Quantity.parse("1Gi").compareTo(Quantity.parse("1G"))).isPositive();
        assertThat(Quantity.parse("0.0001").roundUpMilli().toString()).isEqualTo("1m");
        assertThatThrownBy(() -> Quantity.parse("abc")).hasMessageContaining("quantities must match");
        assertThatThrownBy(() -> Quantity.parse("1K")).hasMessage("unable to parse quantity's suffix");
    }
}
