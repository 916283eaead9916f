package dev.kube4j.store.etcd;

import dev.kube4j.store.Store;
import dev.kube4j.store.StoreContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;

/**
 * The SPI contract against a real single-member etcd, a fresh one per test (etcd cannot be reset,
 * and the contract counts revisions from an empty store). Starting one takes about 0.1 s.
 */
class EtcdStoreContractTest extends StoreContractTest {

    private EtcdProcess etcd;

    /** Skips the class before the inherited per-test setup and teardown run. */
    @BeforeAll
    static void etcdInstalled() {
        EtcdProcess.assumeInstalled();
    }

    @Override
    protected Store open(Path dir) {
        if (etcd == null) {
            etcd = EtcdProcess.start();
        }
        return EtcdStore.connect(etcd.options());
    }

    /** etcd's empty key space is at revision 1: its first write gets revision 2. */
    @Override
    protected long initialRevision() {
        return 1;
    }

    /** Restarts the etcd member as well, so durability is that of etcd's own data directory. */
    @Override
    protected void reopen() {
        store.close();
        etcd.member(0).stop();
        etcd.member(0).start();
        store = open(dir);
    }

    @AfterEach
    void stopEtcd() {
        if (store != null) {
            store.close();
        }
        if (etcd != null) {
            etcd.close();
            etcd = null;
        }
    }
}
