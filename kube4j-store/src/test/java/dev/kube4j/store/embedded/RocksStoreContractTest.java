package dev.kube4j.store.embedded;

import dev.kube4j.store.Store;
import dev.kube4j.store.StoreContractTest;

import java.nio.file.Path;

class RocksStoreContractTest extends StoreContractTest {

    @Override
    protected Store open(Path dir) {
        return RocksStore.open(dir);
    }
}
