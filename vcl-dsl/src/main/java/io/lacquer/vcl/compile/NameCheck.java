package io.lacquer.vcl.compile;

import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.SynchronizedStatement;
import org.codehaus.groovy.ast.stmt.ThrowStatement;
import org.codehaus.groovy.ast.stmt.TryCatchStatement;

import java.util.ArrayList;
import java.util.List;

/**
 * The first layer of the sandbox, on the source as written: no imports, method definitions,
 * annotations, exceptions or method pointers, no computed method or property names, and none of
 * {@link Sandbox#DENIED_NAMES} on any receiver. Each refusal carries its line and column.
 */
final class NameCheck extends CodeVisitorSupport {
    private final Reporter reporter;

    private NameCheck(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Checks the module and the script's code. */
    static void check(ModuleNode module, ClassNode script, BlockStatement code, Reporter reporter) {
        List<ImportNode> imports = new ArrayList<>(module.getImports());
        imports.addAll(module.getStarImports());
        imports.addAll(module.getStaticImports().values());
        imports.addAll(module.getStaticStarImports().values());
        for (ImportNode i : imports) {
            reporter.error(i, "sandbox: imports are not allowed (import " + i.getText().replaceFirst("^import ", "") + ")");
        }
        for (MethodNode m : script.getMethods()) {
            if (!m.getName().equals("run") && !m.getName().equals("main") && m.getLineNumber() > 0) {
                reporter.error(m, "sandbox: method definitions are not allowed (" + m.getName() + "); write sub " + m.getName() + " { … }");
            }
        }
        code.visit(new NameCheck(reporter));
    }

    @Override
    public void visitMethodCallExpression(MethodCallExpression m) {
        String name = m.getMethodAsString();
        if (name == null) {
            reporter.error(m, "sandbox: computed method names are not allowed");
        } else if (Sandbox.DENIED_NAMES.contains(name)) {
            reporter.error(m, "sandbox: calling " + name + "() is not allowed");
        }
        super.visitMethodCallExpression(m);
    }

    @Override
    public void visitStaticMethodCallExpression(StaticMethodCallExpression m) {
        if (Sandbox.DENIED_NAMES.contains(m.getMethod())) {
            reporter.error(m, "sandbox: calling " + m.getMethod() + "() is not allowed");
        }
        super.visitStaticMethodCallExpression(m);
    }

    @Override
    public void visitPropertyExpression(PropertyExpression p) {
        String name = p.getPropertyAsString();
        if (name == null) {
            reporter.error(p, "sandbox: computed property names are not allowed");
        } else if (Sandbox.DENIED_NAMES.contains(name) && !name.equals("identity")) {
            // identity() is refused as a method (it runs a closure on any object); client.identity
            // and server.identity are variables of the language
            reporter.error(p, "sandbox: the property " + name + " is not allowed");
        }
        super.visitPropertyExpression(p);
    }

    @Override
    public void visitArrayExpression(org.codehaus.groovy.ast.expr.ArrayExpression a) {
        reporter.error(a, "sandbox: arrays cannot be created (new char[n] can exhaust memory); use [] lists");
        super.visitArrayExpression(a);
    }

    @Override
    public void visitMethodPointerExpression(MethodPointerExpression p) {
        reporter.error(p, "sandbox: method pointers (.&) are not allowed");
        super.visitMethodPointerExpression(p);
    }

    @Override
    public void visitDeclarationExpression(DeclarationExpression d) {
        if (!d.getAnnotations().isEmpty()) {
            reporter.error(d, "sandbox: annotations are not allowed");
        }
        super.visitDeclarationExpression(d);
    }

    @Override
    public void visitClosureExpression(org.codehaus.groovy.ast.expr.ClosureExpression c) {
        if (c.getParameters() != null) {
            for (org.codehaus.groovy.ast.Parameter p : c.getParameters()) {
                if (!p.getAnnotations().isEmpty()) {
                    reporter.error(c, "sandbox: annotations are not allowed");
                }
            }
        }
        super.visitClosureExpression(c);
    }

    @Override
    public void visitForLoop(org.codehaus.groovy.ast.stmt.ForStatement s) {
        for (org.codehaus.groovy.ast.Parameter p : new org.codehaus.groovy.ast.Parameter[] {s.getIndexVariable(), s.getValueVariable()}) {
            if (p != null && !p.getAnnotations().isEmpty()) {
                reporter.error(s, "sandbox: annotations are not allowed");
            }
        }
        super.visitForLoop(s);
    }

    @Override
    public void visitTryCatchFinally(TryCatchStatement s) {
        reporter.error(s, "sandbox: try/catch is not allowed (a failing policy counts as return fail)");
        super.visitTryCatchFinally(s);
    }

    @Override
    public void visitThrowStatement(ThrowStatement s) {
        reporter.error(s, "sandbox: throw is not allowed; write return fail");
        super.visitThrowStatement(s);
    }

    @Override
    public void visitSynchronizedStatement(SynchronizedStatement s) {
        reporter.error(s, "sandbox: synchronized is not allowed");
        super.visitSynchronizedStatement(s);
    }
}
