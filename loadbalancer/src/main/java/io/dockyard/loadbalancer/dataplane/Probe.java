package io.dockyard.loadbalancer.dataplane;

import io.dockyard.loadbalancer.api.TargetGroupSettings;
import io.dockyard.loadbalancer.model.HealthCheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** One health check of one target: a TCP connect, or an HTTP GET whose status must match the matcher. Blocking. */
final class Probe {
    private Probe() {}

    /** The outcome: passed, or the ELB reason code and description of the failure. */
    record Result(boolean passed, String reason, String description) {
        static final Result PASSED = new Result(true, null, null);
    }

    static Result run(HealthCheck hc, String host, int trafficPort) {
        int port = "traffic-port".equals(hc.port()) ? trafficPort : Integer.parseInt(hc.port());
        int timeoutMs = hc.timeoutSeconds() * 1000;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            if ("TCP".equals(hc.protocol())) return Result.PASSED;
            s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            OutputStream out = s.getOutputStream();
            out.write(("GET " + hc.path() + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUser-Agent: ELB-HealthChecker/2.0\r\n"
                    + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int status = statusOf(s.getInputStream());
            if (status < 0) return new Result(false, "Target.FailedHealthChecks", "Health checks failed");
            if (TargetGroupSettings.matches(hc.matcher(), status)) return Result.PASSED;
            return new Result(false, "Target.ResponseCodeMismatch", "Health checks failed with these codes: [" + status + "]");
        } catch (SocketTimeoutException e) {
            return new Result(false, "Target.Timeout", "Request timed out");
        } catch (IOException | RuntimeException e) {
            return new Result(false, "Target.FailedHealthChecks", "Health checks failed");
        }
    }

    /** Reads {@code HTTP/1.x NNN}; -1 when the answer is not HTTP. */
    private static int statusOf(InputStream in) throws IOException {
        byte[] head = new byte[12];
        int n = 0;
        while (n < head.length) {
            int r = in.read(head, n, head.length - n);
            if (r < 0) break;
            n += r;
        }
        String line = new String(head, 0, n, StandardCharsets.US_ASCII);
        if (n < 12 || !line.startsWith("HTTP/1.")) return -1;
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
