package dev.kube4j.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.meta.ResourceDefinition;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.validation.FieldError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Every built-in kind: a realistic manifest is accepted, and odd shapes never throw. */
class AllKindsTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static ObjectNode created(String key) {
        ObjectNode obj = Fixtures.fixture(key);
        ResourceStrategy s = strategy(key);
        int slash = key.indexOf('/');
        if (!BuiltinResources.isReview(BuiltinResources.find(key.substring(0, slash), key.substring(slash + 1)))) {
            // Reviews are answered, never stored: they get no system metadata.
            ObjectNode meta = obj.with("metadata");
            meta.put("creationTimestamp", "2024-01-01T00:00:00Z");
            if (!meta.has("uid")) {
                meta.put("uid", "6a1f3c9e-0000-4000-8000-00000000000a");
            }
        }
        s.applyDefaults(obj);
        s.prepareForCreate(obj);
        return obj;
    }

    static ResourceStrategy strategy(String key) {
        int slash = key.indexOf('/');
        return BuiltinStrategies.unwrapped(key.substring(0, slash), key.substring(slash + 1));
    }

    @Test
    void everyDefinitionHasAStrategyAndAFixture() {
        // autoscaling/v1 and v2 share one strategy key and one fixture
        assertThat(BuiltinResources.all().stream().map(d -> d.group() + "/" + d.plural()).distinct()).hasSize(Fixtures.all().size());
        for (ResourceDefinition d : BuiltinResources.all()) {
            String key = d.group() + "/" + d.plural();
            assertThat(BuiltinStrategies.forResource(d.group(), d.plural())).as(key).isNotNull();
            assertThat(Fixtures.all()).as(key).containsKey(key);
        }
        assertThat(BuiltinStrategies.forResource("apps", "nope")).isNull();
        assertThat(BuiltinStrategies.forResource("", "pods")).isSameAs(BuiltinStrategies.forResource("", "pods"));
    }

    @Test
    void realisticManifestsAreValidAndPrintable() {
        for (String key : Fixtures.all().keySet()) {
            ResourceStrategy s = strategy(key);
            ObjectNode obj = created(key);
            List<FieldError> errs = s.validate(obj);
            assertThat(errs).as(key + " " + obj).isEmpty();
            ObjectNode updated = obj.deepCopy();
            s.prepareForUpdate(updated, obj);
            assertThat(s.validateUpdate(updated, obj)).as(key + " update").isEmpty();
            List<Object> cells = s.cells(obj);
            assertThat(cells).as(key + " cells").hasSameSizeAs(s.columns());
            assertThat(cells).as(key).doesNotContainNull();
            for (String f : s.selectableFields()) {
                assertThat(s.fieldValue(obj, f)).as(key + " " + f).isNotNull();
            }
        }
    }

    @Test
    void definitionsMatchUpstreamDiscovery() {
        ResourceDefinition pods = BuiltinResources.find("", "pods");
        assertThat(pods.shortNames()).containsExactly("po");
        assertThat(pods.categories()).containsExactly("all");
        assertThat(pods.subresources()).contains("status", "binding");
        assertThat(pods.storageResource()).isEqualTo("pods");
        ResourceDefinition ns = BuiltinResources.find("", "namespaces");
        assertThat(ns.namespaced()).isFalse();
        assertThat(ns.verbs()).doesNotContain("deletecollection");
        assertThat(BuiltinResources.find("apps", "deployments").storageResource()).isEqualTo("deployments.apps");
        assertThat(BuiltinResources.find("apps", "deployments").shortNames()).containsExactly("deploy");
        assertThat(BuiltinResources.find("events.k8s.io", "events").storageResource()).isEqualTo("events.events.k8s.io");
        assertThat(BuiltinResources.find("", "events").storageResource()).isEqualTo("events");
        assertThat(BuiltinResources.find("", "resourcequotas").shortNames()).containsExactly("quota");
        assertThat(BuiltinResources.find("", "limitranges").shortNames()).containsExactly("limits");
        assertThat(BuiltinResources.find("batch", "cronjobs").shortNames()).containsExactly("cj");
        assertThat(BuiltinResources.find("rbac.authorization.k8s.io", "clusterroles").namespaced()).isFalse();
        for (ResourceDefinition d : BuiltinResources.all()) {
            boolean all = List.of("pods", "services", "replicationcontrollers", "deployments", "replicasets", "statefulsets",
                    "daemonsets", "jobs", "cronjobs", "horizontalpodautoscalers").contains(d.plural());
            assertThat(d.categories().contains("all")).as(d.plural()).isEqualTo(all);
        }
    }

    private static final List<JsonNode> ODD = List.of(F.numberNode(5), F.textNode("x"), F.booleanNode(true),
            F.arrayNode().add(1), F.objectNode(), F.nullNode(), F.numberNode(-1.5), F.textNode(""));

    /** Replace every node reachable in the manifest by odd values, one at a time, and exercise every method. */
    @Test
    void oddShapesNeverThrow() {
        int runs = 0;
        for (Map.Entry<String, String> e : Fixtures.all().entrySet()) {
            String key = e.getKey();
            ObjectNode base = created(key);
            List<List<Object>> paths = new ArrayList<>();
            collect(base, new ArrayList<>(), paths);
            for (List<Object> path : paths) {
                for (JsonNode odd : ODD) {
                    ObjectNode obj = base.deepCopy();
                    set(obj, path, odd.deepCopy());
                    exercise(key, obj, base);
                    runs++;
                }
            }
            for (JsonNode odd : ODD) {
                ObjectNode whole = F.objectNode();
                whole.set("metadata", odd);
                whole.set("spec", odd);
                whole.set("status", odd);
                exercise(key, whole, base);
                exercise(key, base.deepCopy(), whole);
            }
            exercise(key, F.objectNode(), F.objectNode());
        }
        assertThat(runs).isGreaterThan(1000);
    }

    private static void exercise(String key, ObjectNode obj, ObjectNode old) {
        ResourceStrategy s = strategy(key);
        try {
            ObjectNode a = obj.deepCopy();
            s.applyDefaults(a);
            s.prepareForCreate(a);
            s.validate(a);
            s.cells(a);
            for (String f : s.selectableFields()) {
                s.fieldValue(a, f);
            }
            ObjectNode b = obj.deepCopy();
            s.applyDefaults(b);
            s.prepareForUpdate(b, old.deepCopy());
            s.validateUpdate(b, old.deepCopy());
            s.validateUpdate(old.deepCopy(), b);
            s.cells(obj.deepCopy());
            s.validate(obj.deepCopy());
        } catch (RuntimeException ex) {
            ex.printStackTrace();
            fail(key + " threw " + ex + " on " + obj);
        }
    }

    private static void collect(JsonNode node, List<Object> prefix, List<List<Object>> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                List<Object> p = new ArrayList<>(prefix);
                p.add(e.getKey());
                out.add(p);
                collect(e.getValue(), p, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> p = new ArrayList<>(prefix);
                p.add(i);
                out.add(p);
                collect(node.get(i), p, out);
            }
        }
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object k = path.get(i);
            parent = k instanceof Integer idx ? parent.get(idx) : parent.get((String) k);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer idx) {
            ((ArrayNode) parent).set(idx, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }
}
