package dev.disagg.emulator;

import java.net.URI;

/** A published {@code host:port}. */
record Address(String host, int port) {

    /** Parses an address file's content; {@code null} when it is not {@code host:port}. */
    static Address parseOrNull(String text) {
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            return null;
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            return port > 0 && port < 65536 ? new Address(value.substring(0, colon), port) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    URI uri(String path) {
        return URI.create("http://" + this + path);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
