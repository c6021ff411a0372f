package io.lacquer.vcl.compile;

import io.lacquer.core.vcl.Sub;
import io.lacquer.vcl.runtime.BackendScope;
import io.lacquer.vcl.runtime.ClientScope;
import io.lacquer.vcl.runtime.HousekeepingScope;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.LambdaExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The policy compiler's front end, run on the parsed script before Groovy resolves names: it
 * reads the top-level declarations and subroutines, checks each subroutine in every built-in
 * subroutine it runs in ({@link SubChecker}), rewrites it ({@link SubRewriter}) and hands it to
 * the script base class as a typed lambda, so the static compiler that follows turns each body
 * into an ordinary method reached through an interface call.
 */
final class PolicyTransform extends CompilationCustomizer {
    private static final Set<String> DECLARATIONS = Set.of("backend", "probe", "director");
    private static final Set<String> FACTORIES = Set.of("roundRobin", "round_robin", "random", "hash", "fallback", "shard",
            "sticky");
    private static final Set<String> BACKEND_ATTRS = Set.of("host", "port", "host_header", "connect_timeout",
            "first_byte_timeout", "between_bytes_timeout", "max_connections", "probe");
    private static final Set<String> PROBE_ATTRS = Set.of("url", "request", "expected_response", "timeout", "interval",
            "window", "threshold", "initial");
    private static final Set<String> DIRECTOR_OPTIONS = Set.of("by", "sticky", "replicas", "cookie", "fallback");
    private static final Map<String, Sub> SUBS = new HashMap<>();

    static {
        for (Sub s : Sub.values()) {
            SUBS.put(s.vclName(), s);
        }
    }

    private final CustomNames inherited;
    private final Predicate<String> isLabel;
    private final Set<String> labelsUsed = new TreeSet<>();
    private CustomNames defined = CustomNames.EMPTY;

    /**
     * A transform for a policy that may call the custom subroutines {@code inherited} (the
     * builtin's) and return vcl to the labels {@code isLabel} accepts.
     */
    PolicyTransform(CustomNames inherited, Predicate<String> isLabel) {
        super(CompilePhase.CONVERSION);
        this.inherited = inherited;
        this.isLabel = isLabel;
    }

    /** The custom subroutines this policy defined, numbered after the inherited ones. */
    CustomNames defined() {
        return defined;
    }

    /** The labels the policy's vcl_recv can return to. */
    Set<String> labelsUsed() {
        return Set.copyOf(labelsUsed);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        Reporter reporter = new Reporter(source);
        if (!classNode.isScript()) {
            reporter.error(classNode, "class declarations are not part of the policy language");
            return;
        }
        MethodNode run = classNode.getMethod("run", Parameter.EMPTY_ARRAY);
        if (run == null || !(run.getCode() instanceof BlockStatement code)) {
            return;
        }
        NameCheck.check(source.getAST(), classNode, code, reporter);

        List<SubDecl> subs = new ArrayList<>();
        Map<String, SubDecl> custom = new LinkedHashMap<>();
        Set<String> declared = new HashSet<>();
        Set<String> probes = new HashSet<>();
        List<MethodCallExpression> declarations = new ArrayList<>();
        for (Statement s : code.getStatements()) {
            MethodCallExpression m = topLevelCall(s);
            if (m == null) {
                reporter.error(s, "only backend, probe and director declarations and subroutines may appear at the top level");
                continue;
            }
            String name = m.getMethodAsString();
            if (DECLARATIONS.contains(name)) {
                String declName = declaredName(m);
                if (declName == null) {
                    reporter.error(m, name + " needs a name: " + name + " 'name', …");
                } else if (declared.contains(declName) || probes.contains(declName)) {
                    reporter.error(m, name + " '" + declName + "' is declared twice");
                } else {
                    (name.equals("probe") ? probes : declared).add(declName);
                }
                declarations.add(m);
            } else if (name.equals("sub")) {
                SubDecl d = customSub(m, reporter);
                if (d != null) {
                    if (custom.containsKey(d.name()) || inherited.contains(d.name())) {
                        reporter.error(m, "subroutine " + d.name() + " is defined twice");
                    } else if (SUBS.containsKey(d.name())) {
                        reporter.error(m, d.name() + " is a built-in subroutine: write " + d.name() + " { … }");
                    } else {
                        custom.put(d.name(), d);
                        subs.add(d);
                    }
                }
            } else if (SUBS.containsKey(name)) {
                ClosureExpression body = onlyClosure(m);
                if (body == null) {
                    reporter.error(m, name + " takes a block: " + name + " { … }");
                } else {
                    subs.add(new SubDecl(name, SUBS.get(name), body, m));
                }
            } else if (name.startsWith("vcl_")) {
                reporter.error(m, "unknown subroutine " + name);
            } else {
                reporter.error(m, "unknown declaration " + name + " (expected: backend, probe, director, sub or vcl_*)");
            }
        }
        for (MethodCallExpression m : declarations) {
            checkDeclaration(m, declared, probes, reporter);
        }

        Map<String, Set<Sub>> callers = callers(subs, custom, reporter);
        Map<String, Integer> clientIndex = new HashMap<>(inherited.client());
        Map<String, Integer> backendIndex = new HashMap<>(inherited.backend());
        int nextClient = inherited.clientCount();
        int nextBackend = inherited.backendCount();
        for (SubDecl d : custom.values()) {
            Set<Sub> in = callers.getOrDefault(d.name(), Set.of());
            if (in.isEmpty()) {
                reporter.error(d.at(), "unused subroutine " + d.name());
            } else if (in.stream().anyMatch(s -> s == Sub.INIT || s == Sub.FINI)) {
                reporter.error(d.at(), "subroutine " + d.name() + " is called from vcl_init or vcl_fini, which cannot call subroutines");
            } else if (in.stream().allMatch(Sub::isBackendSide)) {
                backendIndex.put(d.name(), nextBackend++);
            } else if (in.stream().noneMatch(Sub::isBackendSide)) {
                clientIndex.put(d.name(), nextClient++);
            } else {
                reporter.error(d.at(), "subroutine " + d.name() + " is called from both client and backend subroutines");
            }
        }
        defined = new CustomNames(clientIndex, backendIndex, nextClient, nextBackend);

        Set<String> callable = new HashSet<>(custom.keySet());
        callable.addAll(inherited.client().keySet());
        callable.addAll(inherited.backend().keySet());
        for (SubDecl d : subs) {
            Set<Sub> in = d.custom() ? callers.getOrDefault(d.name(), Set.of()) : Set.of(d.sub());
            if (!in.isEmpty()) {
                new SubChecker(in, d.name(), callable, declared, isLabel, labelsUsed, reporter).check(d.body());
            }
        }
        if (source.getErrorCollector().hasErrors()) {
            return;
        }

        int[] counter = {0};
        boolean loops = false;
        List<Statement> out = new ArrayList<>();
        for (Statement s : code.getStatements()) {
            MethodCallExpression m = topLevelCall(s);
            if (DECLARATIONS.contains(m.getMethodAsString())) {
                out.add(call("at", new ConstantExpression(m.getLineNumber(), true),
                        new ConstantExpression(m.getColumnNumber(), true)));
                ExpressionStatement es = (ExpressionStatement) s;
                es.setExpression(SubRewriter.durationsOnly(source).transform(es.getExpression()));
                out.add(s);
            }
        }
        for (SubDecl d : subs) {
            boolean backendSide = d.custom() ? backendIndex.containsKey(d.name()) : d.sub().isBackendSide();
            SubRewriter rewriter = new SubRewriter(source, classNode, backendSide ? backendIndex : clientIndex,
                    reporter, counter);
            BlockStatement body = rewriter.rewrite(d.body());
            loops |= rewriter.hasLoops();
            ClassNode scope = d.sub() == Sub.INIT || d.sub() == Sub.FINI ? ClassHelper.make(HousekeepingScope.class)
                    : backendSide ? ClassHelper.make(BackendScope.class) : ClassHelper.make(ClientScope.class);
            LambdaExpression lambda = new LambdaExpression(new Parameter[] {new Parameter(scope, SubRewriter.SCOPE)}, body);
            lambda.setSourcePosition(d.body());
            Statement registration;
            if (!d.custom()) {
                registration = call(d.name(), lambda);
            } else if (backendIndex.containsKey(d.name())) {
                registration = call("defineBackendSub", new ConstantExpression(backendIndex.get(d.name()), true), lambda);
            } else {
                registration = call("defineClientSub", new ConstantExpression(clientIndex.get(d.name()), true), lambda);
            }
            registration.setSourcePosition(d.at());
            out.add(call("at", new ConstantExpression(d.at().getLineNumber(), true),
                    new ConstantExpression(d.at().getColumnNumber(), true)));
            out.add(registration);
        }
        if (loops) {
            out.add(0, call("loops"));
        }
        code.getStatements().clear();
        code.getStatements().addAll(out);
    }

    /** For each custom subroutine, the built-in subroutines it runs in, found through the calls. */
    private static Map<String, Set<Sub>> callers(List<SubDecl> subs, Map<String, SubDecl> custom, Reporter reporter) {
        Map<String, Set<Sub>> out = new HashMap<>();
        for (SubDecl d : subs) {
            if (!d.custom()) {
                walk(d, d.sub(), custom, out, new ArrayList<>(), reporter);
            }
        }
        return out;
    }

    private static void walk(SubDecl from, Sub root, Map<String, SubDecl> custom, Map<String, Set<Sub>> out,
                             List<String> path, Reporter reporter) {
        for (MethodCallExpression call : calls(from.body())) {
            String target = SubChecker.callTarget(call);
            SubDecl next = target == null ? null : custom.get(target);
            if (next == null) {
                continue;
            }
            if (path.contains(target)) {
                reporter.error(call, "recursive call of " + target + " (" + String.join(" -> ", path) + " -> " + target + ")");
                continue;
            }
            if (out.computeIfAbsent(target, k -> EnumSet.noneOf(Sub.class)).add(root)) {
                path.add(target);
                walk(next, root, custom, out, path, reporter);
                path.remove(path.size() - 1);
            }
        }
    }

    private static List<MethodCallExpression> calls(ClosureExpression body) {
        List<MethodCallExpression> found = new ArrayList<>();
        body.getCode().visit(new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression m) {
                if (m.isImplicitThis() && "call".equals(m.getMethodAsString())) {
                    found.add(m);
                }
                super.visitMethodCallExpression(m);
            }
        });
        return found;
    }

    private static MethodCallExpression topLevelCall(Statement s) {
        if (s instanceof ExpressionStatement es && es.getExpression() instanceof MethodCallExpression m
                && m.isImplicitThis() && m.getMethodAsString() != null) {
            return m;
        }
        return null;
    }

    /** {@code sub name { … }} or {@code sub('name') { … }}. */
    private static SubDecl customSub(MethodCallExpression m, Reporter reporter) {
        List<Expression> args = args(m);
        if (args.size() == 1 && args.get(0) instanceof MethodCallExpression inner && inner.isImplicitThis()
                && onlyClosure(inner) != null) {
            return new SubDecl(inner.getMethodAsString(), null, onlyClosure(inner), m);
        }
        if (args.size() == 2 && args.get(0) instanceof ConstantExpression c && c.getValue() instanceof String name
                && args.get(1) instanceof ClosureExpression body) {
            return new SubDecl(name, null, body, m);
        }
        reporter.error(m, "a subroutine is written: sub name { … }");
        return null;
    }

    private static ClosureExpression onlyClosure(MethodCallExpression m) {
        List<Expression> args = args(m);
        return args.size() == 1 && args.get(0) instanceof ClosureExpression c ? c : null;
    }

    private static List<Expression> args(MethodCallExpression m) {
        return m.getArguments() instanceof TupleExpression t ? t.getExpressions() : List.of();
    }

    private static String declaredName(MethodCallExpression m) {
        for (Expression e : args(m)) {
            if (e instanceof ConstantExpression c && c.getValue() instanceof String s) {
                return s;
            }
        }
        return null;
    }

    /** Attribute names, and every backend, director and probe a declaration refers to. */
    private static void checkDeclaration(MethodCallExpression m, Set<String> declared, Set<String> probes, Reporter reporter) {
        String kind = m.getMethodAsString();
        for (Expression e : args(m)) {
            if (e instanceof MapExpression map && !kind.equals("director")) {
                Set<String> allowed = kind.equals("backend") ? BACKEND_ATTRS : PROBE_ATTRS;
                for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                    String key = entry.getKeyExpression().getText();
                    if (!allowed.contains(key)) {
                        reporter.error(entry, "unknown " + kind + " attribute '" + key + "' (expected one of: "
                                + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                    } else if (key.equals("probe") && entry.getValueExpression() instanceof ConstantExpression c
                            && !probes.contains(String.valueOf(c.getValue()))) {
                        reporter.error(c, "unknown probe '" + c.getValue() + "'");
                    }
                }
            } else if (kind.equals("director") && e instanceof MethodCallExpression f) {
                checkFactory(f, declared, reporter);
            }
        }
    }

    private static void checkFactory(MethodCallExpression f, Set<String> declared, Reporter reporter) {
        String name = f.getMethodAsString();
        if (!f.isImplicitThis() || !FACTORIES.contains(name)) {
            reporter.error(f, "unknown director type " + name + " (expected one of: " + String.join(", ", FACTORIES) + ")");
            return;
        }
        for (Expression a : args(f)) {
            if (a instanceof ConstantExpression c && c.getValue() instanceof String member) {
                checkMember(c, member, declared, reporter);
            } else if (a instanceof MethodCallExpression nested) {
                checkFactory(nested, declared, reporter);
            } else if (a instanceof MapExpression map) {
                for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                    String key = entry.getKeyExpression().getText();
                    Expression value = entry.getValueExpression();
                    if ((name.equals("random") || name.equals("hash")) && !DIRECTOR_OPTIONS.contains(key)) {
                        checkMember(entry.getKeyExpression(), key, declared, reporter);
                    } else if (!DIRECTOR_OPTIONS.contains(key)) {
                        reporter.error(entry, "unknown director option '" + key + "'");
                    } else if (key.equals("fallback") && value instanceof ConstantExpression c) {
                        checkMember(c, String.valueOf(c.getValue()), declared, reporter);
                    } else if (key.equals("fallback") && value instanceof MethodCallExpression nested) {
                        checkFactory(nested, declared, reporter);
                    }
                }
            }
        }
    }

    private static void checkMember(ASTNode at, String member, Set<String> declared, Reporter reporter) {
        if (!declared.contains(member)) {
            reporter.error(at, "unknown backend or director '" + member + "'");
        }
    }

    private static Statement call(String method, Expression... args) {
        MethodCallExpression m = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, method,
                new ArgumentListExpression(args));
        m.setImplicitThis(true);
        return new ExpressionStatement(m);
    }

    /** Custom subroutine names and their numbers, per side. */
    public record CustomNames(Map<String, Integer> client, Map<String, Integer> backend, int clientCount, int backendCount) {
        static final CustomNames EMPTY = new CustomNames(Map.of(), Map.of(), 0, 0);

        public CustomNames {
            client = Map.copyOf(client);
            backend = Map.copyOf(backend);
        }

        boolean contains(String name) {
            return client.containsKey(name) || backend.containsKey(name);
        }
    }
}
