package dev.kube4j.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

class OtherKindsTest {

    @BeforeEach
    void fixClock() {
        HumanDuration.setClock(Clock.fixed(Instant.parse("2025-02-04T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void resetClock() {
        HumanDuration.setClock(null);
    }

    @Test
    void rbac() {
        ResourceStrategy rb = AllKindsTest.strategy("rbac.authorization.k8s.io/rolebindings");
        ObjectNode b = create("rbac.authorization.k8s.io/rolebindings", Fixtures.fixture("rbac.authorization.k8s.io/rolebindings"));
        assertThat(b.at("/roleRef/apiGroup").asText()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(b.at("/subjects/0/apiGroup").asText()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(b.at("/subjects/1/apiGroup").isMissingNode()).isTrue();
        assertThat(rb.cells(b)).containsExactly("read-pods", "Role/pod-reader", "400d", "jane", "", "default/builder");
        ObjectNode changed = b.deepCopy();
        ((ObjectNode) changed.get("roleRef")).put("name", "other");
        assertThat(messages(rb.validateUpdate(changed, b))).containsExactly(
                "roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\", Name:\"other\"}: cannot change roleRef");
        ResourceStrategy role = AllKindsTest.strategy("rbac.authorization.k8s.io/roles");
        ObjectNode r = create("rbac.authorization.k8s.io/roles", Fixtures.json("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"a/b","namespace":"default"},
                 "rules":[{"resources":["pods"]},{"nonResourceURLs":["/x"],"verbs":["get"]}]}"""));
        assertThat(messages(role.validate(r))).containsExactly(
                "metadata.name: Invalid value: \"a/b\": may not contain '/'",
                "rules[0].verbs: Required value: verbs must contain at least one value",
                "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
                "rules[1].nonResourceURLs: Invalid value: []string{\"/x\"}: namespaced rules cannot apply to non-resource URLs");
        assertThat(role.columns()).extracting(c -> c.name()).containsExactly("Name", "Created At");
        ResourceStrategy crb = AllKindsTest.strategy("rbac.authorization.k8s.io/clusterrolebindings");
        ObjectNode c = create("rbac.authorization.k8s.io/clusterrolebindings", Fixtures.json("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"x"},
                 "subjects":[{"kind":"ServiceAccount","name":"sa"},{"kind":"Robot","name":"r"}],"roleRef":{"kind":"Role","name":"v"}}"""));
        assertThat(messages(crb.validate(c))).containsExactly(
                "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
                "subjects[0].namespace: Required value",
                "subjects[1].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"");
    }

    @Test
    void leasesAndEndpointSlices() {
        ResourceStrategy l = AllKindsTest.strategy("coordination.k8s.io/leases");
        ObjectNode lease = create("coordination.k8s.io/leases", Fixtures.fixture("coordination.k8s.io/leases"));
        assertThat(l.cells(lease)).containsExactly("node1", "node1", "400d");
        ((ObjectNode) lease.get("spec")).put("leaseDurationSeconds", 0);
        assertThat(messages(l.validate(lease))).containsExactly("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0");
        ResourceStrategy es = AllKindsTest.strategy("discovery.k8s.io/endpointslices");
        ObjectNode slice = create("discovery.k8s.io/endpointslices", Fixtures.fixture("discovery.k8s.io/endpointslices"));
        assertThat(slice.at("/ports/0/protocol").asText()).isEqualTo("TCP");
        assertThat(es.cells(slice)).containsExactly("myweb-abc", "IPv4", "8080", "10.244.0.5", "400d");
        slice.put("addressType", "IPv5");
        assertThat(messages(es.validate(slice))).containsExactly(
                "addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"");
        ResourceStrategy ep = AllKindsTest.strategy("/endpoints");
        ObjectNode e = create("/endpoints", Fixtures.fixture("/endpoints"));
        assertThat(ep.cells(e)).containsExactly("myweb", "10.244.0.5:8080", "400d");
        ResourceStrategy sa = AllKindsTest.strategy("/serviceaccounts");
        assertThat(sa.cells(create("/serviceaccounts", Fixtures.fixture("/serviceaccounts")))).containsExactly("builder", 1L, "400d");
        ResourceStrategy pt = AllKindsTest.strategy("/podtemplates");
        assertThat(pt.cells(create("/podtemplates", Fixtures.fixture("/podtemplates")))).containsExactly("pt", "c", "busybox", "a=b");
    }
}
