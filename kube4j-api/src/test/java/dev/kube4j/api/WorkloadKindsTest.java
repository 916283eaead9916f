package dev.kube4j.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.cron.CronSyntax;
import dev.kube4j.apimachinery.strategy.HumanDuration;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.kube4j.api.CoreKindsTest.create;
import static dev.kube4j.api.CoreKindsTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

class WorkloadKindsTest {

    @BeforeEach
    void fixClock() {
        HumanDuration.setClock(Clock.fixed(Instant.parse("2024-01-03T04:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void resetClock() {
        HumanDuration.setClock(null);
    }

    @Test
    void createDeploymentDefaultsAsUpstream() {
        ResourceStrategy s = AllKindsTest.strategy("apps/deployments");
        ObjectNode d = create("apps/deployments", Fixtures.json(Fixtures.CREATE_DEPLOYMENT));
        assertThat(s.validate(d)).isEmpty();
        JsonNode spec = d.get("spec");
        assertThat(spec.at("/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(spec.at("/strategy/rollingUpdate/maxUnavailable").asText()).isEqualTo("25%");
        assertThat(spec.at("/strategy/rollingUpdate/maxSurge").asText()).isEqualTo("25%");
        assertThat(spec.get("revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(spec.get("progressDeadlineSeconds").asInt()).isEqualTo(600);
        assertThat(spec.at("/template/spec/containers/0/imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        assertThat(spec.at("/template/spec/restartPolicy").asText()).isEqualTo("Always");
        assertThat(d.get("status").isEmpty()).isTrue();
        assertThat(s.cells(d)).containsExactly("web", "0/1", 0L, 0L, "2d4h", "nginx", "nginx:1.23", "app=web");
        assertThat(s.columns()).extracting(c -> c.name()).containsExactly("Name", "Ready", "Up-to-date", "Available", "Age",
                "Containers", "Images", "Selector");
    }

    @Test
    void deploymentValidationMessages() {
        ResourceStrategy s = AllKindsTest.strategy("apps/deployments");
        ObjectNode mismatch = create("apps/deployments", Fixtures.json(Fixtures.CREATE_DEPLOYMENT.replace("\"selector\":{\"matchLabels\":{\"app\":\"web\"}}",
                "\"selector\":{\"matchLabels\":{\"app\":\"other\"}}")));
        assertThat(messages(s.validate(mismatch))).containsExactly(
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`");
        ObjectNode noSelector = create("apps/deployments", Fixtures.json(Fixtures.CREATE_DEPLOYMENT.replace("\"selector\":{\"matchLabels\":{\"app\":\"web\"}},", "")));
        assertThat(messages(s.validate(noSelector))).containsExactly("spec.selector: Required value",
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`");
        ObjectNode zero = create("apps/deployments", Fixtures.json(Fixtures.CREATE_DEPLOYMENT.replace("\"strategy\":{}",
                "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":0}}").replace("\"replicas\":1", "\"replicas\":-2")));
        assertThat(messages(s.validate(zero))).containsExactly("spec.replicas: Invalid value: -2: must be greater than or equal to 0",
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0");
        ObjectNode recreate = create("apps/deployments", Fixtures.json(Fixtures.CREATE_DEPLOYMENT.replace("\"strategy\":{}",
                "\"strategy\":{\"type\":\"Sometimes\"}")));
        assertThat(messages(s.validate(recreate))).containsExactly(
                "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"Sometimes\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"");
    }

    @Test
    void deploymentSelectorIsImmutable() {
        ResourceStrategy s = AllKindsTest.strategy("apps/deployments");
        ObjectNode d = create("apps/deployments", Fixtures.json(Fixtures.CREATE_DEPLOYMENT));
        ObjectNode upd = Fixtures.json(Fixtures.CREATE_DEPLOYMENT.replace("\"app\":\"web\"", "\"app\":\"web2\""));
        s.applyDefaults(upd);
        assertThat(messages(s.validateUpdate(upd, d))).containsExactly(
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
        ObjectNode scaled = d.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 5);
        assertThat(s.validateUpdate(scaled, d)).isEmpty();
    }

    @Test
    void replicaSetsStatefulSetsDaemonSets() {
        ResourceStrategy rs = AllKindsTest.strategy("apps/replicasets");
        ObjectNode r = create("apps/replicasets", Fixtures.fixture("apps/replicasets"));
        assertThat(rs.cells(r)).containsExactly("rs", 3L, 0L, 0L, "2d4h", "c", "nginx:1.25", "app=rs");
        assertThat(rs.fieldValue(r, "status.replicas")).isEqualTo("0");
        ResourceStrategy sts = AllKindsTest.strategy("apps/statefulsets");
        ObjectNode st = create("apps/statefulsets", Fixtures.fixture("apps/statefulsets"));
        JsonNode spec = st.get("spec");
        assertThat(spec.get("podManagementPolicy").asText()).isEqualTo("OrderedReady");
        assertThat(spec.at("/updateStrategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(spec.at("/updateStrategy/rollingUpdate/partition").asInt()).isZero();
        assertThat(spec.at("/persistentVolumeClaimRetentionPolicy/whenDeleted").asText()).isEqualTo("Retain");
        assertThat(spec.at("/volumeClaimTemplates/0/spec/volumeMode").asText()).isEqualTo("Filesystem");
        assertThat(spec.at("/volumeClaimTemplates/0/status/phase").asText()).isEqualTo("Pending");
        assertThat(sts.cells(st)).containsExactly("db", "0/2", "2d4h", "db", "postgres:16");
        ObjectNode changed = st.deepCopy();
        ((ObjectNode) changed.get("spec")).put("serviceName", "other");
        assertThat(messages(sts.validateUpdate(changed, st))).containsExactly(
                "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
        ResourceStrategy ds = AllKindsTest.strategy("apps/daemonsets");
        ObjectNode d = create("apps/daemonsets", Fixtures.fixture("apps/daemonsets"));
        assertThat(d.at("/spec/updateStrategy/rollingUpdate/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(d.at("/spec/updateStrategy/rollingUpdate/maxSurge").asInt()).isZero();
        assertThat(d.at("/metadata/annotations/deprecated.daemonset.template.generation").asText()).isEqualTo("1");
        assertThat(ds.cells(d)).containsExactly("agent", 0L, 0L, 0L, 0L, 0L, "kubernetes.io/os=linux", "2d4h", "agent", "fluentd:v1", "app=agent");
        ObjectNode newImage = d.deepCopy();
        ((ObjectNode) newImage.at("/spec/template/spec/containers/0")).put("image", "fluentd:v2");
        ds.prepareForUpdate(newImage, d);
        assertThat(newImage.at("/metadata/annotations/deprecated.daemonset.template.generation").asText()).isEqualTo("2");
        ResourceStrategy cr = AllKindsTest.strategy("apps/controllerrevisions");
        ObjectNode rev = create("apps/controllerrevisions", Fixtures.fixture("apps/controllerrevisions"));
        assertThat(cr.cells(rev)).containsExactly("agent-5d4f", "daemonset.apps/agent", 1L, "2d4h");
    }

    @Test
    void jobs() {
        ResourceStrategy s = AllKindsTest.strategy("batch/jobs");
        ObjectNode job = create("batch/jobs", Fixtures.fixture("batch/jobs"));
        assertThat(s.validate(job)).isEmpty();
        JsonNode spec = job.get("spec");
        assertThat(spec.get("completions").asInt()).isEqualTo(1);
        assertThat(spec.get("parallelism").asInt()).isEqualTo(1);
        assertThat(spec.get("backoffLimit").asInt()).isEqualTo(6);
        assertThat(spec.get("completionMode").asText()).isEqualTo("NonIndexed");
        assertThat(spec.get("suspend").asBoolean()).isFalse();
        assertThat(spec.get("manualSelector").asBoolean()).isFalse();
        assertThat(spec.get("podReplacementPolicy").asText()).isEqualTo("TerminatingOrFailed");
        String uid = job.at("/metadata/uid").asText();
        assertThat(spec.at("/selector/matchLabels/batch.kubernetes.io~1controller-uid").asText()).isEqualTo(uid);
        assertThat(spec.at("/template/metadata/labels/job-name").asText()).isEqualTo("pi");
        assertThat(spec.at("/template/metadata/labels/batch.kubernetes.io~1job-name").asText()).isEqualTo("pi");
        assertThat(spec.at("/template/metadata/labels/controller-uid").asText()).isEqualTo(uid);
        assertThat(job.at("/metadata/labels/job-name").asText()).isEqualTo("pi");
        assertThat(s.cells(job)).containsExactly("pi", "Running", "0/1", "", "2d4h", "pi", "perl:5.34",
                "batch.kubernetes.io/controller-uid=" + uid);
        ObjectNode done = job.deepCopy();
        ObjectNode st = (ObjectNode) done.get("status");
        st.put("succeeded", 1).put("startTime", "2024-01-01T00:00:00Z").put("completionTime", "2024-01-01T00:00:45Z");
        st.putArray("conditions").addObject().put("type", "Complete").put("status", "True");
        assertThat(s.cells(done).subList(1, 4)).containsExactly("Complete", "1/1", "45s");
        assertThat(s.fieldValue(done, "status.successful")).isEqualTo("1");
        ObjectNode always = create("batch/jobs", Fixtures.json(Fixtures.all().get("batch/jobs").replace("\"restartPolicy\":\"Never\",", "")));
        assertThat(messages(s.validate(always))).containsExactly(
                "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"");
        ObjectNode changed = job.deepCopy();
        ((ObjectNode) changed.at("/spec/template/spec/containers/0")).put("image", "perl:5.36");
        assertThat(messages(s.validateUpdate(changed, job))).hasSize(1).first().asString()
                .startsWith("spec.template: Invalid value: core.PodTemplateSpec{").endsWith("}: field is immutable");
    }

    @Test
    void cronJobs() {
        ResourceStrategy s = AllKindsTest.strategy("batch/cronjobs");
        ObjectNode cj = create("batch/cronjobs", Fixtures.fixture("batch/cronjobs"));
        assertThat(s.validate(cj)).isEmpty();
        JsonNode spec = cj.get("spec");
        assertThat(spec.get("concurrencyPolicy").asText()).isEqualTo("Allow");
        assertThat(spec.get("suspend").asBoolean()).isFalse();
        assertThat(spec.get("successfulJobsHistoryLimit").asInt()).isEqualTo(3);
        assertThat(spec.get("failedJobsHistoryLimit").asInt()).isEqualTo(1);
        assertThat(spec.at("/jobTemplate/spec/backoffLimit").isMissingNode()).as("job defaults do not apply to templates").isTrue();
        assertThat(s.cells(cj)).containsExactly("hello", "*/1 * * * *", "<none>", "False", 0L, "<none>", "2d4h", "hello",
                "busybox:1.28", "<none>");
        ObjectNode bad = create("batch/cronjobs", Fixtures.json(Fixtures.all().get("batch/cronjobs").replace("*/1 * * * *", "61 * * * *")));
        assertThat(messages(s.validate(bad))).containsExactly("spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61");
        ObjectNode tz = create("batch/cronjobs", Fixtures.json(Fixtures.all().get("batch/cronjobs").replace("*/1 * * * *", "CRON_TZ=UTC * * * * *")));
        assertThat(messages(s.validate(tz))).containsExactly(
                "spec.schedule: Invalid value: \"CRON_TZ=UTC * * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        ObjectNode always = create("batch/cronjobs", Fixtures.json(Fixtures.all().get("batch/cronjobs").replace("\"restartPolicy\":\"OnFailure\",", "")));
        assertThat(messages(s.validate(always))).containsExactly(
                "spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"");
    }

    @Test
    void cronSyntax() {
        assertThat(CronSyntax.parseError("0 0 * * 0")).isNull();
        assertThat(CronSyntax.parseError("@daily")).isNull();
        assertThat(CronSyntax.parseError("@every 1h30m")).isNull();
        assertThat(CronSyntax.parseError("0 0 * JAN-MAR mon-fri")).isNull();
        assertThat(CronSyntax.parseError("* * * *")).isEqualTo("expected exactly 5 fields, found 4: [* * * *]");
        assertThat(CronSyntax.parseError("foo * * * *")).isEqualTo("failed to parse int from foo: strconv.Atoi: parsing \"foo\": invalid syntax");
        assertThat(CronSyntax.parseError("@sometimes")).isEqualTo("unrecognized descriptor: @sometimes");
        assertThat(CronSyntax.parseError("5-1 * * * *")).isEqualTo("beginning of range (5) beyond end of range (1): 5-1");
        assertThat(CronSyntax.parseError("")).isEqualTo("empty spec string");
    }
}
