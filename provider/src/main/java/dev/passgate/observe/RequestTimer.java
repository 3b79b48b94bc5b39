package dev.passgate.observe;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Latency and results of every endpoint: {@code passgate_requests_seconds{endpoint}} (Prometheus adds the unit) (a timer:
 * count, sum, quantiles) and {@code passgate_responses_total{endpoint, status}} (status class:
 * 2xx, 3xx, 4xx, 5xx). The endpoint is the resource method's name, never the path a client sent,
 * so the labels stay a fixed set.
 */
@Provider
public class RequestTimer implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String STARTED = RequestTimer.class.getName() + ".started";

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        String endpoint = endpoint();
        if (started instanceof Long t) {
            registry.timer("passgate_requests", new Tag("endpoint", endpoint)).update(Duration.ofNanos(System.nanoTime() - t));
        }
        registry.counter("passgate_responses", new Tag("endpoint", endpoint),
                new Tag("status", (response.getStatus() / 100) + "xx")).inc();
    }

    private String endpoint() {
        if (resource == null || resource.getResourceMethod() == null) {
            return "unmatched";
        }
        return resource.getResourceClass().getSimpleName() + "." + resource.getResourceMethod().getName();
    }
}
