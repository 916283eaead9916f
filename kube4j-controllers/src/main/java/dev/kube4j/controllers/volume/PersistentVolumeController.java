package dev.kube4j.controllers.volume;

import dev.kube4j.controllers.SharedInformerController;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Upstream's PersistentVolume controller (binder) with a local-path provisioner: a pending claim is
 * bound to the smallest matching Available volume; failing that, a claim of the
 * {@code local-path} class (the default, created here if missing) gets a volume provisioned — at
 * once, or once the scheduler has chosen a node (WaitForFirstConsumer). Volumes whose claim is gone
 * become Released and, with reclaimPolicy Delete, are deleted.
 */
public final class PersistentVolumeController extends SharedInformerController {

    private static final Logger log = LoggerFactory.getLogger(PersistentVolumeController.class);
    private static final String CLAIM = "claim:";
    private static final String VOLUME = "volume:";

    private KubernetesClient client;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<PersistentVolume> volumes;
    private SharedIndexInformer<StorageClass> classes;
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private EventRecorder events;

    @Override
    public String name() {
        return "persistentvolume-binder";
    }

    @Override
    public void start(KubernetesClient client, SharedInformers informers) {
        this.client = client;
        this.events = new EventRecorder(client, "persistentvolume-controller");
        queue = new WorkQueue<>("persistentvolume-binder", new ItemBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(30)));
        claims = informers.get(PersistentVolumeClaim.class);
        volumes = informers.get(PersistentVolume.class);
        classes = informers.get(StorageClass.class);
        claims.addEventHandler(EventHandlers.onChange(c -> queue.add(CLAIM + Cache.metaNamespaceKeyFunc(c)), this::claimDeleted));
        volumes.addEventHandler(EventHandlers.onChange(this::volumeChanged, v -> { }));
        loop = new ControllerLoop<>("persistentvolume-binder", queue, this::reconcile, 2);
        informers.whenSynced(loop::start);
        ensureDefaultClass();
    }

    private void ensureDefaultClass() {
        try {
            client.resource(HostPathProvisioner.storageClass()).create();
            log.info("created the default StorageClass {}", HostPathProvisioner.CLASS_NAME);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                log.warn("creating the default StorageClass failed: {}", e.getMessage());
            }
        }
    }

    private void claimDeleted(PersistentVolumeClaim c) {
        String volume = c.getSpec().getVolumeName();
        if (volume != null && !volume.isEmpty()) {
            queue.add(VOLUME + volume);
        }
    }

    /** A volume change may bind a waiting claim: queue its claim, or every pending claim for a free volume. */
    private void volumeChanged(PersistentVolume pv) {
        queue.add(VOLUME + pv.getMetadata().getName());
        var ref = pv.getSpec().getClaimRef();
        if (ref != null) {
            queue.add(CLAIM + ref.getNamespace() + "/" + ref.getName());
        } else {
            for (PersistentVolumeClaim c : claims.getIndexer().list()) {
                if (c.getSpec().getVolumeName() == null || c.getSpec().getVolumeName().isEmpty()) {
                    queue.add(CLAIM + Cache.metaNamespaceKeyFunc(c));
                }
            }
        }
    }

    private ReconcileResult reconcile(String key) {
        if (key.startsWith(CLAIM)) {
            return reconcileClaim(key.substring(CLAIM.length()));
        }
        return reconcileVolume(key.substring(VOLUME.length()));
    }

    private ReconcileResult reconcileClaim(String key) {
        PersistentVolumeClaim claim = claims.getIndexer().getByKey(key);
        if (claim == null || claim.getMetadata().getDeletionTimestamp() != null) {
            return ReconcileResult.done();
        }
        String volumeName = claim.getSpec().getVolumeName();
        if (volumeName != null && !volumeName.isEmpty()) {
            PersistentVolume pv = volumes.getIndexer().getByKey(volumeName);
            if (pv == null) {
                setClaimPhase(claim, "Lost", null);
                return ReconcileResult.done();
            }
            bind(pv, claim);
            return ReconcileResult.done();
        }
        Optional<PersistentVolume> match = VolumeMatcher.bestMatch(claim, volumes.getIndexer().list());
        if (match.isPresent()) {
            bind(match.get(), claim);
            return ReconcileResult.done();
        }
        String className = VolumeMatcher.className(claim);
        StorageClass sc = className.isEmpty() ? null : classes.getIndexer().getByKey(className);
        setClaimPhase(claim, "Pending", null);
        if (sc != null && HostPathProvisioner.PROVISIONER.equals(sc.getProvisioner())) {
            return provision(claim, sc);
        }
        if (sc == null && !className.isEmpty()) {
            events.warning(claim, "ProvisioningFailed", "storageclass.storage.k8s.io \"" + className + "\" not found");
        } else if (sc == null) {
            events.normal(claim, "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
        } else {
            events.normal(claim, "ExternalProvisioning", "Waiting for a volume to be created either by the external provisioner '"
                    + sc.getProvisioner() + "' or manually by the system administrator.");
        }
        return ReconcileResult.done();
    }

    private ReconcileResult provision(PersistentVolumeClaim claim, StorageClass sc) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations() == null ? Map.of() : claim.getMetadata().getAnnotations();
        String node = annotations.get(HostPathProvisioner.SELECTED_NODE);
        if ("WaitForFirstConsumer".equals(sc.getVolumeBindingMode()) && node == null) {
            events.normal(claim, "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
            return ReconcileResult.done();
        }
        PersistentVolume pv = HostPathProvisioner.volumeFor(claim, sc, node);
        try {
            client.resource(pv).create();
            events.normal(claim, "ProvisioningSucceeded", "Successfully provisioned volume " + pv.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        return ReconcileResult.done(); // the new volume's event binds the claim
    }

    /** Both halves of a binding, each idempotent: the volume's claimRef and phase, then the claim's volumeName and phase. */
    private void bind(PersistentVolume pv, PersistentVolumeClaim claim) {
        String pvName = pv.getMetadata().getName();
        if (pv.getSpec().getClaimRef() == null || pv.getSpec().getClaimRef().getUid() == null
                || pv.getSpec().getClaimRef().getUid().isEmpty()) {
            client.persistentVolumes().withName(pvName).edit(v -> {
                v.getSpec().setClaimRef(new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
                        .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                        .withUid(claim.getMetadata().getUid()).build());
                annotate(v.getMetadata(), "pv.kubernetes.io/bound-by-controller", "yes");
                return v;
            });
        }
        if (pv.getStatus() == null || !"Bound".equals(pv.getStatus().getPhase())) {
            client.persistentVolumes().withName(pvName).editStatus(v -> {
                v.getStatus().setPhase("Bound");
                return v;
            });
        }
        if (!pvName.equals(claim.getSpec().getVolumeName())) {
            client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                    .edit(c -> {
                        c.getSpec().setVolumeName(pvName);
                        annotate(c.getMetadata(), "pv.kubernetes.io/bind-completed", "yes");
                        annotate(c.getMetadata(), "pv.kubernetes.io/bound-by-controller", "yes");
                        return c;
                    });
        }
        setClaimPhase(claim, "Bound", pv);
    }

    private void setClaimPhase(PersistentVolumeClaim claim, String phase, PersistentVolume pv) {
        String current = claim.getStatus() == null ? null : claim.getStatus().getPhase();
        if (phase.equals(current) && (pv == null || claim.getStatus().getCapacity() != null)) {
            return;
        }
        client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                .editStatus(c -> {
                    c.getStatus().setPhase(phase);
                    if (pv != null) {
                        c.getStatus().setCapacity(pv.getSpec().getCapacity());
                        c.getStatus().setAccessModes(pv.getSpec().getAccessModes());
                    }
                    return c;
                });
    }

    private ReconcileResult reconcileVolume(String name) {
        PersistentVolume pv = volumes.getIndexer().getByKey(name);
        if (pv == null || pv.getMetadata().getDeletionTimestamp() != null) {
            return ReconcileResult.done();
        }
        var ref = pv.getSpec().getClaimRef();
        String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
        if (ref == null) {
            if (!"Available".equals(phase)) {
                client.persistentVolumes().withName(name).editStatus(v -> {
                    v.getStatus().setPhase("Available");
                    return v;
                });
            }
            return ReconcileResult.done();
        }
        PersistentVolumeClaim claim = claims.getIndexer().getByKey(ref.getNamespace() + "/" + ref.getName());
        boolean claimGone = claim == null || (ref.getUid() != null && !ref.getUid().isEmpty()
                && !ref.getUid().equals(claim.getMetadata().getUid()));
        if (!claimGone || "Released".equals(phase) && !"Delete".equals(pv.getSpec().getPersistentVolumeReclaimPolicy())) {
            return ReconcileResult.done();
        }
        if ("Delete".equals(pv.getSpec().getPersistentVolumeReclaimPolicy())) {
            client.persistentVolumes().withName(name).delete();
            log.info("volume {} released by its claim and deleted (reclaimPolicy Delete)", name);
        } else if (!"Released".equals(phase)) {
            client.persistentVolumes().withName(name).editStatus(v -> {
                v.getStatus().setPhase("Released");
                return v;
            });
        }
        return ReconcileResult.done();
    }

    private static void annotate(io.fabric8.kubernetes.api.model.ObjectMeta meta, String key, String value) {
        Map<String, String> a = new HashMap<>(Objects.requireNonNullElse(meta.getAnnotations(), Map.of()));
        a.put(key, value);
        meta.setAnnotations(a);
    }

    @Override
    protected void stop() throws InterruptedException {
        if (loop != null) {
            loop.close();
        }
    }
}
