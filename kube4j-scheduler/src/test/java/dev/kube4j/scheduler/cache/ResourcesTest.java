package dev.kube4j.scheduler.cache;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;

/** The integer fast path must give exactly what the general BigDecimal conversion gives. */
class ResourcesTest {

    @ParameterizedTest
    @ValueSource(strings = {"10m", "16Mi", "0", "1", "2", "500m", "1500m", "1Gi", "3Ti", "128Ki", "7k", "5M", "4G", "1m",
            "999999999999", "100Gi", "0.5", "1.5Gi", "1e3", "2E6", "-1", "12345678901234Mi", "1Pi", "2Ei", "15u"})
    void convertsAsTheGeneralPathDoes(String text) {
        Quantity q = new Quantity(text);
        for (String name : new String[]{Resources.CPU, Resources.MEMORY, "example.com/gpu"}) {
            BigDecimal v = Quantity.getAmountInBytes(q);
            if (name.equals(Resources.CPU)) {
                v = v.multiply(BigDecimal.valueOf(1000));
            }
            long expected;
            try {
                expected = v.setScale(0, RoundingMode.CEILING).longValueExact();
            } catch (ArithmeticException tooLarge) {
                continue; // beyond a long either way
            }
            assertThat(Resources.toLong(name, q)).as(name + "=" + text).isEqualTo(expected);
        }
    }
}
