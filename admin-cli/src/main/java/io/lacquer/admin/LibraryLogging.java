package io.lacquer.admin;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the libraries' start-up chatter (Undertow's and XNIO's version banners, logged through
 * java.util.logging) out of a node's output; their warnings and errors still show.
 */
public final class LibraryLogging {
    /** Held so that the levels set here are not lost when the loggers are collected. */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"));

    private LibraryLogging() {
    }

    /** Raises the libraries' log level to WARNING. */
    public static void quiet() {
        QUIETED.forEach(l -> l.setLevel(Level.WARNING));
    }
}
