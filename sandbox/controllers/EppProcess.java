package sandbox.controllers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One EPP pod's container as a child process: probed for readiness every half second (a cluster
 * probes every `periodSeconds`; the sandbox is quicker so it is ready sooner), started again when
 * it exits, stopped with SIGTERM and, after the grace period (at most 20 s here), SIGKILL.
 */
final class EppProcess implements PodInstance {
    private static final long PROBE_MILLIS = 500;
    private static final long MAX_GRACE_SECONDS = 20;

    private final String podName;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final GrpcHealthProbe probe;
    private final PodRuntime.ReadinessListener readiness;
    private final long graceSeconds;
    private final List<ProcessHandle> started = new ArrayList<>();
    private Process process;
    private ScheduledFuture<?> probing;
    private Boolean lastReady;
    private boolean stopping;
    private boolean exitSeen;

    EppProcess(String podName, List<String> command, Map<String, String> env, Path log, GrpcHealthProbe probe,
               PodRuntime.ReadinessListener readiness, long graceSeconds) {
        this.podName = podName;
        this.command = command;
        this.env = env;
        this.log = log;
        this.probe = probe;
        this.readiness = readiness;
        this.graceSeconds = Math.min(graceSeconds, MAX_GRACE_SECONDS);
    }

    synchronized void start(ScheduledExecutorService probes) {
        launch();
        probing = probes.scheduleWithFixedDelay(this::probeOnce, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void launch() {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> environment = builder.environment();
        String path = environment.get("PATH");
        environment.clear();   // a container does not inherit the host's environment
        if (path != null) {
            environment.put("PATH", path);
        }
        environment.putAll(env);
        try {
            process = builder.start();
            started.add(process.toHandle());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the EPP of pod " + podName + ": " + e.getMessage(), e);
        }
    }

    private void probeOnce() {
        String failure;
        synchronized (this) {
            if (stopping) {
                return;
            }
            if (!process.isAlive()) {
                // Restarted one probe period later, so that a sandbox being stopped (the EPP got the
                // terminal's Ctrl+C too) stops it first.
                failure = "the EPP exited with code " + process.exitValue() + " (see " + log + ")";
                if (exitSeen) {
                    exitSeen = false;
                    launch();
                } else {
                    exitSeen = true;
                }
            } else {
                failure = probe == null ? null : probe.check();
            }
        }
        boolean ready = failure == null;
        if (lastReady == null || lastReady != ready) {
            lastReady = ready;
            readiness.readinessChanged(ready, failure);
        }
    }

    @Override
    public boolean readyAtStart() {
        return false;
    }

    @Override
    public synchronized List<ProcessHandle> processes() {
        return List.copyOf(started);
    }

    @Override
    public void stop() {
        Process current;
        synchronized (this) {
            stopping = true;
            if (probing != null) {
                probing.cancel(false);
            }
            current = process;
        }
        if (probe != null) {
            probe.close();
        }
        current.destroy();
        try {
            if (!current.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                current.descendants().forEach(ProcessHandle::destroyForcibly);
                current.destroyForcibly();
                current.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
