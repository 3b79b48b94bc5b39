package dev.passgate.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * Every endpoint lives at the root: the issuer is the context root, as OIDC Discovery expects. The resources are
 * {@code @ApplicationScoped}, made once rather than for every request (issue 13: creating and injecting them was a
 * visible part of each request); what they hold is the application's singletons, and their {@code @Context} fields
 * are Jersey's proxies to the request at hand.
 */
@ApplicationPath("/")
public class PassgateApplication extends Application {
}
