package dev.kube4j.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.kube4j.api.CoreKindsTest.create;
import static dev.kube4j.api.CoreKindsTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * spec.podFailurePolicy and spec.successPolicy of Jobs: each upstream message, as kubectl prints it
 * after {@code The Job "pi" is invalid: }.
 */
class JobPolicyValidationTest {

    private static final String INDEXED = "\"completionMode\":\"Indexed\",\"completions\":5,";

    /** The messages for the fixture job with the given fields added to its spec (JSON members). */
    private static List<String> errors(String specFields) {
        return validate("batch/jobs", specFields);
    }

    private static List<String> validate(String kind, String specFields) {
        ObjectNode obj = Fixtures.fixture(kind);
        ObjectNode spec = (ObjectNode) obj.get("spec");
        if (kind.equals("batch/cronjobs")) {
            spec = (ObjectNode) spec.at("/jobTemplate/spec");
        }
        spec.setAll(Fixtures.json("{" + specFields + "}"));
        ResourceStrategy s = AllKindsTest.strategy(kind);
        return messages(s.validate(create(kind, obj)));
    }

    private static String rule(String body) {
        return "\"podFailurePolicy\":{\"rules\":[" + body + "]}";
    }

    private static String exitCodes(String requirement) {
        return rule("{\"action\":\"FailJob\",\"onExitCodes\":" + requirement + "}");
    }

    private static String success(String rules) {
        return INDEXED + "\"successPolicy\":{\"rules\":[" + rules + "]}";
    }

    private static String repeat(String element, int times) {
        return IntStream.range(0, times).mapToObj(i -> element).collect(Collectors.joining(","));
    }

    @Test
    void validPoliciesPass() {
        assertThat(errors("\"backoffLimitPerIndex\":1," + INDEXED + """
                "podFailurePolicy":{"rules":[
                  {"action":"FailJob","onExitCodes":{"containerName":"pi","operator":"In","values":[1,2,42]}},
                  {"action":"FailIndex","onExitCodes":{"operator":"NotIn","values":[0]}},
                  {"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"},{"type":"example.com/Custom","status":"Unknown"}]},
                  {"action":"Count","onPodConditions":[{"type":"ConfigIssue","status":"False"}]}]},
                "successPolicy":{"rules":[{"succeededIndexes":"0,2-4","succeededCount":3},{"succeededCount":5},{"succeededIndexes":""}]}""")).isEmpty();
    }

    @Test
    void podFailurePolicyRulesAndActions() {
        assertThat(errors(rule(repeat("{\"action\":\"Ignore\",\"onExitCodes\":{\"operator\":\"In\",\"values\":[1]}}", 21))))
                .containsExactly("spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items");
        assertThat(errors(rule("{\"action\":\"FailIndex\",\"onExitCodes\":{\"operator\":\"In\",\"values\":[42]}}"))).containsExactly(
                "spec.podFailurePolicy.rules[0].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set");
        assertThat(errors(rule("{\"action\":\"Retry\",\"onExitCodes\":{\"operator\":\"In\",\"values\":[42]}}"))).containsExactly(
                "spec.podFailurePolicy.rules[0].action: Unsupported value: \"Retry\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"");
        assertThat(errors(rule("{\"onExitCodes\":{\"operator\":\"In\",\"values\":[42]}}"))).containsExactly(
                "spec.podFailurePolicy.rules[0].action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]");
        assertThat(errors(rule("{\"action\":\"Ignore\",\"onExitCodes\":{\"operator\":\"In\",\"values\":[42]},\"onPodConditions\":[{\"type\":\"DisruptionTarget\"}]}")))
                .containsExactly("spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported");
        assertThat(errors(rule("{\"action\":\"Ignore\"}"))).containsExactly(
                "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required");
    }

    @Test
    void onExitCodes() {
        String base = "spec.podFailurePolicy.rules[0].onExitCodes.";
        assertThat(errors(exitCodes("{\"values\":[42]}"))).containsExactly(base + "operator: Required value: valid values: [\"In\" \"NotIn\"]");
        assertThat(errors(exitCodes("{\"operator\":\"Between\",\"values\":[42]}")))
                .containsExactly(base + "operator: Unsupported value: \"Between\": supported values: \"In\", \"NotIn\"");
        assertThat(errors(exitCodes("{\"containerName\":\"sidecar\",\"operator\":\"In\",\"values\":[42]}"))).containsExactly(
                base + "containerName: Invalid value: \"sidecar\": must be one of the container or initContainer names in the pod template");
        assertThat(errors(exitCodes("{\"operator\":\"In\",\"values\":[]}")))
                .containsExactly(base + "values: Invalid value: []int32{}: at least one value is required");
        assertThat(errors(exitCodes("{\"operator\":\"In\"}")))
                .containsExactly(base + "values: Invalid value: []int32(nil): at least one value is required");
        String many = IntStream.rangeClosed(1, 256).mapToObj(String::valueOf).collect(Collectors.joining(","));
        assertThat(errors(exitCodes("{\"operator\":\"In\",\"values\":[" + many + "]}")))
                .containsExactly(base + "values: Too many: 256: must have at most 255 items");
        assertThat(errors(exitCodes("{\"operator\":\"In\",\"values\":[0,1]}")))
                .containsExactly(base + "values[0]: Invalid value: 0: must not be 0 for the In operator");
        assertThat(errors(exitCodes("{\"operator\":\"NotIn\",\"values\":[0,1,1]}"))).containsExactly(base + "values[2]: Duplicate value: 1");
        assertThat(errors(exitCodes("{\"operator\":\"NotIn\",\"values\":[3,1,2]}")))
                .containsExactly(base + "values: Invalid value: []int32{3, 1, 2}: must be ordered");
    }

    @Test
    void onPodConditions() {
        String base = "spec.podFailurePolicy.rules[0].onPodConditions";
        assertThat(errors(rule("{\"action\":\"Ignore\",\"onPodConditions\":[" + repeat("{\"type\":\"DisruptionTarget\"}", 21) + "]}")))
                .containsExactly(base + ": Too many: 21: must have at most 20 items");
        assertThat(errors(rule("{\"action\":\"Ignore\",\"onPodConditions\":[{\"type\":\"not ready\"}]}"))).containsExactly(base
                + "[0].type: Invalid value: \"not ready\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and"
                + " end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
                + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        assertThat(errors(rule("{\"action\":\"Ignore\",\"onPodConditions\":[{\"type\":\"Ready\",\"status\":\"Maybe\"}]}")))
                .containsExactly(base + "[0].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\"");
        // A job's status defaults to True; a cron job's template is not defaulted, so it can be left empty.
        assertThat(validate("batch/cronjobs", rule("{\"action\":\"Ignore\",\"onPodConditions\":[{\"type\":\"Ready\"}]}")
                + ",\"template\":{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}"))
                .containsExactly("spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value:"
                        + " valid values: [\"False\" \"True\" \"Unknown\"]");
    }

    @Test
    void successPolicyNeedsIndexedCompletionAndRules() {
        assertThat(errors("\"successPolicy\":{\"rules\":[{\"succeededCount\":1},{\"succeededIndexes\":\"0\"}]}")).containsExactly(
                "spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{"
                        + "batch.SuccessPolicyRule{SucceededIndexes:(*string)(nil), SucceededCount:(*int32)(0xc000000000)}, "
                        + "batch.SuccessPolicyRule{SucceededIndexes:(*string)(0xc000000000), SucceededCount:(*int32)(nil)}}}"
                        + ": requires indexed completion mode");
        assertThat(errors(success(""))).containsExactly(
                "spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified");
        assertThat(errors(success(repeat("{\"succeededCount\":1}", 21))))
                .containsExactly("spec.successPolicy.rules: Too many: 21: must have at most 20 items");
        assertThat(errors(success("{\"succeededCount\":1},{}"))).containsExactly(
                "spec.successPolicy.rules[1]: Required value: at least one of succeededCount or succeededIndexes must be specified");
    }

    @Test
    void succeededIndexes() {
        String base = "spec.successPolicy.rules[0].succeededIndexes";
        assertThat(errors(success("{\"succeededIndexes\":\"" + "0".repeat(65537) + "\"}")))
                .containsExactly(base + ": Too long: may not be more than 65536 bytes");
        assertThat(errors(success("{\"succeededIndexes\":\"0,1-2-3\"}"))).containsExactly(base + ": Invalid value: \"0,1-2-3\": error parsing"
                + " succeededIndexes: the fragment \"1-2-3\" violates the requirement that an index interval can have at most two parts separated by '-'");
        assertThat(errors(success("{\"succeededIndexes\":\"1-a\"}")))
                .containsExactly(base + ": Invalid value: \"1-a\": error parsing succeededIndexes: cannot convert string to integer for index: \"a\"");
        assertThat(errors(success("{\"succeededIndexes\":\"1,\"}")))
                .containsExactly(base + ": Invalid value: \"1,\": error parsing succeededIndexes: cannot convert string to integer for index: \"\"");
        assertThat(errors(success("{\"succeededIndexes\":\"0-7\"}")))
                .containsExactly(base + ": Invalid value: \"0-7\": error parsing succeededIndexes: too large index: \"7\"");
        assertThat(errors(success("{\"succeededIndexes\":\"3,2\"}")))
                .containsExactly(base + ": Invalid value: \"3,2\": error parsing succeededIndexes: non-increasing order, previous: 3, current: 2");
        assertThat(errors(success("{\"succeededIndexes\":\"3-2\"}")))
                .containsExactly(base + ": Invalid value: \"3-2\": error parsing succeededIndexes: non-increasing order, previous: 3, current: 2");
        assertThat(errors(success("{\"succeededIndexes\":\"1-3,3\"}")))
                .containsExactly(base + ": Invalid value: \"1-3,3\": error parsing succeededIndexes: non-increasing order, previous: 3, current: 3");
        assertThat(errors(success("{\"succeededIndexes\":\"\"}"))).isEmpty();
    }

    @Test
    void succeededCount() {
        String base = "spec.successPolicy.rules[0].succeededCount: Invalid value: ";
        assertThat(errors(success("{\"succeededCount\":-1}"))).containsExactly(base + "-1: must be greater than or equal to 0");
        assertThat(errors(success("{\"succeededCount\":6}")))
                .containsExactly(base + "6: must be less than or equal to 5 (the number of specified completions)");
        assertThat(errors(success("{\"succeededIndexes\":\"0-1\",\"succeededCount\":3}")))
                .containsExactly(base + "3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)");
        assertThat(errors(success("{\"succeededIndexes\":\"\",\"succeededCount\":1}")))
                .containsExactly(base + "1: must be less than or equal to 0 (the number of indexes in the specified succeededIndexes field)");
    }

    @Test
    void aPodFailurePolicyAllowsOnlyTheFailedReplacementPolicy() {
        assertThat(errors(exitCodes("{\"operator\":\"In\",\"values\":[1]}") + ",\"podReplacementPolicy\":\"TerminatingOrFailed\""))
                .containsExactly("spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\"");
        assertThat(errors(exitCodes("{\"operator\":\"In\",\"values\":[1]}") + ",\"podReplacementPolicy\":\"Failed\"")).isEmpty();
        assertThat(errors("\"podReplacementPolicy\":\"TerminatingOrFailed\"")).isEmpty();
    }
}
