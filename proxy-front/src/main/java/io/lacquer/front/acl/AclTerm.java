package io.lacquer.front.acl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One ACL expression: a fetch, its argument, a match method and the patterns any of which may
 * match ({@code path_beg /static /images}).
 */
public final class AclTerm {
    private final Fetch fetch;
    private final String arg;
    private final MatchMethod method;
    private final boolean ignoreCase;
    private final List<String> patterns;
    private final List<Pattern> regexes;
    private final List<IpPattern> networks;
    private final String text;

    AclTerm(Fetch fetch, String arg, MatchMethod method, boolean ignoreCase, List<String> patterns, String text) {
        this.fetch = fetch;
        this.arg = arg;
        this.method = method;
        this.ignoreCase = ignoreCase;
        this.text = text;
        List<String> pats = new ArrayList<>();
        List<Pattern> regs = new ArrayList<>();
        List<IpPattern> nets = new ArrayList<>();
        for (String p : patterns) {
            switch (method) {
                case REG -> regs.add(Pattern.compile(p, ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
                case IP -> nets.add(IpPattern.parse(p));
                case LEN -> {
                    Integer.parseInt(p);
                    pats.add(p);
                }
                default -> pats.add(ignoreCase ? p.toLowerCase(Locale.ROOT) : p);
            }
        }
        if (method == MatchMethod.FOUND && !patterns.isEmpty()) {
            throw new IllegalArgumentException("'-m found' takes no pattern");
        }
        this.patterns = List.copyOf(pats);
        this.regexes = List.copyOf(regs);
        this.networks = List.copyOf(nets);
    }

    /** Whether any sample the request yields matches any pattern. */
    public boolean matches(RequestView req) {
        List<String> samples = fetch.samples(req, arg);
        if (method == MatchMethod.FOUND) {
            return !samples.isEmpty();
        }
        if (fetch == Fetch.SRC && method == MatchMethod.IP) {
            InetAddress src = req.source();
            for (IpPattern n : networks) {
                if (n.contains(src)) {
                    return true;
                }
            }
            return false;
        }
        for (String s : samples) {
            if (matchesSample(s)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesSample(String sample) {
        switch (method) {
            case REG:
                for (Pattern p : regexes) {
                    if (p.matcher(sample).find()) {
                        return true;
                    }
                }
                return false;
            case LEN:
                for (String p : patterns) {
                    if (sample.length() == Integer.parseInt(p)) {
                        return true;
                    }
                }
                return false;
            case IP:
                return matchesIp(sample);
            default:
                break;
        }
        String s = ignoreCase ? sample.toLowerCase(Locale.ROOT) : sample;
        for (String p : patterns) {
            boolean hit = switch (method) {
                case STR -> s.equals(p);
                case BEG -> s.startsWith(p);
                case END -> s.endsWith(p);
                case SUB -> s.contains(p);
                case DIR -> delimited(s, p, '/');
                case DOM -> delimited(s, p, '.');
                default -> false;
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesIp(String sample) {
        if (!sample.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(sample);
            for (IpPattern n : networks) {
                if (n.contains(a)) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    /*
     * HAProxy's dir/dom matches: the pattern must equal a run of whole components of the sample,
     * so "img" matches "/static/img/a.png" but not "/imgs". Both sides are framed with the
     * delimiter and searched, after dropping delimiters the pattern itself starts or ends with.
     */
    private static boolean delimited(String sample, String pattern, char delim) {
        String p = pattern;
        while (!p.isEmpty() && p.charAt(0) == delim) {
            p = p.substring(1);
        }
        while (!p.isEmpty() && p.charAt(p.length() - 1) == delim) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return false;
        }
        String s = sample;
        if (delim == '.') {
            int colon = s.lastIndexOf(':');
            if (colon > 0 && s.indexOf(':') == colon) {
                s = s.substring(0, colon);
            }
        }
        return (delim + s + delim).contains(delim + p + delim);
    }

    /** The expression as written in the configuration. */
    @Override
    public String toString() {
        return text;
    }
}
