package dev.kube4j.controllers;

import dev.kube4j.controllers.cronjob.CronJobController;
import dev.kube4j.controllers.daemon.DaemonSetController;
import dev.kube4j.controllers.deployment.DeploymentController;
import dev.kube4j.controllers.disruption.DisruptionController;
import dev.kube4j.controllers.endpoints.EndpointsController;
import dev.kube4j.controllers.gc.GarbageCollector;
import dev.kube4j.controllers.job.JobController;
import dev.kube4j.controllers.namespace.NamespaceController;
import dev.kube4j.controllers.nodelifecycle.NodeLifecycleController;
import dev.kube4j.controllers.podautoscaler.HorizontalPodAutoscalerController;
import dev.kube4j.controllers.replicaset.ReplicaSetController;
import dev.kube4j.controllers.resourcequota.ResourceQuotaController;
import dev.kube4j.controllers.runtime.ApiClients;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.serviceaccount.RootCaPublisher;
import dev.kube4j.controllers.serviceaccount.ServiceAccountController;
import dev.kube4j.controllers.statefulset.StatefulSetController;
import dev.kube4j.controllers.ttlafterfinished.TtlAfterFinishedController;
import dev.kube4j.controllers.volume.PersistentVolumeController;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * kube4j's kube-controller-manager: runs controllers against an API server reached through a
 * kubeconfig, with one shared fabric8 client, exactly as any external client would.
 */
public final class ControllerManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final SharedInformers informers;
    private final List<Controller> started = new ArrayList<>();

    private ControllerManager(KubernetesClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.informers = new SharedInformers(client);
    }

    /** The controllers {@code kube4j server} runs. */
    public static List<Controller> defaultControllers() {
        return defaultControllers(ControllerOptions.defaults());
    }

    public static List<Controller> defaultControllers(ControllerOptions options) {
        return List.of(new NamespaceController(), new GarbageCollector(),
                ReplicaSetController.forReplicaSets(), ReplicaSetController.forReplicationControllers(),
                new DeploymentController(), new StatefulSetController(), new DaemonSetController(),
                new JobController(options.jobBackoff()), new TtlAfterFinishedController(), new CronJobController(),
                new NodeLifecycleController(options.nodeLifecycle()), new EndpointsController(), new PersistentVolumeController(),
                new ServiceAccountController(), new RootCaPublisher(),
                new ResourceQuotaController(options.resourceQuotaSyncPeriod()), new DisruptionController(),
                new HorizontalPodAutoscalerController());
    }

    public static ControllerManager start(Path kubeconfig) throws IOException {
        return start(kubeconfig, defaultControllers());
    }

    public static ControllerManager start(Path kubeconfig, List<Controller> controllers) throws IOException {
        long t0 = System.nanoTime();
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        KubernetesClient client = ApiClients.connect(config);
        log.info("connected to {} in {} ms", config.getMasterUrl(), (System.nanoTime() - t0) / 1_000_000);
        return start(client, controllers);
    }

    /** Takes ownership of the client: {@link #close} closes it. */
    public static ControllerManager start(KubernetesClient client, List<Controller> controllers) {
        return start(client, controllers, true);
    }

    /** On a client the caller keeps (e.g. across terms of leadership): {@link #close} leaves it open. */
    public static ControllerManager startOn(KubernetesClient client, List<Controller> controllers) {
        return start(client, controllers, false);
    }

    private static ControllerManager start(KubernetesClient client, List<Controller> controllers, boolean ownsClient) {
        ControllerManager manager = new ControllerManager(client, ownsClient);
        try {
            for (Controller c : controllers) {
                long t0 = System.nanoTime();
                c.start(client, manager.informers);
                manager.started.add(c);
                log.info("started controller {} in {} ms", c.name(), (System.nanoTime() - t0) / 1_000_000);
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return manager;
    }

    public List<String> controllerNames() {
        return started.stream().map(Controller::name).toList();
    }

    /** Stops controllers in reverse order, then the client. */
    @Override
    public void close() {
        for (Controller c : started.reversed()) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("stopping controller {} failed", c.name(), e);
            }
        }
        started.clear();
        informers.close();
        if (ownsClient) {
            client.close();
        }
    }
}
