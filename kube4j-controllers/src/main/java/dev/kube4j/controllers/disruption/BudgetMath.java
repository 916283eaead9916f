package dev.kube4j.controllers.disruption;

import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * The arithmetic of a PodDisruptionBudget, as upstream's disruption controller does it:
 * percentages are of the expected pod count and rounded up.
 */
final class BudgetMath {

    private BudgetMath() {
    }

    /** Upstream's GetScaledValueFromIntOrPercent with roundUp. */
    static int scaled(IntOrString v, int total) {
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal();
        if (s == null || !s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent;
        try {
            percent = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + s + "\": " + e.getMessage());
        }
        return (int) Math.ceil(percent * (double) total / 100.0);
    }

    /** Whether the budget needs the controllers' scale (percentages and maxUnavailable do). */
    static boolean needsScale(IntOrString minAvailable, IntOrString maxUnavailable) {
        return maxUnavailable != null || (minAvailable != null && minAvailable.getIntVal() == null);
    }

    /** desiredHealthy for a budget; {@code expected} is the controllers' scale, or the pod count for an integer minAvailable. */
    static int desiredHealthy(IntOrString minAvailable, IntOrString maxUnavailable, int expected) {
        if (maxUnavailable != null) {
            return Math.max(0, expected - scaled(maxUnavailable, expected));
        }
        if (minAvailable != null) {
            return scaled(minAvailable, expected);
        }
        return 0;
    }

    static int disruptionsAllowed(int currentHealthy, int desiredHealthy, int expected) {
        int allowed = currentHealthy - desiredHealthy;
        return expected <= 0 || allowed <= 0 ? 0 : allowed;
    }
}
