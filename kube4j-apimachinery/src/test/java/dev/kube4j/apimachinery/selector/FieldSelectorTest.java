package dev.kube4j.apimachinery.selector;

import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.selector.FieldSelector.Operator;
import dev.kube4j.apimachinery.selector.FieldSelector.Requirement;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldSelectorTest {

    private static final Map<String, String> POD = Map.of(
            "metadata.name", "web-0", "metadata.namespace", "default", "spec.nodeName", "node-1", "status.phase", "Running");

    @Test
    void parsesAllOperators() {
        FieldSelector s = FieldSelector.parse("metadata.name=web-0,spec.nodeName==node-1,status.phase!=Pending");
        assertThat(s.requirements()).containsExactly(
                new Requirement("metadata.name", Operator.EQUALS, "web-0"),
                new Requirement("spec.nodeName", Operator.EQUALS, "node-1"),
                new Requirement("status.phase", Operator.NOT_EQUALS, "Pending"));
        assertThat(s.matches(POD)).isTrue();
        assertThat(s.matches(POD::get)).isTrue();
        assertThat(FieldSelector.parse("status.phase!=Running").matches(POD)).isFalse();
        assertThat(FieldSelector.parse("metadata.name=other").matches(POD)).isFalse();
    }

    @Test
    void missingFieldsCompareAsEmpty() {
        assertThat(FieldSelector.parse("spec.unknown=").matches(POD)).isTrue();
        assertThat(FieldSelector.parse("spec.unknown!=x").matches(POD)).isTrue();
        assertThat(FieldSelector.parse("spec.nodeName=").matches(POD)).isFalse();
    }

    @Test
    void termsAreSortedAndCanonical() {
        FieldSelector s = FieldSelector.parse("b=2,a==1,c!=3");
        assertThat(s.toString()).isEqualTo("a=1,b=2,c!=3");
        assertThat(FieldSelector.parse("").isEmpty()).isTrue();
        assertThat(FieldSelector.parse(",,").isEmpty()).isTrue();
        assertThat(FieldSelector.parse("=").isEmpty()).isTrue();
        assertThat(FieldSelector.everything().matches(POD)).isTrue();
        assertThat(FieldSelector.nothing().matches(POD)).isFalse();
    }

    @Test
    void escaping() {
        FieldSelector s = FieldSelector.parse("metadata.name=a\\,b\\=c\\\\d");
        assertThat(s.requirements().get(0).value()).isEqualTo("a,b=c\\d");
        assertThat(s.toString()).isEqualTo("metadata.name=a\\,b\\=c\\\\d");
        assertThat(s.matches(Map.of("metadata.name", "a,b=c\\d"))).isTrue();
        assertThat(FieldSelector.escapeValue("x,y=z\\")).isEqualTo("x\\,y\\=z\\\\");
        assertThat(FieldSelector.unescapeValue("plain")).isEqualTo("plain");
    }

    @Test
    void errorsMatchUpstream() {
        assertThatThrownBy(() -> FieldSelector.parse("metadata.name"))
                .isInstanceOf(ApiException.class)
                .hasMessage("invalid selector: 'metadata.name'; can't understand 'metadata.name'")
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(400));
        assertThatThrownBy(() -> FieldSelector.parse("a=b,c"))
                .hasMessage("invalid selector: 'a=b,c'; can't understand 'c'");
        assertThatThrownBy(() -> FieldSelector.parse("a=b\\c"))
                .hasMessage("invalid field selector: invalid escape sequence: \\c");
        assertThatThrownBy(() -> FieldSelector.parse("a=b\\"))
                .hasMessage("invalid field selector: invalid escape sequence: \\");
        assertThatThrownBy(() -> FieldSelector.parse("a=b=c"))
                .hasMessage("invalid field selector: unescaped character in value: 61");
    }

    @Test
    void requiresExactMatchAndTransform() {
        FieldSelector s = FieldSelector.parse("spec.nodeName=n1,status.phase!=Failed");
        assertThat(s.requiresExactMatch("spec.nodeName")).contains("n1");
        assertThat(s.requiresExactMatch("status.phase")).isEmpty();
        FieldSelector t = s.transform(r -> r.field().equals("status.phase") ? null
                : new Requirement("spec.host", r.operator(), r.value()));
        assertThat(t.toString()).isEqualTo("spec.host=n1");
    }

    @Test
    void fromSet() {
        assertThat(FieldSelector.fromSet(Map.of("metadata.name", "x")).toString()).isEqualTo("metadata.name=x");
        assertThat(FieldSelector.fromSet(Map.of()).isEmpty()).isTrue();
    }
}
