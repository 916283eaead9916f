package dev.kube4j.apimachinery.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.kube4j.apimachinery.apply.FieldSetTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldManagerTest {

    private final FieldManager fm = new FieldManager(TestSchema.DEPLOYMENT, "apps/v1", "", FieldManager.Reset.STATUS,
            Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));

    private static ObjectNode obj(String s) throws Exception {
        return (ObjectNode) json(s);
    }

    private static ObjectNode deploy(int replicas, String image) throws Exception {
        return obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','labels':{'app':'x'}},"
                + "'spec':{'replicas':" + replicas + ",'selector':{'matchLabels':{'app':'x'}},'template':{'metadata':{'labels':{'app':'x'}},"
                + "'spec':{'containers':[{'name':'web','image':'" + image + "','ports':[{'containerPort':80}]}]}}}}");
    }

    private static JsonNode entry(JsonNode obj, String manager) {
        for (JsonNode e : obj.path("metadata").path("managedFields")) {
            if (e.path("manager").asText().equals(manager)) {
                return e;
            }
        }
        return null;
    }

    private ObjectNode created(ObjectNode config, String manager) {
        return fm.apply(JsonNodeFactory.instance.objectNode(), config, manager, false).object();
    }

    @Test
    void applyRecordsTheAppliedFieldsAsUpstreamEncodesThem() throws Exception {
        ObjectNode out = created(deploy(2, "nginx:1"), "kubectl");
        assertThat(out.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode e = entry(out, "kubectl");
        assertThat(e.path("operation").asText()).isEqualTo("Apply");
        assertThat(e.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(e.path("time").asText()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(e.path("fieldsType").asText()).isEqualTo("FieldsV1");
        // no metadata.name, the atomic selector as one leaf, list-map elements with "."
        assertThat(e.path("fieldsV1")).isEqualTo(json("{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{},"
                + "'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:containers':{"
                + "'k:{\\\"name\\\":\\\"web\\\"}':{'.':{},'f:image':{},'f:name':{},'f:ports':{"
                + "'k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}':{'.':{},'f:containerPort':{}}}}}}}}}"));
    }

    @Test
    void reapplyWithoutAFieldRemovesItUnlessSomeoneElseOwnsIt() throws Exception {
        ObjectNode live = created(deploy(2, "nginx:1"), "kubectl");
        live.with("metadata").with("labels").put("extra", "1");
        ObjectNode withExtra = deploy(2, "nginx:1");
        withExtra.with("metadata").with("labels").put("extra", "1");
        withExtra.with("spec").put("paused", true);
        live = fm.apply(live, withExtra, "kubectl", false).object();
        assertThat(live.path("spec").path("paused").asBoolean()).isTrue();

        ObjectNode afterRemoval = fm.apply(live, deploy(2, "nginx:1"), "kubectl", false).object();
        assertThat(afterRemoval.path("spec").has("paused")).isFalse();
        assertThat(afterRemoval.path("metadata").path("labels").has("extra")).isFalse();

        // owned by another manager too: kept
        ObjectNode shared = fm.apply(live, withExtra, "other", false).object();
        ObjectNode kept = fm.apply(shared, deploy(2, "nginx:1"), "kubectl", false).object();
        assertThat(kept.path("spec").path("paused").asBoolean()).isTrue();
        assertThat(entry(kept, "other")).isNotNull();
    }

    @Test
    void changingAFieldAnotherManagerOwnsConflictsUnlessForced() throws Exception {
        ObjectNode live = created(deploy(2, "nginx:1"), "kubectl");
        ObjectNode scaled = live.deepCopy();
        scaled.with("spec").put("replicas", 5);
        scaled = fm.update(live, scaled, "kubectl-scale");
        JsonNode scaleEntry = entry(scaled, "kubectl-scale");
        assertThat(scaleEntry.path("operation").asText()).isEqualTo("Update");
        assertThat(scaleEntry.path("fieldsV1")).isEqualTo(json("{'f:spec':{'f:replicas':{}}}"));
        assertThat(entry(scaled, "kubectl").path("fieldsV1").path("f:spec").has("f:replicas")).isFalse();

        ObjectNode finalScaled = scaled;
        assertThatThrownBy(() -> fm.apply(finalScaled, deploy(3, "nginx:1"), "kubectl", false))
                .isInstanceOf(ApplyConflictException.class)
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-scale\" using apps/v1: .spec.replicas")
                .satisfies(e -> assertThat(((ApplyConflictException) e).conflicts().getFirst().describeManager())
                        .isEqualTo("conflict with \"kubectl-scale\" using apps/v1"));

        // the same value is shared ownership, not a conflict
        ObjectNode same = fm.apply(scaled, deploy(5, "nginx:1"), "kubectl", false).object();
        assertThat(entry(same, "kubectl-scale")).isNotNull();

        ObjectNode forced = fm.apply(scaled, deploy(3, "nginx:2"), "kubectl", true).object();
        assertThat(forced.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(entry(forced, "kubectl-scale")).isNull(); // lost its only field
    }

    @Test
    void severalConflictsAreListedPerManager() throws Exception {
        ObjectNode live = created(deploy(2, "nginx:1"), "a");
        assertThatThrownBy(() -> fm.apply(live, deploy(3, "nginx:2"), "b", false))
                .hasMessage("Apply failed with 2 conflicts: conflicts with \"a\":\n- .spec.replicas\n"
                        + "- .spec.template.spec.containers[name=\"web\"].image");
    }

    @Test
    void associativeListsMergeByKeySetsByValueAtomicListsWhole() throws Exception {
        ObjectNode live = obj("{'metadata':{'name':'d','finalizers':['a']},'spec':{'template':{'spec':{"
                + "'containers':[{'name':'one','image':'i1','args':['x','y']},{'name':'two','image':'i2'}],"
                + "'tolerations':[{'key':'k1'}]}}}}");
        live = fm.update(null, live, "creator");
        ObjectNode config = obj("{'metadata':{'name':'d','finalizers':['b']},'spec':{'template':{'spec':{"
                + "'containers':[{'name':'two','image':'i2b'},{'name':'three','image':'i3'}],"
                + "'tolerations':[{'key':'k2'}]}}}}");
        ObjectNode out = fm.apply(live, config, "applier", true).object();
        assertThat(out.path("metadata").path("finalizers")).isEqualTo(json("['a','b']"));
        JsonNode containers = out.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.findValuesAsText("name")).containsExactly("one", "two", "three");
        assertThat(containers.get(1).path("image").asText()).isEqualTo("i2b");
        assertThat(containers.get(0).path("args")).isEqualTo(json("['x','y']"));
        assertThat(out.path("spec").path("template").path("spec").path("tolerations")).isEqualTo(json("[{'key':'k2'}]"));
    }

    @Test
    void duplicateKeysInAnAppliedConfigurationAreRejected() throws Exception {
        ObjectNode config = obj("{'metadata':{'name':'d'},'spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'a'}]}}}}");
        assertThatThrownBy(() -> created(config, "m")).isInstanceOf(TypedValues.InvalidValueException.class)
                .hasMessage(".spec.template.spec.containers: duplicate entries for key [name=\"a\"]");
        ObjectNode noKey = obj("{'metadata':{'name':'d'},'spec':{'template':{'spec':{'containers':[{'image':'a'}]}}}}");
        assertThatThrownBy(() -> created(noKey, "m")).hasMessageContaining("omits key field \"name\"");
    }

    @Test
    void updatesTrackWhatChangedAndApplyingOverUntrackedObjectsGoesToBeforeFirstApply() throws Exception {
        ObjectNode live = deploy(1, "nginx:1");
        ObjectNode tracked = fm.update(null, live.deepCopy(), "kubectl-create");
        assertThat(entry(tracked, "kubectl-create").path("fieldsV1").path("f:spec").has("f:replicas")).isTrue();

        ObjectNode out = fm.apply(live, deploy(1, "nginx:1"), "mgr", false).object();
        assertThat(entry(out, "before-first-apply")).isNotNull();
        assertThatThrownBy(() -> fm.apply(live, deploy(4, "nginx:1"), "mgr", false))
                .hasMessageContaining("conflict with \"before-first-apply\" using apps/v1: .spec.replicas");
    }

    @Test
    void clientsMayResetManagedFieldsAndStatusIsNotOwnedThroughTheMainResource() throws Exception {
        ObjectNode live = created(deploy(2, "nginx:1"), "kubectl");
        ObjectNode reset = live.deepCopy();
        reset.with("metadata").putArray("managedFields");
        assertThat(fm.update(live, reset, "x").path("metadata").has("managedFields")).isFalse();

        ObjectNode withStatus = live.deepCopy();
        withStatus.with("status").put("replicas", 9);
        assertThat(entry(fm.update(live, withStatus, "x"), "x")).isNull();

        FieldManager status = new FieldManager(TestSchema.DEPLOYMENT, "apps/v1", "status", FieldManager.Reset.ALL_BUT_STATUS);
        JsonNode e = entry(status.update(live, withStatus, "ctrl"), "ctrl");
        assertThat(e.path("subresource").asText()).isEqualTo("status");
        assertThat(e.path("fieldsV1")).isEqualTo(json("{'f:status':{'.':{},'f:replicas':{}}}"));
    }

    @Test
    void noOpApplyKeepsTheTimeAndManyUpdatersAreCapped() throws Exception {
        ObjectNode live = created(deploy(2, "nginx:1"), "kubectl");
        assertThat(fm.apply(live, deploy(2, "nginx:1"), "kubectl", false).changed()).isFalse();
        for (int i = 0; i < 12; i++) {
            ObjectNode next = live.deepCopy();
            next.with("metadata").with("labels").put("l" + i, "v");
            live = fm.update(live, next, "updater-" + i);
        }
        long updaters = 0;
        for (JsonNode e : live.path("metadata").path("managedFields")) {
            updaters += e.path("operation").asText().equals("Update") ? 1 : 0;
        }
        assertThat(updaters).isEqualTo(10);
        assertThat(entry(live, "ancient-changes")).isNotNull();
    }
}
