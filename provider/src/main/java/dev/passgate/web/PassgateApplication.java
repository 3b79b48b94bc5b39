package dev.passgate.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every endpoint lives at the root: the issuer is the context root, as OIDC Discovery expects. */
@ApplicationPath("/")
public class PassgateApplication extends Application {
}
