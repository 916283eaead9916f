package dev.kube4j.controllers.volume;

import dev.kube4j.controllers.runtime.Selectors;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Upstream's static binding rule: the smallest Available volume of the claim's class (no class for
 * ""), offering every requested access mode, at least the requested size, the same volume mode,
 * matching the claim's selector — or one already pre-bound to this claim by claimRef.
 */
final class VolumeMatcher {

    private VolumeMatcher() {
    }

    static Optional<PersistentVolume> bestMatch(PersistentVolumeClaim claim, Collection<PersistentVolume> volumes) {
        for (PersistentVolume pv : volumes) {
            if (preBoundTo(pv, claim)) {
                return Optional.of(pv); // an administrator's explicit choice wins
            }
        }
        return volumes.stream().filter(pv -> matches(claim, pv))
                .min(Comparator.comparing(VolumeMatcher::capacity));
    }

    static boolean preBoundTo(PersistentVolume pv, PersistentVolumeClaim claim) {
        var ref = pv.getSpec().getClaimRef();
        return ref != null && claim.getMetadata().getName().equals(ref.getName())
                && claim.getMetadata().getNamespace().equals(ref.getNamespace())
                && (ref.getUid() == null || ref.getUid().isEmpty() || ref.getUid().equals(claim.getMetadata().getUid()));
    }

    static boolean matches(PersistentVolumeClaim claim, PersistentVolume pv) {
        if (pv.getSpec().getClaimRef() != null || pv.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
        if (phase != null && !phase.equals("Available") && !phase.equals("Pending")) {
            return false;
        }
        if (!Objects.equals(className(claim), Objects.requireNonNullElse(pv.getSpec().getStorageClassName(), ""))) {
            return false;
        }
        List<String> wanted = claim.getSpec().getAccessModes() == null ? List.of() : claim.getSpec().getAccessModes();
        List<String> offered = pv.getSpec().getAccessModes() == null ? List.of() : pv.getSpec().getAccessModes();
        if (!offered.containsAll(wanted)) {
            return false;
        }
        if (!Objects.equals(Objects.requireNonNullElse(claim.getSpec().getVolumeMode(), "Filesystem"),
                Objects.requireNonNullElse(pv.getSpec().getVolumeMode(), "Filesystem"))) {
            return false;
        }
        if (claim.getSpec().getSelector() != null && !Selectors.matches(claim.getSpec().getSelector(), pv.getMetadata().getLabels())) {
            return false;
        }
        return capacity(pv).compareTo(request(claim)) >= 0;
    }

    static String className(PersistentVolumeClaim claim) {
        return Objects.requireNonNullElse(claim.getSpec().getStorageClassName(), "");
    }

    static BigDecimal request(PersistentVolumeClaim claim) {
        Quantity q = claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null ? null
                : claim.getSpec().getResources().getRequests().get("storage");
        return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
    }

    static BigDecimal capacity(PersistentVolume pv) {
        Quantity q = pv.getSpec().getCapacity() == null ? null : pv.getSpec().getCapacity().get("storage");
        return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
    }
}
