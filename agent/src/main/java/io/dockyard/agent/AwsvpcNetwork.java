package io.dockyard.agent;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Docker bridge network that awsvpc tasks get their own addresses on ({@value #NAME}). It is made
 * on first use with a subnet that collides with no other Docker network nor host interface, and is
 * shared by every Dockyard on the machine (never removed).
 */
final class AwsvpcNetwork {
    private final ReentrantLock lock = new ReentrantLock();
    static final String NAME = "dockyard-awsvpc";
    /** Tried in order: the default VPC's block first, then a few unusual private ranges. */
    static final List<String> CANDIDATES = List.of("172.31.0.0/16", "10.213.0.0/16", "10.214.0.0/16", "10.215.0.0/16",
            "10.216.0.0/16", "192.168.213.0/24", "192.168.214.0/24");

    private final Engine engine;
    private volatile String subnet;

    AwsvpcNetwork(Engine engine) { this.engine = engine; }

    /** The network's subnet (CIDR); makes the network if it is missing. */
    String ensure() {
        lock.lock();
        try {
            if (subnet != null) return subnet;
            Network existing = find();
            if (existing == null) {
                String cidr = chooseSubnet(usedRanges());
                try {
                    engine.client().createNetworkCmd().withName(NAME).withDriver("bridge").withCheckDuplicate(true)
                            .withLabels(Map.of("io.dockyard.network", "awsvpc"))
                            .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(cidr)))
                            .exec();
                } catch (ConflictException e) {
                    // another Dockyard made it at the same time
                }
                existing = find();
                if (existing == null) throw new IllegalStateException("cannot make the docker network " + NAME);
            }
            List<Network.Ipam.Config> cfg = existing.getIpam() == null ? null : existing.getIpam().getConfig();
            subnet = cfg == null || cfg.isEmpty() ? "" : cfg.get(0).getSubnet();
            return subnet;
        } finally {
            lock.unlock();
        }
    }

    private Network find() {
        try {
            return engine.client().inspectNetworkCmd().withNetworkId(NAME).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private List<String> usedRanges() {
        List<String> used = new ArrayList<>();
        for (Network n : engine.client().listNetworksCmd().exec()) {
            if (n.getIpam() == null || n.getIpam().getConfig() == null) continue;
            for (Network.Ipam.Config c : n.getIpam().getConfig()) if (c.getSubnet() != null) used.add(c.getSubnet());
        }
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress a : ni.getInterfaceAddresses()) {
                    if (a.getAddress().getAddress().length == 4) used.add(a.getAddress().getHostAddress() + "/" + a.getNetworkPrefixLength());
                }
            }
        } catch (Exception e) {
            // no interface list: Docker's own view has to do
        }
        return used;
    }

    /** The first candidate overlapping none of {@code used} (IPv4 CIDRs). */
    static String chooseSubnet(List<String> used) {
        for (String c : CANDIDATES) {
            if (used.stream().filter(u -> !u.contains(":")).noneMatch(u -> overlaps(c, u))) return c;
        }
        throw new IllegalStateException("no free subnet for " + NAME + " among " + CANDIDATES);
    }

    static boolean overlaps(String a, String b) {
        long[] x = range(a), y = range(b);
        return x[0] <= y[1] && y[0] <= x[1];
    }

    private static long[] range(String cidr) {
        String[] p = cidr.split("/");
        int bits = p.length > 1 ? Integer.parseInt(p[1]) : 32;
        long ip;
        try {
            byte[] b = InetAddress.getByName(p[0]).getAddress();
            ip = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        } catch (Exception e) {
            return new long[] {1, 0};
        }
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        long start = ip & mask;
        return new long[] {start, start | (~mask & 0xffffffffL)};
    }
}
