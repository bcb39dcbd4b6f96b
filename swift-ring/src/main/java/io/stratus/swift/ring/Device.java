package io.stratus.swift.ring;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One storage device of a ring: where it is (region, zone, address, device name) and its share (weight). */
public record Device(
        @JsonProperty("id") int id,
        @JsonProperty("region") int region,
        @JsonProperty("zone") int zone,
        @JsonProperty("ip") String ip,
        @JsonProperty("port") int port,
        @JsonProperty("device") String device,
        @JsonProperty("weight") double weight,
        @JsonProperty("meta") String meta) {

    public Device {
        if (region < 0 || zone < 0) {
            throw new IllegalArgumentException("region and zone must not be negative");
        }
        if (ip == null || ip.isBlank() || device == null || device.isBlank() || device.contains("/")) {
            throw new IllegalArgumentException("a device needs an ip and a device name without '/'");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
        if (weight < 0 || Double.isNaN(weight) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be a number of zero or more");
        }
        meta = meta == null ? "" : meta;
    }

    public Device withWeight(double newWeight) {
        return new Device(id, region, zone, ip, port, device, newWeight, meta);
    }

    /** The failure domain replicas keep apart: a zone within a region. */
    long zoneKey() {
        return ((long) region << 32) | zone;
    }

    /** Swift's short form: r1z2-127.0.0.1:6200/d1. */
    @Override
    public String toString() {
        return "d" + id + " r" + region + "z" + zone + "-" + ip + ":" + port + "/" + device + " weight " + weight;
    }
}
