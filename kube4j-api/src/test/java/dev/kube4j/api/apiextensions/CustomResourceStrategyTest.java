package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A custom resource's lifecycle as upstream's customResourceStrategy: status, generation, scale, columns. */
class CustomResourceStrategyTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static ObjectNode yaml(String s) {
        try {
            return (ObjectNode) YAML.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final CrdSpec ETCD = CrdSpec.of(yaml("""
            metadata: {name: etcdclusters.etcd.database.coreos.com}
            spec:
              group: etcd.database.coreos.com
              scope: Namespaced
              names: {kind: EtcdCluster, plural: etcdclusters}
              versions:
              - name: v1beta2
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec: {type: object, properties: {size: {type: integer}, version: {type: string, default: "3.2.13"}}}
                      status: {type: object, properties: {size: {type: integer}}}
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.size, statusReplicasPath: .status.size}
                additionalPrinterColumns:
                - {name: Size, type: integer, jsonPath: .spec.size}
                - {name: Members, type: string, jsonPath: .status.members, priority: 1}
            """));

    private final CustomResourceStrategy strategy = new CustomResourceStrategy(ETCD, ETCD.storageVersion(), false);

    @Test
    void createDropsStatusAndStartsAtGenerationOne() {
        ObjectNode obj = yaml("""
                apiVersion: etcd.database.coreos.com/v1beta2
                kind: EtcdCluster
                metadata: {name: example, namespace: default}
                spec: {size: 3, colour: red}
                status: {size: 3}
                """);
        strategy.applyDefaults(obj);
        strategy.prepareForCreate(obj);
        assertThat(obj.has("status")).isFalse();
        assertThat(obj.path("spec").has("colour")).isFalse();
        assertThat(obj.path("spec").path("version").asText()).isEqualTo("3.2.13");
        assertThat(obj.path("metadata").path("generation").asLong()).isEqualTo(1);
        assertThat(strategy.validate(obj)).isEmpty();
    }

    @Test
    void generationMovesWithSpecNotWithStatusOrMetadata() {
        ObjectNode old = yaml("""
                metadata: {name: example, namespace: default, generation: 4}
                spec: {size: 3}
                status: {size: 1}
                """);
        ObjectNode relabelled = old.deepCopy();
        relabelled.with("metadata").with("labels").put("a", "b");
        relabelled.with("status").put("size", 2);
        strategy.prepareForUpdate(relabelled, old);
        assertThat(relabelled.path("metadata").path("generation").asLong()).isEqualTo(4);
        ObjectNode scaled = old.deepCopy();
        scaled.with("spec").put("size", 5);
        strategy.prepareForUpdate(scaled, old);
        assertThat(scaled.path("metadata").path("generation").asLong()).isEqualTo(5);
    }

    @Test
    void scaleReplicasMustBeNonNegative() {
        ObjectNode obj = yaml("""
                metadata: {name: example, namespace: default}
                spec: {size: -2}
                """);
        assertThat(strategy.validate(obj)).extracting(FieldError::toString)
                .containsExactly(".spec.size: Invalid value: -2: should be a non-negative integer");
    }

    @Test
    void printerColumnsWithNameFirst() {
        assertThat(strategy.columns()).extracting(TableColumn::name).containsExactly("Name", "Size", "Members");
        assertThat(strategy.columns().get(2).priority()).isEqualTo(1);
        assertThat(strategy.columns().get(1).description())
                .isEqualTo("Custom resource definition column (in JSONPath format): .spec.size");
        ObjectNode obj = yaml("metadata: {name: example}\nspec: {size: 3}");
        assertThat(strategy.cells(obj)).containsExactly("example", 3L, null);
        CrdSpec noColumns = CrdSpec.of(yaml("""
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  scope: Cluster
                  names: {kind: Widget, plural: widgets}
                  versions: [{name: v1, served: true, storage: true}]
                """));
        CustomResourceStrategy plain = new CustomResourceStrategy(noColumns, noColumns.storageVersion(), false);
        assertThat(plain.columns()).extracting(TableColumn::name).containsExactly("Name", "Age");
    }
}
