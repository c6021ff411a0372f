package io.lacquer.vcl.compile;

import io.lacquer.core.vcl.Action;
import io.lacquer.vcl.runtime.Durations;
import io.lacquer.vcl.runtime.Regex;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.FieldNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.UnaryMinusExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.expr.BooleanExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.DoWhileStatement;
import org.codehaus.groovy.ast.stmt.EmptyStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.ast.stmt.IfStatement;
import org.codehaus.groovy.ast.stmt.LoopingStatement;
import org.codehaus.groovy.ast.stmt.ReturnStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.ast.stmt.WhileStatement;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;

/**
 * Rewrites a checked subroutine body into plain, statically typed Groovy over its scope
 * parameter {@code $c}: {@code req} becomes {@code $c.req}, {@code return pass} returns
 * {@code $c.pass}, {@code 10.s} a {@link java.time.Duration}, a regex literal a pattern compiled
 * once into a static field, {@code call name} a call whose return ends the caller, and every loop
 * and closure body starts with a time-budget check.
 */
final class SubRewriter extends ClassCodeExpressionTransformer {
    static final String SCOPE = "$c";
    private static final ClassNode DURATIONS = ClassHelper.make(Durations.class);
    private static final ClassNode REGEX = ClassHelper.make(Regex.class);
    private static final ClassNode PATTERN = ClassHelper.make(Pattern.class);
    private static final ClassNode ACTION = ClassHelper.make(Action.class);

    /** Groovy and Java string methods whose first argument is a regular expression; each has a Pattern form. */
    private static final java.util.Set<String> REGEX_METHODS = java.util.Set.of("replaceAll", "replaceFirst", "matches",
            "find", "findAll");

    private final SourceUnit source;
    private final ClassNode scriptClass;
    private final Map<String, Integer> customIndex;
    private final Reporter reporter;
    private final int[] counter;
    private boolean hasLoops;

    /**
     * A rewriter adding regex fields to {@code scriptClass}; {@code customIndex} numbers the custom
     * subroutines; {@code counter} numbers generated names across bodies.
     */
    SubRewriter(SourceUnit source, ClassNode scriptClass, Map<String, Integer> customIndex, Reporter reporter,
                int[] counter) {
        this.source = source;
        this.scriptClass = scriptClass;
        this.customIndex = customIndex;
        this.reporter = reporter;
        this.counter = counter;
    }

    @Override
    protected SourceUnit getSourceUnit() {
        return source;
    }

    /** Rewrites {@code body} in place and ends it with {@code return null} (fall through). */
    BlockStatement rewrite(ClosureExpression closure) {
        BlockStatement body = closure.getCode() instanceof BlockStatement b ? b : block(closure.getCode());
        body.visit(this);
        List<Statement> statements = body.getStatements();
        if (statements.isEmpty() || !(statements.get(statements.size() - 1) instanceof ReturnStatement)) {
            statements.add(new ReturnStatement(ConstantExpression.NULL));
        }
        return body;
    }

    /** Whether a loop or closure was seen, so calls must watch the clock. */
    boolean hasLoops() {
        return hasLoops;
    }

    @Override
    public void visitBlockStatement(BlockStatement block) {
        List<Statement> out = new ArrayList<>(block.getStatements().size());
        for (Statement s : block.getStatements()) {
            out.add(callStatement(s));
        }
        block.getStatements().clear();
        block.getStatements().addAll(out);
        super.visitBlockStatement(block);
    }

    @Override
    public void visitIfElse(IfStatement s) {
        s.setIfBlock(asBlock(s.getIfBlock()));
        if (!(s.getElseBlock() instanceof EmptyStatement) && !(s.getElseBlock() instanceof IfStatement)) {
            s.setElseBlock(asBlock(s.getElseBlock()));
        }
        super.visitIfElse(s);
    }

    @Override
    public void visitWhileLoop(WhileStatement s) {
        tickLoop(s);
        super.visitWhileLoop(s);
    }

    @Override
    public void visitDoWhileLoop(DoWhileStatement s) {
        tickLoop(s);
        super.visitDoWhileLoop(s);
    }

    @Override
    public void visitForLoop(ForStatement s) {
        tickLoop(s);
        super.visitForLoop(s);
    }

    @Override
    public Expression transform(Expression e) {
        if (e == null) {
            return null;
        }
        if (e instanceof VariableExpression v
                && (Variable.ROOTS.contains(v.getName()) || SubChecker.ACTIONS.containsKey(v.getName()))) {
            return at(new PropertyExpression(scope(), v.getName()), e);
        }
        if (e instanceof PropertyExpression p && p.getObjectExpression() instanceof ConstantExpression c
                && c.getValue() instanceof Number n && Durations.unitSeconds(p.getPropertyAsString()) >= 0) {
            return duration(n.doubleValue(), p.getPropertyAsString(), e);
        }
        if (e instanceof UnaryMinusExpression u && u.getExpression() instanceof PropertyExpression p
                && p.getObjectExpression() instanceof ConstantExpression c && c.getValue() instanceof Number n
                && Durations.unitSeconds(p.getPropertyAsString()) >= 0) {
            return duration(-n.doubleValue(), p.getPropertyAsString(), e);
        }
        if (e instanceof BinaryExpression b && b.getOperation().getType() == Types.ASSIGN
                && b.getLeftExpression() instanceof PropertyExpression field
                && field.getObjectExpression() instanceof PropertyExpression http && "http".equals(http.getPropertyAsString())) {
            // req.http.Name = value: through HttpMap.putAt, which takes any value (a GString, a
            // number); the Map property form would store it unconverted
            MethodCallExpression call = new MethodCallExpression(transform(http), "putAt",
                    new ArgumentListExpression(transform(field.getProperty()), transform(b.getRightExpression())));
            call.setImplicitThis(false);
            return at(call, e);
        }
        if (e instanceof BinaryExpression b && (b.getOperation().getType() == Types.MATCH_REGEX
                || b.getOperation().getType() == Types.FIND_REGEX)) {
            return regex(b);
        }
        if (e instanceof MethodCallExpression m && !m.isImplicitThis() && REGEX_METHODS.contains(m.getMethodAsString())
                && m.getArguments() instanceof ArgumentListExpression args && !args.getExpressions().isEmpty()
                && args.getExpression(0) instanceof ConstantExpression c && c.getValue() instanceof String re) {
            // 'x'.replaceAll(/re/, …) and the like: the pattern is compiled once, at load
            Expression pattern = patternField(re, c);
            if (pattern != null) {
                List<Expression> rest = new ArrayList<>();
                rest.add(pattern);
                for (int i = 1; i < args.getExpressions().size(); i++) {
                    rest.add(transform(args.getExpression(i)));
                }
                MethodCallExpression call = new MethodCallExpression(transform(m.getObjectExpression()),
                        m.getMethodAsString(), new ArgumentListExpression(rest));
                call.setSafe(m.isSafe());
                call.setImplicitThis(false);
                return at(call, e);
            }
        }
        if (e instanceof MethodCallExpression m && "log".equals(m.getMethodAsString())
                && m.getObjectExpression() instanceof VariableExpression v && v.getName().equals("std")) {
            // std.log(…), as VCL writes it, is log(…)
            MethodCallExpression call = new MethodCallExpression(scope(), "log", transform(m.getArguments()));
            call.setImplicitThis(false);
            return at(call, e);
        }
        if (e instanceof MethodCallExpression m && m.isImplicitThis() && "vcl".equals(m.getMethodAsString())) {
            // vcl(label) names a label, never a variable: vcl(lbl) is vcl('lbl')
            MethodCallExpression call = new MethodCallExpression(scope(), "vcl",
                    new ArgumentListExpression(new ConstantExpression(SubChecker.callTarget(m))));
            call.setImplicitThis(false);
            return at(call, e);
        }
        if (e instanceof MethodCallExpression m && m.isImplicitThis()
                && SubChecker.FUNCTIONS.contains(m.getMethodAsString())) {
            MethodCallExpression call = new MethodCallExpression(scope(), m.getMethodAsString(),
                    transform(m.getArguments()));
            call.setImplicitThis(false);
            return at(call, e);
        }
        if (e instanceof ClosureExpression c) {
            hasLoops = true;
            BlockStatement code = c.getCode() instanceof BlockStatement b ? b : block(c.getCode());
            code.getStatements().add(0, tick());
            c.setCode(code);
            code.visit(this);
            return c;
        }
        return super.transform(e);
    }

    /** A transformer that only turns {@code 10.s} into durations, for declarations. */
    static ClassCodeExpressionTransformer durationsOnly(SourceUnit source) {
        return new ClassCodeExpressionTransformer() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public Expression transform(Expression e) {
                if (e instanceof PropertyExpression p && p.getObjectExpression() instanceof ConstantExpression c
                        && c.getValue() instanceof Number n && Durations.unitSeconds(p.getPropertyAsString()) >= 0) {
                    return duration(n.doubleValue(), p.getPropertyAsString(), e);
                }
                return e == null ? null : super.transform(e);
            }
        };
    }

    private static Expression duration(double amount, String unit, Expression at) {
        return at(new StaticMethodCallExpression(DURATIONS, "of",
                new ArgumentListExpression(new ConstantExpression(amount, true), new ConstantExpression(unit))), at);
    }

    private Expression regex(BinaryExpression b) {
        boolean whole = b.getOperation().getType() == Types.MATCH_REGEX;
        if (!(b.getRightExpression() instanceof ConstantExpression c) || !(c.getValue() instanceof String re)) {
            reporter.error(b, "the right of " + (whole ? "==~" : "=~") + " must be a regular expression literal, e.g. /^\\/img\\//");
            return b;
        }
        Expression pattern = patternField(re, c);
        if (pattern == null) {
            return b;
        }
        return at(new StaticMethodCallExpression(REGEX, whole ? "matches" : "find",
                new ArgumentListExpression(pattern, transform(b.getLeftExpression()))), b);
    }

    /** A static field of the policy holding {@code re} compiled, or null (reported) when it does not compile. */
    private Expression patternField(String re, Expression at) {
        try {
            Pattern.compile(re);
        } catch (PatternSyntaxException ex) {
            reporter.error(at, "regular expression error: " + ex.getDescription() + " in /" + re + "/");
            return null;
        }
        String field = "$re" + counter[0]++;
        scriptClass.addField(new FieldNode(field, ACC_PUBLIC | ACC_STATIC | ACC_FINAL, PATTERN, scriptClass,
                new StaticMethodCallExpression(REGEX, "compile", new ArgumentListExpression(new ConstantExpression(re)))));
        return new PropertyExpression(new ClassExpression(scriptClass), field);
    }

    /** {@code call name} becomes {@code Action $rN = $c.call(index); if ($rN != null) return $rN}. */
    private Statement callStatement(Statement s) {
        if (!(s instanceof ExpressionStatement es) || !(es.getExpression() instanceof MethodCallExpression m)
                || !m.isImplicitThis() || !"call".equals(m.getMethodAsString())) {
            return s;
        }
        Integer index = customIndex.get(SubChecker.callTarget(m));
        if (index == null) {
            return s; // reported by the checker
        }
        String var = "$r" + counter[0]++;
        MethodCallExpression invoke = new MethodCallExpression(scope(), "call",
                new ArgumentListExpression(new ConstantExpression(index, true)));
        invoke.setImplicitThis(false);
        at(invoke, m);
        VariableExpression result = new VariableExpression(var, ACTION);
        DeclarationExpression decl = new DeclarationExpression(result, Token.newSymbol(Types.ASSIGN, -1, -1), invoke);
        IfStatement ret = new IfStatement(
                new BooleanExpression(new BinaryExpression(new VariableExpression(var),
                        Token.newSymbol(Types.COMPARE_NOT_EQUAL, -1, -1), ConstantExpression.NULL)),
                new ReturnStatement(new VariableExpression(var)), EmptyStatement.INSTANCE);
        BlockStatement out = new BlockStatement();
        out.addStatement(new ExpressionStatement(decl));
        out.addStatement(ret);
        out.setSourcePosition(s);
        return out;
    }

    private void tickLoop(LoopingStatement s) {
        hasLoops = true;
        BlockStatement body = asBlock(s.getLoopBlock());
        body.getStatements().add(0, tick());
        s.setLoopBlock(body);
    }

    private static Statement tick() {
        MethodCallExpression call = new MethodCallExpression(scope(), "tick", ArgumentListExpression.EMPTY_ARGUMENTS);
        call.setImplicitThis(false);
        return new ExpressionStatement(call);
    }

    private static BlockStatement asBlock(Statement s) {
        return s instanceof BlockStatement b ? b : block(s);
    }

    private static BlockStatement block(Statement s) {
        BlockStatement b = new BlockStatement();
        b.addStatement(s);
        b.setSourcePosition(s);
        return b;
    }

    private static VariableExpression scope() {
        return new VariableExpression(SCOPE);
    }

    private static <T extends Expression> T at(T node, Expression from) {
        node.setSourcePosition(from);
        return node;
    }
}
