package dev.kube4j.api.openapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Manual exploration (-Dkube4j.explore=true): how each kubectl behaves when /openapi/v2 is missing or broken. */
@EnabledIfSystemProperty(named = "kube4j.explore", matches = "true")
class KubectlV2ModesExploration extends KubectlCompatibilityTest {

    @Test
    void explore() throws Exception {
        start();
        try {
            for (String bin : java.util.List.of(SDK + "kubectl.1.27", SDK + "kubectl.1.33")) {
                for (String what : java.util.List.of("deployment.spec.strategy", "deployment.spec.template.spec.containers.resources",
                        "pods.metadata.creationTimestamp")) {
                    Result r = kubectl(bin, "explain", what);
                    System.out.println("EXPLAIN " + bin + " " + what + "\n" + r.out() + r.err());
                }
            }
            for (StubApiServer.V2Mode mode : StubApiServer.V2Mode.values()) {
                for (String bin : kubectls().toList()) {
                    server.clear();
                    server.v2Mode = mode;
                    Result create = kubectl(bin, "create", "-f",
                            manifest("d.yaml", deployment("nginx", "", false)).toString());
                    String q = server.requests().stream().filter(r -> r.method().equals("POST"))
                            .map(StubApiServer.Request::query).findFirst().orElse("-");
                    Result explain = kubectl(bin, "explain", "deployment.spec.strategy");
                    server.clear();
                    kubectl(bin, "apply", "-f", manifest("a.yaml", deployment("nginx:1", "", true)).toString());
                    Result apply = kubectl(bin, "apply", "-f", manifest("b.yaml", deployment("nginx:2", "", false)).toString());
                    String patch = server.requests().stream().filter(r -> r.method().equals("PATCH"))
                            .map(r -> r.contentType() + " " + (r.body().contains("$setElementOrder") ? "smp-meta" : "no-meta"))
                            .findFirst().orElse("-");
                    System.out.printf("EXPLORE %s %s create=%d q=%s err=%s | explain=%d err=%s | apply=%d patch=%s err=%s%n",
                            mode, bin.substring(bin.lastIndexOf('.') - 1), create.exit(), q, oneLine(create.err()),
                            explain.exit(), oneLine(explain.err()), apply.exit(), patch, oneLine(apply.err()));
                }
            }
        } finally {
            stop();
        }
    }

    private static String oneLine(String s) {
        s = s.replace('\n', ' ').strip();
        return s.length() > 160 ? s.substring(0, 160) : s;
    }
}
