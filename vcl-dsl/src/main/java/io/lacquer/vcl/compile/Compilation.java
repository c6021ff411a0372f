package io.lacquer.vcl.compile;

import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import io.lacquer.vcl.VclCompileException;
import io.lacquer.vcl.runtime.PolicyParts;
import io.lacquer.vcl.runtime.VclScript;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the Groovy compiler over a policy, in its own class loader, and the script run that
 * collects its declarations and bodies. The builtin policy, a resource, is compiled once per
 * process and shared: its custom subroutines are numbered first, so every user policy's bodies
 * can call them.
 */
public final class Compilation {
    /** The builtin policy's resource. */
    public static final String BUILTIN_RESOURCE = "/io/lacquer/vcl/builtin.vcl.groovy";
    private static final AtomicLong SERIAL = new AtomicLong();
    private static final Pattern STC_PREFIX = Pattern.compile("^\\[Static type checking\\] - ");
    private static final Pattern RUNTIME_TYPE = Pattern.compile("io\\.lacquer\\.vcl\\.runtime\\.(\\w+)");

    /**
     * A compiled policy before linking.
     *
     * @param loader the loader holding its classes (close it to release them)
     * @param parts what its script declared and defined
     * @param names its custom subroutines, numbered
     * @param labels the labels its vcl_recv can return to
     */
    public record Result(GroovyClassLoader loader, PolicyParts parts, PolicyTransform.CustomNames names,
                         Set<String> labels) {
    }

    private Compilation() {
    }

    /** The builtin policy, compiled on first use. */
    public static Result builtin() {
        return Builtin.RESULT;
    }

    /**
     * Compiles a user policy after the builtin one; its loader's parent is {@code parent}, and
     * {@code isLabel} tells which labels {@code return vcl(label)} may name.
     */
    public static Result compile(String fileName, String source, ClassLoader parent, Predicate<String> isLabel)
            throws VclCompileException {
        return compile(fileName, source, builtin().names(), parent, isLabel);
    }

    static Result compile(String fileName, String source, PolicyTransform.CustomNames inherited, ClassLoader parent,
                          Predicate<String> isLabel) throws VclCompileException {
        PolicyTransform transform = new PolicyTransform(inherited, isLabel);
        GroovyClassLoader loader = new GroovyClassLoader(parent, Sandbox.configuration(transform));
        try {
            Class<?> type = loader.parseClass(new GroovyCodeSource(source, "Policy" + SERIAL.incrementAndGet(),
                    "/lacquer/policy"), false);
            VclScript script = (VclScript) type.getDeclaredConstructor().newInstance();
            PolicyParts parts = script.declare(new PolicyParts());
            return new Result(loader, parts, transform.defined(), transform.labelsUsed());
        } catch (CompilationFailedException e) {
            close(loader);
            throw new VclCompileException(problems(fileName, e));
        } catch (ReflectiveOperationException | RuntimeException e) {
            close(loader);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new VclCompileException(List.of(new VclCompileException.Problem(fileName, 0, 0,
                    "declarations failed: " + cause.getMessage())));
        }
    }

    private static List<VclCompileException.Problem> problems(String fileName, CompilationFailedException e) {
        List<VclCompileException.Problem> out = new ArrayList<>();
        if (e instanceof MultipleCompilationErrorsException m) {
            for (Message msg : m.getErrorCollector().getErrors()) {
                if (msg instanceof SyntaxErrorMessage s) {
                    SyntaxException se = s.getCause();
                    out.add(new VclCompileException.Problem(fileName, se.getLine(), se.getStartColumn(),
                            readable(se.getOriginalMessage())));
                } else if (msg instanceof ExceptionMessage x) {
                    out.add(new VclCompileException.Problem(fileName, 0, 0, readable(x.getCause().getMessage())));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(new VclCompileException.Problem(fileName, 0, 0, readable(e.getMessage())));
        }
        out.sort(Comparator.comparingInt(VclCompileException.Problem::line)
                .thenComparingInt(VclCompileException.Problem::column));
        return out;
    }

    /** Groovy's messages, with the runtime's class names replaced by the policy's words. */
    private static String readable(String message) {
        String m = STC_PREFIX.matcher(message == null ? "" : message).replaceFirst("");
        Matcher r = RUNTIME_TYPE.matcher(m);
        StringBuilder sb = new StringBuilder();
        while (r.find()) {
            String word = switch (r.group(1)) {
                case "ReqVar" -> "req";
                case "BereqVar" -> "bereq";
                case "BerespVar" -> "beresp";
                case "RespVar" -> "resp";
                case "ObjVar" -> "obj";
                case "ClientVar" -> "client";
                case "ServerVar" -> "server";
                case "Std" -> "std";
                case "HttpMap" -> "header fields";
                default -> "the policy";
            };
            r.appendReplacement(sb, word);
        }
        r.appendTail(sb);
        return sb.toString();
    }

    private static void close(GroovyClassLoader loader) {
        loader.clearCache();
        try {
            loader.close();
        } catch (IOException ignored) {
            // the loader read no files
        }
    }

    /** The builtin policy, compiled once. */
    private static final class Builtin {
        static final Result RESULT = load();

        private static Result load() {
            try (InputStream in = Compilation.class.getResourceAsStream(BUILTIN_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(BUILTIN_RESOURCE + " is missing from the class path");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return compile("builtin.vcl.groovy", text, PolicyTransform.CustomNames.EMPTY,
                        Compilation.class.getClassLoader(), label -> false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (VclCompileException e) {
                throw new IllegalStateException("the builtin policy does not compile: " + e.getMessage(), e);
            }
        }
    }
}
