package io.lacquer.vcl.runtime;

import io.lacquer.core.http.HeaderFields;
import io.lacquer.core.vcl.ObjView;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/** VCL's {@code obj}: the object found in the cache, read-only, in vcl_hit and vcl_deliver. */
public final class ObjVar {
    private final ObjView obj;

    ObjVar(ObjView obj) {
        this.obj = obj;
    }

    /** {@code obj.hits}: deliveries from cache before this one; 0 in vcl_deliver means a miss. */
    public long getHits() {
        return obj == null ? 0 : obj.hits();
    }

    /** {@code obj.ttl}, negative once stale. */
    public Duration getTtl() {
        return obj == null ? Duration.ZERO : Durations.ofSeconds(obj.ttl());
    }

    /** {@code obj.grace}. */
    public Duration getGrace() {
        return obj == null ? Duration.ZERO : Durations.ofSeconds(obj.grace());
    }

    /** {@code obj.keep}. */
    public Duration getKeep() {
        return obj == null ? Duration.ZERO : Durations.ofSeconds(obj.keep());
    }

    /** {@code obj.age}. */
    public Duration getAge() {
        return obj == null ? Duration.ZERO : Durations.ofSeconds(obj.age());
    }

    /** {@code obj.status} (vcl_hit). */
    public int getStatus() {
        return obj == null ? 0 : obj.status();
    }

    /** {@code obj.uncacheable} (vcl_deliver): the response was not stored. */
    public boolean getUncacheable() {
        return obj == null || obj.uncacheable();
    }

    /** {@code obj.http.*} (vcl_hit), read-only. */
    public HttpMap getHttp() {
        return new HttpMap(new ObjFields(obj), false);
    }

    /** The object's fields as header fields; only reads are possible. */
    private record ObjFields(ObjView obj) implements HeaderFields {
        @Override
        public String get(String name) {
            return obj == null ? null : obj.http(name);
        }

        @Override
        public List<String> getAll(String name) {
            String v = get(name);
            return v == null ? List.of() : List.of(v);
        }

        @Override
        public void set(String name, String value) {
            throw new UnsupportedOperationException("obj is read-only");
        }

        @Override
        public void add(String name, String value) {
            throw new UnsupportedOperationException("obj is read-only");
        }

        @Override
        public void remove(String name) {
            throw new UnsupportedOperationException("obj is read-only");
        }

        @Override
        public void forEach(BiConsumer<String, String> visitor) {
            // an ObjView offers lookups by name only
        }
    }
}
