package dev.kube4j.e2e;

/**
 * Every kubectl acceptance scenario again, with the server storing everything in a real
 * single-member etcd (started for this class, stopped with the cluster).
 */
class KubectlAcceptanceOnEtcdTest extends KubectlAcceptanceTest {

    @Override
    TestCluster startCluster() throws Exception {
        return TestCluster.startOnEtcd();
    }
}
