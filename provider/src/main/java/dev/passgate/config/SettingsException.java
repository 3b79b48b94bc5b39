package dev.passgate.config;

/** A configuration value that stops start-up: the message names the key and says what is wrong. */
public class SettingsException extends RuntimeException {
    public SettingsException(String key, String problem) {
        super("Configuration key '" + key + "': " + problem);
    }
}
