/**
 * In-process durable runner: executes Durable Task orchestrations and activities in this JVM by replaying them
 * through durabletask's {@code OrchestrationRunner}, the same entry point Azure Functions uses. Serves the test suite
 * (virtual clock, hours of watching in milliseconds) and {@code dispatchctl run} (real clock).
 */
package dev.acidispatch.local.durable;
