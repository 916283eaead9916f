package dev.kube4j.apiserver.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.apiextensions.CrdSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's naming controller: which of a CRD's requested names it may have, given the names
 * other CRDs of the same group already hold (their {@code status.acceptedNames}).
 *
 * @param acceptedNames the names to put in {@code status.acceptedNames}
 * @param reason        {@code NoConflicts}, or the kind of the first conflict ({@code KindConflict} ...)
 * @param message       {@code no conflicts found} or {@code "x" is already in use}
 */
record CrdNames(CrdSpec.Names acceptedNames, boolean accepted, String reason, String message) {

    static CrdNames decide(CrdSpec crd, List<JsonNode> others) {
        Set<String> resources = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        for (JsonNode other : others) {
            CrdSpec o = CrdSpec.of(other);
            if (!o.group().equals(crd.group()) || o.name().equals(crd.name())) {
                continue;
            }
            CrdSpec.Names a = o.acceptedNames();
            resources.add(a.plural());
            resources.add(a.singular());
            resources.addAll(a.shortNames());
            kinds.add(a.kind());
            kinds.add(a.listKind());
        }
        resources.remove("");
        kinds.remove("");
        CrdSpec.Names requested = crd.names();
        CrdSpec.Names current = crd.acceptedNames();
        String reason = null;
        String message = null;
        String plural = current.plural();
        String singular = current.singular();
        List<String> shortNames = current.shortNames();
        String kind = current.kind();
        String listKind = current.listKind();
        if (free(requested.plural(), current.plural(), resources)) {
            plural = requested.plural();
        } else {
            reason = "PluralConflict";
            message = inUse(requested.plural());
        }
        if (free(requested.singular(), current.singular(), resources)) {
            singular = requested.singular();
        } else {
            reason = "SingularConflict";
            message = inUse(requested.singular());
        }
        List<String> taken = new ArrayList<>();
        for (String s : requested.shortNames()) {
            if (!current.shortNames().contains(s) && resources.contains(s)) {
                taken.add(inUse(s));
            }
        }
        if (taken.isEmpty()) {
            shortNames = requested.shortNames();
        } else {
            reason = "ShortNamesConflict";
            message = taken.size() == 1 ? taken.get(0) : "[" + String.join(", ", taken) + "]";
        }
        if (free(requested.kind(), current.kind(), kinds)) {
            kind = requested.kind();
        } else {
            reason = "KindConflict";
            message = inUse(requested.kind());
        }
        if (free(requested.listKind(), current.listKind(), kinds)) {
            listKind = requested.listKind();
        } else {
            reason = "ListKindConflict";
            message = inUse(requested.listKind());
        }
        CrdSpec.Names accepted = new CrdSpec.Names(plural, singular, kind, listKind, shortNames, requested.categories());
        return reason == null ? new CrdNames(accepted, true, "NoConflicts", "no conflicts found")
                : new CrdNames(accepted, false, reason, message);
    }

    /** Writes the accepted names into {@code status.acceptedNames}, in upstream's field order. */
    void writeTo(ObjectNode status) {
        ObjectNode n = status.putObject("acceptedNames");
        n.put("plural", acceptedNames.plural());
        if (!acceptedNames.singular().isEmpty()) {
            n.put("singular", acceptedNames.singular());
        }
        if (!acceptedNames.shortNames().isEmpty()) {
            acceptedNames.shortNames().forEach(n.putArray("shortNames")::add);
        }
        n.put("kind", acceptedNames.kind());
        if (!acceptedNames.listKind().isEmpty()) {
            n.put("listKind", acceptedNames.listKind());
        }
        if (!acceptedNames.categories().isEmpty()) {
            acceptedNames.categories().forEach(n.putArray("categories")::add);
        }
    }

    private static boolean free(String requested, String accepted, Set<String> used) {
        return requested.equals(accepted) || !used.contains(requested);
    }

    private static String inUse(String name) {
        return "\"" + name + "\" is already in use";
    }
}
