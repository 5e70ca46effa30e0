package io.dockyard.loadbalancer.dataplane;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, recording what it finds so a test can fail on it (Netty itself only logs).
 * Installed for this module's tests by surefire ({@code -Dio.netty.customResourceLeakDetector}, with
 * {@code -Dio.netty.leakDetection.level=paranoid}: every buffer is tracked).
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    @Override
    protected boolean needReport() { return true; }

    @Override
    protected void reportTracedLeak(String resourceType, String records) { LEAKS.add(resourceType + ": " + records); }

    @Override
    protected void reportUntracedLeak(String resourceType) { LEAKS.add(resourceType); }

    /** Collects garbage and lets the detector look at what was collected: the leaks found so far. */
    static List<String> collect() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            for (int k = 0; k < 16; k++) ByteBufAllocator.DEFAULT.directBuffer(16).release();
        }
        return List.copyOf(LEAKS);
    }
}
