package io.lacquer.core.fetch;

import io.lacquer.core.http.HeaderList;
import io.lacquer.core.object.CacheControl;
import io.lacquer.core.object.Freshness;
import io.lacquer.core.vcl.BerespView;

/**
 * The backend response of one fetch, owned by the fetch's thread. Its lifetime is kept relative
 * to the response's origin time ({@code received - age}), so {@link #ttl()} reads the time left
 * fresh, as VCL's {@code beresp.ttl} does.
 */
public final class Beresp implements BerespView {
    private final HeaderList http;
    private final long received;
    private final double age;
    private int status;
    private String reason;
    private double ttl;
    private double grace;
    private double keep;
    private boolean uncacheable;
    private String body;
    /** {@code beresp.was_304}: the response is a stored one revalidated by a 304. */
    boolean was304;

    private boolean honourCdn = true;

    /** Whether CDN-Cache-Control is honoured by this node ({@code cdn_cache_control}). */
    void honourCdnCacheControl(boolean honour) {
        this.honourCdn = honour;
    }

    Beresp(int status, String reason, HeaderList http, long receivedMillis, Freshness freshness, boolean uncacheable) {
        this.status = status;
        this.reason = reason;
        this.http = http;
        this.received = receivedMillis;
        this.age = freshness.age();
        this.ttl = freshness.ttl() < 0 ? -1 - freshness.age() : freshness.ttl();
        this.grace = freshness.grace();
        this.keep = freshness.keep();
        this.uncacheable = uncacheable;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public void status(int status) {
        this.status = status;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public void reason(String reason) {
        this.reason = reason == null ? "" : reason;
    }

    @Override
    public HeaderList http() {
        return http;
    }

    @Override
    public double ttl() {
        return ttl - age;
    }

    @Override
    public void ttl(double seconds) {
        this.ttl = seconds + age;
    }

    @Override
    public double grace() {
        return grace;
    }

    @Override
    public void grace(double seconds) {
        this.grace = seconds;
    }

    @Override
    public double keep() {
        return keep;
    }

    @Override
    public void keep(double seconds) {
        this.keep = seconds;
    }

    @Override
    public boolean uncacheable() {
        return uncacheable;
    }

    @Override
    public void uncacheable(boolean uncacheable) {
        if (uncacheable) {
            this.uncacheable = true;
        }
    }

    @Override
    public double age() {
        return age;
    }

    @Override
    public void body(String body) {
        this.body = body;
    }

    @Override
    public boolean was304() {
        return was304;
    }

    @Override
    public String cacheControl() {
        String cdn = http.joined("CDN-Cache-Control");
        return cdn != null && honourCdn ? cdn : http.joined("Cache-Control");
    }

    /** The synthetic body set in vcl_backend_error, or null. */
    String syntheticBody() {
        return body;
    }

    /** The origin time, epoch ms. */
    long origin() {
        return received - Math.round(age * 1000);
    }

    /** ttl counted from the origin time, in ms, never negative. */
    long ttlMillis() {
        return Math.max(0, CacheControl.millis(ttl));
    }

    /** grace in ms, never negative. */
    long graceMillis() {
        return Math.max(0, CacheControl.millis(grace));
    }

    /** keep in ms, never negative. */
    long keepMillis() {
        return Math.max(0, CacheControl.millis(keep));
    }
}
