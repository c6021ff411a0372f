package io.lacquer.front.config;

/**
 * The {@code global} section.
 *
 * @param maxconn the process-wide connection limit; 0 means none
 * @param nbthread the number of I/O threads; 0 means one per core
 */
public record GlobalSettings(int maxconn, int nbthread) {
    /** Nothing set. */
    public static final GlobalSettings DEFAULT = new GlobalSettings(0, 0);
}
