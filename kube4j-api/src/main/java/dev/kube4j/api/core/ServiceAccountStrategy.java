package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.NameValidator;

import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;

/** core/v1 serviceaccounts. */
public class ServiceAccountStrategy extends KindStrategy {

    public ServiceAccountStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(), Tables.col("Secrets", "string",
                "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Tables.name(obj), (long) elements(obj, "secrets").size(), Tables.age(obj));
    }
}
