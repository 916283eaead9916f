package dev.kube4j.apimachinery.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldSetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void fieldsV1RoundTripKeepsUpstreamShape() throws Exception {
        // as upstream encodes an entry: members with children carry ".", keys sorted, k:/v:/i: elements
        String fieldsV1 = "{'f:metadata':{'f:finalizers':{'.':{},'v:\\\"a\\\"':{}},'f:labels':{'.':{},'f:app':{}}},"
                + "'f:spec':{'f:replicas':{},'f:template':{'f:spec':{'f:containers':{'k:{\\\"name\\\":\\\"nginx\\\"}':"
                + "{'.':{},'f:image':{},'f:name':{},'f:ports':{'k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}':{}}}}}}},"
                + "'f:x':{'i:0':{}}}";
        JsonNode in = json(fieldsV1);
        FieldSet set = FieldSet.fromFieldsV1(in);
        assertThat(set.paths()).extracting(FieldPath::toString).contains(
                ".metadata.finalizers", ".metadata.finalizers[=\"a\"]", ".metadata.labels.app",
                ".spec.template.spec.containers[name=\"nginx\"]",
                ".spec.template.spec.containers[name=\"nginx\"].ports[containerPort=80,protocol=\"TCP\"]",
                ".x[0]");
        assertThat(set.toFieldsV1()).isEqualTo(in);
        assertThat(set.toFieldsV1().toString()).isEqualTo(in.toString());
    }

    @Test
    void keysAreSortedByFieldName() throws Exception {
        FieldSet set = FieldSet.fromFieldsV1(json("{'f:ports':{'k:{\\\"protocol\\\":\\\"TCP\\\",\\\"containerPort\\\":80}':{}}}"));
        assertThat(set.toFieldsV1().toString()).isEqualTo("{\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{}}}");
    }

    @Test
    void malformedFieldsV1IsRejected() throws Exception {
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{'x:foo':{}}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{'f:foo':1}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setOperations() {
        FieldPath a = FieldPath.of("spec");
        FieldPath b = FieldPath.of("spec", "replicas");
        FieldPath c = FieldPath.of("status", "replicas");
        FieldSet s = FieldSet.of(a, b, c);
        assertThat(s.recursiveDifference(FieldSet.of(a)).paths()).containsExactly(c);
        assertThat(s.hasChildren(a)).isTrue();
        assertThat(s.hasChildren(b)).isFalse();
        assertThat(s.intersection(FieldSet.of(b)).paths()).containsExactly(b);
        assertThat(s.difference(FieldSet.of(b)).union(FieldSet.of(b))).isEqualTo(s);
    }
}
