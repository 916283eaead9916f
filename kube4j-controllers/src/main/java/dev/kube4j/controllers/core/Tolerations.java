package dev.kube4j.controllers.core;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Objects;

/** Upstream's toleration rules (core/v1 helpers), shared by the scheduler and the taint eviction. */
public final class Tolerations {

    private Tolerations() {
    }

    /** Whether one toleration tolerates the taint (upstream's ToleratesTaint). */
    public static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) {
            return false;
        }
        String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
        return switch (op) {
            case "Exists" -> true;
            case "Equal" -> t.getKey() != null && !t.getKey().isEmpty()
                    && Objects.equals(Objects.requireNonNullElse(t.getValue(), ""), Objects.requireNonNullElse(taint.getValue(), ""));
            default -> false;
        };
    }

    public static boolean toleratedByAny(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }
}
