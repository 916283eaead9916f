package dev.kube4j.apiserver.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestInfoParserTest {

    @Test
    void namespacedResourceWithNameAndSubresource() {
        RequestInfo r = RequestInfoParser.parse("PUT", "/api/v1/namespaces/ns1/pods/web/status", false);
        assertThat(r.resourceRequest()).isTrue();
        assertThat(r).extracting(RequestInfo::group, RequestInfo::version, RequestInfo::namespace, RequestInfo::resource,
                RequestInfo::name, RequestInfo::subresource, RequestInfo::verb)
                .containsExactly("", "v1", "ns1", "pods", "web", "status", "update");
    }

    @Test
    void groupedCollectionListAndWatch() {
        assertThat(RequestInfoParser.parse("GET", "/apis/apps/v1/namespaces/x/deployments", false).verb()).isEqualTo("list");
        RequestInfo w = RequestInfoParser.parse("GET", "/apis/apps/v1/deployments", true);
        assertThat(w.verb()).isEqualTo("watch");
        assertThat(w.group()).isEqualTo("apps");
        assertThat(w.namespace()).isEmpty();
        RequestInfo legacy = RequestInfoParser.parse("GET", "/api/v1/watch/namespaces/x/pods/p", false);
        assertThat(legacy.verb()).isEqualTo("watch");
        assertThat(legacy.name()).isEqualTo("p");
    }

    @Test
    void namespaceItselfAndItsSubresources() {
        RequestInfo ns = RequestInfoParser.parse("GET", "/api/v1/namespaces/kube-system", false);
        assertThat(ns.resource()).isEqualTo("namespaces");
        assertThat(ns.name()).isEqualTo("kube-system");
        assertThat(ns.verb()).isEqualTo("get");
        RequestInfo fin = RequestInfoParser.parse("PUT", "/api/v1/namespaces/x/finalize", false);
        assertThat(fin.resource()).isEqualTo("namespaces");
        assertThat(fin.name()).isEqualTo("x");
        assertThat(fin.subresource()).isEqualTo("finalize");
    }

    @Test
    void deleteCollectionAndDiscoveryPaths() {
        assertThat(RequestInfoParser.parse("DELETE", "/api/v1/namespaces/a/configmaps", false).verb())
                .isEqualTo("deletecollection");
        assertThat(RequestInfoParser.parse("GET", "/apis/apps/v1", false).resourceRequest()).isFalse();
        assertThat(RequestInfoParser.parse("GET", "/api/v1", false).resourceRequest()).isFalse();
        assertThat(RequestInfoParser.parse("GET", "/version", false).resourceRequest()).isFalse();
    }
}
