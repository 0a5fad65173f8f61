package dev.codebasemcp.store;

/**
 * One open handle on a control plane under test. Contract suites open several handles on the same store in one
 * test to stand in for several server processes sharing it.
 */
public record ControlPlaneHandle(Registry registry, JobStore jobs) {}
