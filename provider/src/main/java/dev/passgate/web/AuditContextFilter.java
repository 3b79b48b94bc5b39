package dev.passgate.web;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import dev.passgate.audit.AuditContext;

/** Opens each request's audit context with the client's network (never the address itself) and closes it after. */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class AuditContextFilter implements ContainerRequestFilter, ContainerResponseFilter {
    @Inject
    ClientAddress clientAddress;
    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        AuditContext.begin(ClientAddress.network(clientAddress.of(request)));
    }

    @Override
    public void filter(ContainerRequestContext context, ContainerResponseContext response) {
        AuditContext.end();
    }
}
