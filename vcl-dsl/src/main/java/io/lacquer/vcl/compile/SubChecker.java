package io.lacquer.vcl.compile;

import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.Sub;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ReturnStatement;
import org.codehaus.groovy.syntax.Types;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Checks one subroutine body against every built-in subroutine it runs in (libvcc's
 * {@code vcc_xref.c} and the variable table of {@code vcl-var(7)}): each return is legal there,
 * each variable is readable, or writable when assigned, each name refers to something declared,
 * and nothing outside the language is called. Errors go to the {@link Reporter} with the
 * position of the offending node.
 */
final class SubChecker extends CodeVisitorSupport {
    /** The actions written as bare names, by their VCL spelling. */
    static final Map<String, Action> ACTIONS = Map.ofEntries(
            Map.entry("fail", Action.FAIL), Map.entry("restart", Action.RESTART), Map.entry("pass", Action.PASS),
            Map.entry("pipe", Action.PIPE), Map.entry("hash", Action.HASH), Map.entry("purge", Action.PURGE),
            Map.entry("lookup", Action.LOOKUP), Map.entry("fetch", Action.FETCH), Map.entry("deliver", Action.DELIVER),
            Map.entry("retry", Action.RETRY), Map.entry("abandon", Action.ABANDON), Map.entry("ok", Action.OK));
    /** The functions a body may call without a receiver. */
    static final Set<String> FUNCTIONS = Set.of("synth", "error", "pass", "hash_data", "synthetic", "log", "call", "ban", "vcl");
    private static final Set<String> HEADER_WRITES = Set.of("remove", "unset", "put", "putAt", "add", "clear", "putAll");
    private static final Set<String> BACKEND_VARS = Set.of("req.backend", "req.backend_hint", "bereq.backend");

    private final Set<Sub> callers;
    private final String where;
    private final Set<String> customSubs;
    private final Set<String> declared;
    private final Predicate<String> isLabel;
    private final Set<String> labelsUsed;
    private final Reporter reporter;
    private final Set<Expression> returned = identitySet();
    private final Set<Expression> writes = identitySet();
    private final Set<Expression> rootsInChain = identitySet();
    private final Set<Expression> callStatements = identitySet();
    private int closureDepth;

    /**
     * A checker for a body that runs in {@code callers}; {@code where} names the body in messages.
     * {@code customSubs} and {@code declared} are the names of custom subroutines and of backends
     * and directors; {@code isLabel} tells the labels of the node, and the ones the body returns
     * to are added to {@code labelsUsed}.
     */
    SubChecker(Set<Sub> callers, String where, Set<String> customSubs, Set<String> declared, Predicate<String> isLabel,
               Set<String> labelsUsed, Reporter reporter) {
        this.callers = callers;
        this.where = where;
        this.customSubs = customSubs;
        this.declared = declared;
        this.isLabel = isLabel;
        this.labelsUsed = labelsUsed;
        this.reporter = reporter;
    }

    void check(ClosureExpression body) {
        if (body.isParameterSpecified() && body.getParameters().length > 0) {
            reporter.error(body, where + " takes no parameters");
        }
        body.getCode().visit(this);
    }

    @Override
    public void visitReturnStatement(ReturnStatement s) {
        Expression e = s.getExpression();
        if (closureDepth > 0) {
            reporter.error(s, "return inside a closure leaves the closure, not " + where + "; return from the subroutine itself");
        }
        returned.add(e);
        super.visitReturnStatement(s);
    }

    @Override
    public void visitExpressionStatement(ExpressionStatement s) {
        if (s.getExpression() instanceof MethodCallExpression m && m.isImplicitThis() && "call".equals(m.getMethodAsString())) {
            callStatements.add(m);
        }
        super.visitExpressionStatement(s);
    }

    @Override
    public void visitVariableExpression(VariableExpression v) {
        String name = v.getName();
        Action action = ACTIONS.get(name);
        if (action != null) {
            if (!returned.contains(v)) {
                reporter.error(v, "'" + name + "' is an action: write 'return " + name + "'");
            } else if (action == Action.PASS && callers.contains(Sub.BACKEND_RESPONSE)) {
                reporter.error(v, "in vcl_backend_response, pass needs a duration: return pass(120.s)");
            } else {
                checkAction(v, action, name);
            }
        } else if (name.equals("vcl") && returned.contains(v)) {
            reporter.error(v, "return vcl needs the label to switch to: return vcl('label')");
        } else if (name.equals("now")) {
            checkVariable(v, Variable.NOW, false);
        } else if (Variable.ROOTS.contains(name) && !rootsInChain.contains(v)) {
            reporter.error(v, "'" + name + "' cannot be used on its own; name one of its variables, e.g. " + example(name));
        } else if (name.equals("this") || name.equals("super")) {
            reporter.error(v, "'" + name + "' is not part of the policy language");
        }
    }

    @Override
    public void visitPropertyExpression(PropertyExpression p) {
        if (p.getObjectExpression() instanceof VariableExpression root && Variable.ROOTS.contains(root.getName())
                && !root.getName().equals("now") && !root.getName().equals("std")) {
            rootsInChain.add(root);
            String path = root.getName() + "." + p.getPropertyAsString();
            Variable var = Variable.byName(path);
            if (var == null) {
                reporter.error(root, "unknown variable " + path);
            } else {
                checkVariable(root, var, writes.contains(p));
            }
        }
        super.visitPropertyExpression(p);
    }

    @Override
    public void visitBinaryExpression(BinaryExpression b) {
        if (Types.ofType(b.getOperation().getType(), Types.ASSIGNMENT_OPERATOR)) {
            PropertyExpression target = head(b.getLeftExpression());
            if (target != null) {
                writes.add(target);
                String path = path(target);
                if (BACKEND_VARS.contains(path) && b.getRightExpression() instanceof ConstantExpression c
                        && c.getValue() instanceof String name) {
                    checkDeclared(c, name);
                }
            }
        }
        super.visitBinaryExpression(b);
    }

    @Override
    public void visitDeclarationExpression(DeclarationExpression d) {
        if (d.getLeftExpression() instanceof VariableExpression v
                && (ACTIONS.containsKey(v.getName()) || Variable.ROOTS.contains(v.getName()))) {
            reporter.error(d, "'" + v.getName() + "' is a name of the policy language and cannot name a local variable");
        }
        super.visitDeclarationExpression(d);
    }

    @Override
    public void visitClosureExpression(ClosureExpression c) {
        closureDepth++;
        super.visitClosureExpression(c);
        closureDepth--;
    }

    @Override
    public void visitMethodCallExpression(MethodCallExpression m) {
        String name = m.getMethodAsString();
        if (m.isImplicitThis()) {
            checkFunction(m, name == null ? "" : name);
            if (!"call".equals(name) && !"vcl".equals(name)) {
                m.getArguments().visit(this);
            }
            return;
        } else if (m.getObjectExpression() instanceof VariableExpression v && v.getName().equals("std")) {
            rootsInChain.add(v);
            checkVariable(m, Variable.STD, false);
            if ("healthy".equals(name) && firstArg(m) instanceof ConstantExpression c && c.getValue() instanceof String s) {
                checkDeclared(c, s);
            }
        } else if (name != null && HEADER_WRITES.contains(name)) {
            PropertyExpression target = head(m.getObjectExpression());
            if (target != null && p(target).endsWith(".http")) {
                writes.add(target);
            }
        }
        super.visitMethodCallExpression(m);
    }

    private void checkFunction(MethodCallExpression m, String name) {
        switch (name) {
            case "synth" -> requireReturn(m, Action.SYNTH, name);
            case "error" -> requireReturn(m, Action.ERROR, name);
            case "pass" -> {
                for (Sub s : callers) {
                    if (s != Sub.BACKEND_RESPONSE) {
                        reporter.error(m, "pass(duration) is only allowed in vcl_backend_response; in " + s.vclName()
                                + " write 'return pass'");
                        return;
                    }
                }
                requireReturn(m, Action.PASS, name);
            }
            case "hash_data" -> onlyIn(m, name, Set.of(Sub.HASH));
            case "synthetic" -> onlyIn(m, name, Set.of(Sub.SYNTH, Sub.BACKEND_ERROR));
            case "log" -> {
                // allowed everywhere
            }
            case "call" -> {
                String target = callTarget(m);
                if (target == null) {
                    reporter.error(m, "call needs the name of a subroutine: call my_sub");
                } else if (!customSubs.contains(target)) {
                    reporter.error(m, "unknown subroutine " + target);
                } else if (closureDepth > 0 || !callStatements.contains(m)) {
                    reporter.error(m, "call is a statement of its own, outside closures");
                }
            }
            case "ban" -> {
                for (Sub s : callers) {
                    if (s == Sub.INIT || s == Sub.FINI) {
                        reporter.error(m, "ban() is not allowed in " + s.vclName() + ": a ban needs a request");
                    }
                }
            }
            case "vcl" -> {
                requireReturn(m, Action.VCL, name);
                checkLabel(m);
            }
            default -> reporter.error(m, "unknown function " + name + "()");
        }
    }

    /** The label of {@code vcl(label)} must exist on the node when the policy loads, as in varnishd. */
    private void checkLabel(MethodCallExpression m) {
        String label = callTarget(m);
        if (label == null) {
            reporter.error(m, "vcl() takes the name of a label: return vcl('label')");
        } else if (!isLabel.test(label)) {
            reporter.error(firstArg(m), "Symbol not found: '" + label + "'");
        } else {
            labelsUsed.add(label);
        }
    }

    private void requireReturn(MethodCallExpression m, Action action, String name) {
        if (!returned.contains(m)) {
            reporter.error(m, "'" + name + "(…)' is an action: write 'return " + name + "(…)'");
        } else {
            checkAction(m, action, name);
        }
    }

    private void onlyIn(MethodCallExpression m, String name, Set<Sub> allowed) {
        for (Sub s : callers) {
            if (!allowed.contains(s)) {
                reporter.error(m, name + "() is not allowed in " + s.vclName() + " (only in "
                        + allowed.stream().map(Sub::vclName).sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    private void checkAction(Expression at, Action action, String spelled) {
        if (closureDepth > 0) {
            return;
        }
        for (Sub s : callers) {
            if (!s.allows(action)) {
                reporter.error(at, "return(" + spelled + ") is not allowed in " + s.vclName() + "; legal returns are: "
                        + s.legal().stream().map(Action::vclName).collect(Collectors.joining(" ")));
            }
        }
    }

    private void checkVariable(Expression at, Variable var, boolean write) {
        for (Sub s : callers) {
            if (write && !var.writable().contains(s)) {
                reporter.error(at, var.readable().contains(s)
                        ? var.vclName() + " is read-only in " + s.vclName()
                        : var.vclName() + " is not available in " + s.vclName());
            } else if (!write && !var.readable().contains(s)) {
                reporter.error(at, var.writable().contains(s)
                        ? var.vclName() + " can only be written in " + s.vclName()
                        : var.vclName() + " is not available in " + s.vclName());
            }
        }
    }

    private void checkDeclared(Expression at, String name) {
        if (!declared.contains(name)) {
            reporter.error(at, "unknown backend or director '" + name + "'");
        }
    }

    /** The target of {@code call name} or {@code call 'name'}, or the label of {@code vcl(name)}. */
    static String callTarget(MethodCallExpression m) {
        Expression arg = firstArg(m);
        if (arg instanceof VariableExpression v) {
            return v.getName();
        }
        if (arg instanceof ConstantExpression c && c.getValue() instanceof String s) {
            return s;
        }
        return null;
    }

    static Expression firstArg(MethodCallExpression m) {
        if (m.getArguments() instanceof TupleExpression t && t.getExpressions().size() == 1) {
            return t.getExpression(0);
        }
        return null;
    }

    /** The {@code root.field} node a chain such as {@code req.http.Cookie} or {@code req.http['X']} starts with. */
    static PropertyExpression head(Expression e) {
        while (true) {
            if (e instanceof PropertyExpression p) {
                if (p.getObjectExpression() instanceof VariableExpression v && Variable.ROOTS.contains(v.getName())) {
                    return p;
                }
                e = p.getObjectExpression();
            } else if (e instanceof BinaryExpression b && b.getOperation().getType() == Types.LEFT_SQUARE_BRACKET) {
                e = b.getLeftExpression();
            } else {
                return null;
            }
        }
    }

    private static String path(PropertyExpression p) {
        return ((VariableExpression) p.getObjectExpression()).getName() + "." + p.getPropertyAsString();
    }

    private static String p(PropertyExpression p) {
        return path(p);
    }

    private static String example(String root) {
        return switch (root) {
            case "req", "bereq" -> root + ".url";
            case "beresp", "resp", "obj" -> root + ".status";
            case "client", "remote", "local" -> root + ".ip";
            case "server" -> "server.identity";
            case "std" -> "std.healthy('web1')";
            default -> root;
        };
    }

    private static <T> Set<T> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
