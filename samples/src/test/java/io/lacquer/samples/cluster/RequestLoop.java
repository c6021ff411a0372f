package io.lacquer.samples.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A bounded client loop: one request every {@code interval} from a thread of its own, until
 * stopped, {@code maxRequests} were sent or {@code maxTime} passed. Each answer is recorded with
 * its time, so a test can count the failures before and after an event.
 */
final class RequestLoop implements AutoCloseable {
    /** One request's outcome; {@code status} 0 when no answer came. */
    record Result(long atMillis, int index, int status, String servedBy, String body, String error) {
        boolean failed() {
            return status == 0 || status >= 500;
        }
    }

    private final List<Result> results = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean stopped;

    private RequestLoop(String name, Duration interval, int maxRequests, Duration maxTime,
                        IntFunction<HttpResponse<String>> request) {
        this.thread = new Thread(() -> {
            long end = System.nanoTime() + maxTime.toNanos();
            for (int i = 0; i < maxRequests && !stopped && System.nanoTime() < end; i++) {
                long at = now();
                try {
                    HttpResponse<String> r = request.apply(i);
                    results.add(new Result(at, i, r.statusCode(), r.headers().firstValue("X-Served-By").orElse(null),
                            r.body(), null));
                } catch (RuntimeException e) {
                    results.add(new Result(at, i, 0, null, null, String.valueOf(e)));
                }
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts a loop that sends {@code request.apply(i)} for i = 0, 1, … */
    static RequestLoop start(String name, Duration interval, int maxRequests, Duration maxTime,
                             IntFunction<HttpResponse<String>> request) {
        RequestLoop loop = new RequestLoop(name, interval, maxRequests, maxTime, request);
        loop.thread.start();
        return loop;
    }

    /** The clock the results are stamped with, in milliseconds. */
    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** The results so far, in order. */
    List<Result> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    /** The results of requests sent in [{@code from}, {@code to}). */
    List<Result> between(long from, long to) {
        return results().stream().filter(r -> r.atMillis() >= from && r.atMillis() < to).toList();
    }

    /** How many of {@code results} failed. */
    static long failures(List<Result> results) {
        return results.stream().filter(Result::failed).count();
    }

    /** Stops the loop and waits for its last request. */
    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
