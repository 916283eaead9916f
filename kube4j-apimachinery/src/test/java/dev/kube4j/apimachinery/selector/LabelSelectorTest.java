package dev.kube4j.apimachinery.selector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.selector.LabelSelector.Operator;
import dev.kube4j.apimachinery.selector.LabelSelector.Requirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelSelectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static String parseError(String selector) {
        try {
            LabelSelector.parse(selector);
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo(400);
            assertThat(e.reason()).isEqualTo("BadRequest");
            return e.getMessage();
        }
        throw new AssertionError("expected a parse error for " + selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"})
    void goodStringsRoundTripWithoutSpaces(String s) {
        assertThat(LabelSelector.parse(s).toString()).isEqualTo(s.replace(" ", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x=a||y=b", "x==a==b", "!x=a", "x<a", "x in (a", "x in a", "x notin", ",", "a,", "x=(a)",
            "a b", "=a", "x in (a b)", "Foo!", "a/b/c"})
    void badStrings(String s) {
        parseError(s);
    }

    @Test
    void everyOperatorMatches() {
        Map<String, String> ls = Map.of("app", "web", "tier", "front", "n", "5");
        assertThat(LabelSelector.parse("app=web").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("app==web").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("app=db").matches(ls)).isFalse();
        assertThat(LabelSelector.parse("app!=db").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("app!=web").matches(ls)).isFalse();
        assertThat(LabelSelector.parse("missing!=x").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("app in (web,db)").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("app in (db)").matches(ls)).isFalse();
        assertThat(LabelSelector.parse("missing in (db)").matches(ls)).isFalse();
        assertThat(LabelSelector.parse("app notin (db)").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("app notin (web)").matches(ls)).isFalse();
        assertThat(LabelSelector.parse("missing notin (web)").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("app").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("missing").matches(ls)).isFalse();
        assertThat(LabelSelector.parse("!missing").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("!app").matches(ls)).isFalse();
        assertThat(LabelSelector.parse("n>4").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("n>5").matches(ls)).isFalse();
        assertThat(LabelSelector.parse("n<6").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("app>1").matches(ls)).isFalse();
        assertThat(LabelSelector.parse("app=web,tier=front").matches(ls)).isTrue();
        assertThat(LabelSelector.parse("app=web,tier=back").matches(ls)).isFalse();
        assertThat(LabelSelector.parse("  app = web ,  tier  in  ( front , back )  ").matches(ls)).isTrue();
    }

    @Test
    void emptyValues() {
        assertThat(LabelSelector.parse("x=").matches(Map.of("x", ""))).isTrue();
        assertThat(LabelSelector.parse("x=").matches(Map.of())).isFalse();
        LabelSelector in = LabelSelector.parse("x in (foo,,baz),y,z notin ()");
        assertThat(in.toString()).isEqualTo("x in (,baz,foo),y,z notin ()");
        assertThat(in.matches(Map.of("x", "", "y", "1"))).isTrue();
        assertThat(in.matches(Map.of("x", "", "y", "1", "z", ""))).isFalse();
    }

    @Test
    void keywordsAreValuesInValueContext() {
        LabelSelector s = LabelSelector.parse("in in (in,notin)");
        assertThat(s.matches(Map.of("in", "notin"))).isTrue();
        assertThat(s.toString()).isEqualTo("in in (in,notin)");
    }

    @Test
    void canonicalFormSortsByKeyAndValues() {
        assertThat(LabelSelector.parse("x=a,a=x").toString()).isEqualTo("a=x,x=a");
        assertThat(LabelSelector.parse("b in (z,y,x),a notin (c,b)").toString()).isEqualTo("a notin (b,c),b in (x,y,z)");
        assertThat(LabelSelector.parse("a==b").toString()).isEqualTo("a==b");
        assertThat(LabelSelector.parse("a in (b,b,a)").requirements().get(0).values()).containsExactly("a", "b");
    }

    @Test
    void everythingAndNothing() {
        assertThat(LabelSelector.everything().matches(Map.of("a", "b"))).isTrue();
        assertThat(LabelSelector.everything().isEmpty()).isTrue();
        assertThat(LabelSelector.parse("").isEmpty()).isTrue();
        assertThat(LabelSelector.parse("   ").isEmpty()).isTrue();
        assertThat(LabelSelector.nothing().matches(Map.of())).isFalse();
        assertThat(LabelSelector.nothing().isEmpty()).isFalse();
        assertThat(LabelSelector.nothing().toString()).isEmpty();
    }

    @Test
    void parseErrorMessagesMatchUpstream() {
        assertThat(parseError("a b")).isEqualTo("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
        assertThat(parseError("x (")).isEqualTo("unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
        assertThat(parseError("!x=a")).isEqualTo("found '=', expected: ',' or 'end of string'");
        assertThat(parseError("x=a||y=b")).isEqualTo("unable to parse requirement: values[0][x]: Invalid value: \"a||y\": "
                + "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                + "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
                + "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        assertThat(parseError("a,")).isEqualTo("found '', expected: identifier after ','");
        assertThat(parseError(",a")).isEqualTo("found ',', expected: !, identifier, or 'end of string'");
        assertThat(parseError("x in a")).isEqualTo("unable to parse requirement: found 'a' expected: '('");
        assertThat(parseError("x in (a b)")).isEqualTo("unable to parse requirement: found 'b', expected: ',' or ')'");
        assertThat(parseError("x in (=)")).isEqualTo("unable to parse requirement: found '=', expected: ',', ')' or identifier");
        assertThat(parseError("x=(a)")).isEqualTo("unable to parse requirement: found '(', expected: identifier");
        assertThat(parseError("!=a")).isEqualTo("found '!=', expected: !, identifier, or 'end of string'");
        assertThat(parseError("!!a")).isEqualTo("unable to parse requirement: found '!', expected: identifier");
    }

    @Test
    void invalidKeyAndValueMessages() {
        assertThat(parseError("Foo/bar=x")).isEqualTo("unable to parse requirement: <nil>: Invalid value: \"Foo/bar\": "
                + "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(parseError("-a=x")).isEqualTo("unable to parse requirement: <nil>: Invalid value: \"-a\": "
                + "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        assertThat(parseError("app=-bad")).isEqualTo("unable to parse requirement: values[0][app]: Invalid value: \"-bad\": "
                + "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                + "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
                + "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        String longValue = "a".repeat(64);
        assertThat(parseError("app=" + longValue)).startsWith("unable to parse requirement: values[0][app]: Invalid value: \""
                + longValue + "\": must be no more than 63 characters");
        assertThat(parseError("x<a")).isEqualTo(
                "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer");
        assertThat(parseError("x=a,y=-1,z=-2")).startsWith("unable to parse requirement: values[0][y]");
        assertThat(parseError("a/b/c")).startsWith("unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist");
        assertThat(parseError("/a")).startsWith("unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty");
        assertThat(parseError("a/")).isEqualTo("unable to parse requirement: <nil>: Invalid value: \"a/\": name part must be "
                + "non-empty; name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    }

    @Test
    void qualifiedKeysAreAccepted() {
        LabelSelector s = LabelSelector.parse("app.kubernetes.io/name=web,kubernetes.io/os in (linux)");
        assertThat(s.matches(Map.of("app.kubernetes.io/name", "web", "kubernetes.io/os", "linux"))).isTrue();
        assertThat(s.toString()).isEqualTo("app.kubernetes.io/name=web,kubernetes.io/os in (linux)");
    }

    @Test
    void requiresExactMatch() {
        LabelSelector s = LabelSelector.parse("a=b,c in (d),e in (f,g),h!=i");
        assertThat(s.requiresExactMatch("a")).contains("b");
        assertThat(s.requiresExactMatch("c")).contains("d");
        assertThat(s.requiresExactMatch("e")).isEmpty();
        assertThat(s.requiresExactMatch("h")).isEmpty();
        assertThat(s.requiresExactMatch("zz")).isEmpty();
    }

    @Test
    void fromJsonFollowsLabelSelectorAsSelector() throws Exception {
        assertThat(LabelSelector.fromJson(null).matchesNothing()).isTrue();
        assertThat(LabelSelector.fromJson(NullNode.getInstance()).matchesNothing()).isTrue();
        assertThat(LabelSelector.fromJson(json("{}")).isEmpty()).isTrue();
        assertThat(LabelSelector.fromJson(json("{\"matchLabels\":{}}")).matches(Map.of())).isTrue();

        LabelSelector s = LabelSelector.fromJson(json("""
                {"matchLabels": {"tier": "front", "app": "web"},
                 "matchExpressions": [
                   {"key": "env", "operator": "In", "values": ["prod", "dev"]},
                   {"key": "canary", "operator": "DoesNotExist"},
                   {"key": "zone", "operator": "NotIn", "values": ["b"]},
                   {"key": "owner", "operator": "Exists"}]}"""));
        assertThat(s.toString()).isEqualTo("app=web,!canary,env in (dev,prod),owner,tier=front,zone notin (b)");
        assertThat(s.matches(Map.of("app", "web", "tier", "front", "env", "dev", "owner", "x"))).isTrue();
        assertThat(s.matches(Map.of("app", "web", "tier", "front", "env", "dev", "owner", "x", "canary", "1"))).isFalse();
        assertThat(s.matches(Map.of("app", "web", "tier", "front", "env", "qa", "owner", "x"))).isFalse();
        assertThat(s.matches(Map.of("app", "web", "tier", "front", "env", "dev", "owner", "x", "zone", "b"))).isFalse();
        assertThat(s.matches(json("{\"app\":\"web\",\"tier\":\"front\",\"env\":\"prod\",\"owner\":\"\"}"))).isTrue();
    }

    @Test
    void fromJsonErrors() {
        assertThatThrownBy(() -> LabelSelector.fromJson(json("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Foo\"}]}")))
                .isInstanceOf(ApiException.class).hasMessage("\"Foo\" is not a valid label selector operator");
        assertThatThrownBy(() -> LabelSelector.fromJson(json("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\"}]}")))
                .hasMessage("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
        assertThatThrownBy(() -> LabelSelector.fromJson(json(
                "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\"]}]}")))
                .hasMessage("values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist");
        assertThatThrownBy(() -> LabelSelector.fromJson(json("{\"matchLabels\":{\"a b\":\"x\"}}")))
                .hasMessageStartingWith("key: Invalid value: \"a b\": name part must consist");
    }

    @Test
    void requirementConstructorAggregatesErrors() {
        assertThatThrownBy(() -> Requirement.of("x5", Operator.EQUALS, List.of("bar", "foo")))
                .hasMessage("values: Invalid value: [\"bar\",\"foo\"]: exact-match compatibility requires one single value");
        assertThatThrownBy(() -> Requirement.of("-", Operator.EQUALS, List.of("-")))
                .hasMessageStartingWith("[key: Invalid value: \"-\": name part")
                .hasMessageContaining(", values[0][-]: Invalid value: \"-\":")
                .hasMessageEndingWith("]");
        assertThat(Requirement.of("x", Operator.GREATER_THAN, List.of("1")).toString()).isEqualTo("x>1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a=b|a=b", "a==b|a==b", "a!=b|a!=b", "a in (b)|a in (b)", "a notin (b,c)|a notin (b,c)", "a|a", "!a|!a", "a>3|a>3", "a<3|a<3"})
    void requirementToString(String in, String out) {
        assertThat(LabelSelector.parse(in).toString()).isEqualTo(out);
    }

    @Test
    void fromSet() {
        LabelSelector s = LabelSelector.fromSet(Map.of("b", "2", "a", "1"));
        assertThat(s.toString()).isEqualTo("a=1,b=2");
        assertThat(s.matches(Map.of("a", "1", "b", "2", "c", "3"))).isTrue();
        assertThat(LabelSelector.fromSet(Map.of()).isEmpty()).isTrue();
    }
}
