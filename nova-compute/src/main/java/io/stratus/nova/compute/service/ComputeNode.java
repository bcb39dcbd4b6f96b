package io.stratus.nova.compute.service;

import io.stratus.nova.compute.virt.VirtDriver;

/** One compute host this process serves: its name in Nova and its hypervisor. */
public record ComputeNode(String host, VirtDriver driver) {
}
