package dev.passgate.config;

/** How the provider runs: {@code dev} eases a first start on a laptop, {@code production} refuses every shortcut. */
public enum Mode {
    DEV, PRODUCTION;

    public boolean isDev() {
        return this == DEV;
    }
}
