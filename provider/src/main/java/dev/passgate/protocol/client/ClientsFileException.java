package dev.passgate.protocol.client;

/** The clients file is unusable; the message says which client and what to fix. Stops start-up. */
public class ClientsFileException extends RuntimeException {
    public ClientsFileException(String message) {
        super(message);
    }
}
