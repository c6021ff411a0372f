package io.lacquer.vcl.compile;

import groovy.transform.CompileStatic;
import io.lacquer.vcl.runtime.VclScript;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.SynchronizedStatement;
import org.codehaus.groovy.ast.stmt.ThrowStatement;
import org.codehaus.groovy.ast.stmt.TryCatchStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.customizers.SecureASTCustomizer;
import org.codehaus.groovy.transform.stc.StaticTypesMarker;

import java.util.List;
import java.util.Set;

/*
 * Implementation notes. Groovy's SecureASTCustomizer alone is not a sandbox (reference
 * dependencies.md §5: `def s = System; s.exit(1)`, `evaluate(…)` and `'cmd'.execute()` pass it).
 * Three layers close the holes:
 *   1. before names are resolved, PolicyTransform admits only declarations and subroutines at
 *      the top level and only the language's own functions inside them, and SecureASTCustomizer
 *      refuses imports, packages, method and class definitions, try/catch/throw and synchronized;
 *   2. every body is compiled with @CompileStatic, so no call is dispatched dynamically: each has
 *      a target known at compile time (reflection chains and dynamic names fail to type-check);
 *   3. after type checking, every call target, constructor, cast, class reference and declared
 *      type is checked against an allow-list of classes, and a few names (getClass, metaClass,
 *      execute, evaluate, invokeMethod, …) are refused whatever the receiver.
 * Annotations are refused before semantic analysis, so no annotation-driven transform (ASTTest,
 * Grab) ever runs, and the global Grab transform is disabled outright.
 */

/** The compiler configuration that keeps a policy inside the language: no files, processes, threads or reflection. */
final class Sandbox {
    /** Names refused whatever they are called on. */
    static final Set<String> DENIED_NAMES = Set.of("getClass", "class", "getMetaClass", "metaClass", "setMetaClass",
            "invokeMethod", "getProperty", "setProperty", "getProperties", "properties", "execute", "evaluate", "with",
            "tap", "identity", "forName", "newInstance", "getDeclaredMethod", "getDeclaredMethods", "getMethod",
            "getMethods", "getDeclaredField", "getField", "invoke", "loadClass", "getClassLoader", "classLoader",
            "sleep", "wait", "notify", "notifyAll", "run", "getBinding", "binding", "setBinding", "exit", "halt",
            "addShutdownHook", "use", "mixin", "print", "println", "printf", "dump", "multiply", "repeat", "padLeft",
            "padRight", "center", "metaPropertyValues", "getMetaPropertyValues", "respondsTo", "hasProperty",
            "asType", "declare", "finalize", "clone", "getInteger", "getLong", "getBoolean", "format", "sprintf");
    private static final Set<String> ALLOWED_CLASSES = Set.of("java.lang.String", "java.lang.CharSequence",
            "java.lang.Object", "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Double",
            "java.lang.Float", "java.lang.Short", "java.lang.Byte", "java.lang.Boolean", "java.lang.Character",
            "java.lang.Math", "java.lang.StringBuilder", "java.lang.Comparable", "java.lang.Iterable",
            "java.util.List", "java.util.Collection", "java.util.Map", "java.util.Set", "java.util.AbstractMap",
            "java.util.AbstractCollection", "java.util.AbstractList", "java.util.ArrayList", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.HashSet", "java.util.Map$Entry", "java.time.Duration",
            "java.time.Instant", "io.lacquer.core.vcl.Action", "groovy.lang.IntRange", "groovy.lang.Range",
            "org.codehaus.groovy.runtime.DefaultGroovyMethods", "org.codehaus.groovy.runtime.StringGroovyMethods",
            "int", "long", "double", "float", "short", "byte", "boolean", "char", "void");
    private static final String RUNTIME_PACKAGE = "io.lacquer.vcl.runtime.";
    private static final Set<String> GENERATED_ONLY = Set.of("org.codehaus.groovy.runtime.ScriptBytecodeAdapter",
            "org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation",
            "org.codehaus.groovy.runtime.typehandling.ShortTypeHandling");

    private Sandbox() {
    }

    /** A configuration for one policy compile, with {@code transform} as its front end. */
    static CompilerConfiguration configuration(PolicyTransform transform) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(VclScript.class.getName());
        config.setDisabledGlobalASTTransformations(Set.of("groovy.grape.GrabAnnotationTransformation"));

        SecureASTCustomizer secure = new SecureASTCustomizer();
        secure.setPackageAllowed(false);
        secure.setMethodDefinitionAllowed(false);
        secure.setClosuresAllowed(true);
        secure.setAllowedImports(List.of());
        secure.setAllowedStarImports(List.of());
        secure.setAllowedStaticImports(List.of());
        secure.setAllowedStaticStarImports(List.of());
        secure.setDisallowedStatements(List.of(TryCatchStatement.class, ThrowStatement.class, SynchronizedStatement.class));
        secure.addExpressionCheckers(Sandbox::allowedByName);

        config.addCompilationCustomizers(transform, secure,
                new ASTTransformationCustomizer(CompileStatic.class), new AllowList());
        return config;
    }

    /** The names a policy writes: no method pointers and none of {@link #DENIED_NAMES}, on any receiver. */
    private static boolean allowedByName(Expression e) {
        if (e instanceof MethodPointerExpression) {
            return false;
        }
        if (e instanceof MethodCallExpression m) {
            return m.getMethodAsString() != null && !DENIED_NAMES.contains(m.getMethodAsString());
        }
        if (e instanceof StaticMethodCallExpression m) {
            return !DENIED_NAMES.contains(m.getMethod());
        }
        if (e instanceof PropertyExpression p) {
            String name = p.getPropertyAsString();
            return name != null && (!DENIED_NAMES.contains(name) || name.equals("identity"));
        }
        return true;
    }

    /** The last layer: every resolved call, constructor, cast and type reference is on the allow-list. */
    static final class AllowList extends CompilationCustomizer {
        AllowList() {
            super(CompilePhase.INSTRUCTION_SELECTION);
        }

        @Override
        public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
            Reporter reporter = new Reporter(source);
            ClassNode script = classNode;
            ClassCodeVisitorSupport visitor = new ClassCodeVisitorSupport() {
                @Override
                protected SourceUnit getSourceUnit() {
                    return source;
                }

                @Override
                public void visitMethodCallExpression(MethodCallExpression m) {
                    String name = m.getMethodAsString();
                    MethodNode target = m.getMethodTarget() != null ? m.getMethodTarget()
                            : m.getNodeMetaData(StaticTypesMarker.DIRECT_METHOD_CALL_TARGET);
                    if (name == null) {
                        refuse(m, "calling a computed method name is not allowed");
                    } else if (target == null) {
                        refuse(m, "cannot verify the call to " + name + "()");
                    } else if (!allowedOwner(target.getDeclaringClass(), script)
                            || generatedOnly(target.getDeclaringClass(), name)) {
                        refuse(m, "calling " + target.getDeclaringClass().getName() + "." + name + "() is not allowed");
                    } else if (dynamicPropertyAccess(target)) {
                        refuse(m, "x['name'] on an object reads or writes a property by name at run time; it is not allowed");
                    }
                    super.visitMethodCallExpression(m);
                }

                @Override
                public void visitBinaryExpression(org.codehaus.groovy.ast.expr.BinaryExpression b) {
                    // x[k] and x[k] = v are calls of getAt and putAt, resolved by the type checker
                    MethodNode target = b.getNodeMetaData(StaticTypesMarker.DIRECT_METHOD_CALL_TARGET);
                    if (target != null && (!allowedOwner(target.getDeclaringClass(), script)
                            || generatedOnly(target.getDeclaringClass(), target.getName()))) {
                        refuse(b, "calling " + target.getDeclaringClass().getName() + "." + target.getName() + "() is not allowed");
                    } else if (target != null && dynamicPropertyAccess(target)
                            || b.getOperation().getType() == org.codehaus.groovy.syntax.Types.LEFT_SQUARE_BRACKET
                            && isName(b.getRightExpression()) && !isMap(b.getLeftExpression())) {
                        refuse(b, "x['name'] on an object reads or writes a property by name at run time; it is not allowed");
                    }
                    super.visitBinaryExpression(b);
                }

                @Override
                public void visitStaticMethodCallExpression(StaticMethodCallExpression m) {
                    if (!allowedOwner(m.getOwnerType(), script) || generatedOnly(m.getOwnerType(), m.getMethod())) {
                        refuse(m, "calling " + m.getOwnerType().getName() + "." + m.getMethod() + "() is not allowed");
                    }
                    super.visitStaticMethodCallExpression(m);
                }

                @Override
                public void visitPropertyExpression(PropertyExpression p) {
                    if (p.getPropertyAsString() == null) {
                        refuse(p, "a property with a computed name is not allowed");
                    }
                    super.visitPropertyExpression(p);
                }

                @Override
                public void visitConstructorCallExpression(ConstructorCallExpression c) {
                    checkType(c, c.getType(), "creating");
                    if (!c.isSpecialCall() && c.getArguments() instanceof org.codehaus.groovy.ast.expr.TupleExpression t
                            && !t.getExpressions().isEmpty() && !c.getType().getName().equals("groovy.lang.IntRange")) {
                        // new ArrayList(Integer.MAX_VALUE) and the like exhaust memory at once
                        refuse(c, "constructors with arguments are not allowed; write [] or [:] literals");
                    }
                    super.visitConstructorCallExpression(c);
                }

                @Override
                public void visitCastExpression(CastExpression c) {
                    checkType(c, c.getType(), "casting to");
                    super.visitCastExpression(c);
                }

                @Override
                public void visitClassExpression(ClassExpression c) {
                    checkType(c, c.getType(), "using");
                    super.visitClassExpression(c);
                }

                @Override
                public void visitDeclarationExpression(DeclarationExpression d) {
                    Expression left = d.getLeftExpression();
                    if (left instanceof VariableExpression v) {
                        checkType(d, v.getOriginType(), "declaring a variable of");
                    }
                    super.visitDeclarationExpression(d);
                }

                /** Whether a subscript is a name (a string), which on anything but a map means a property. */
                private boolean isName(Expression e) {
                    if (e instanceof org.codehaus.groovy.ast.expr.ConstantExpression c) {
                        return c.getValue() instanceof String;
                    }
                    if (e instanceof org.codehaus.groovy.ast.expr.GStringExpression) {
                        return true;
                    }
                    ClassNode t = typeOf(e);
                    return t == null || !ClassHelper.isNumberType(t) && !t.getName().equals("groovy.lang.IntRange")
                            && !t.getName().equals("groovy.lang.Range");
                }

                private boolean isMap(Expression e) {
                    ClassNode t = typeOf(e);
                    return t != null && (t.equals(ClassHelper.MAP_TYPE) || t.implementsInterface(ClassHelper.MAP_TYPE));
                }

                private ClassNode typeOf(Expression e) {
                    ClassNode t = e.getNodeMetaData(StaticTypesMarker.INFERRED_TYPE);
                    if (t == null && e instanceof MethodCallExpression m && m.getMethodTarget() != null) {
                        t = m.getMethodTarget().getReturnType();
                    }
                    if (t == null && e instanceof MethodCallExpression m) {
                        MethodNode target = m.getNodeMetaData(StaticTypesMarker.DIRECT_METHOD_CALL_TARGET);
                        t = target == null ? null : target.getReturnType();
                    }
                    return t;
                }

                private void checkType(ASTNode at, ClassNode type, String doing) {
                    if (!allowedOwner(type, script)) {
                        refuse(at, doing + " " + type.getName() + " is not allowed");
                    }
                }

                private void refuse(ASTNode at, String message) {
                    reporter.error(at, "sandbox: " + message);
                }
            };
            // the policy's code is all in run() and the regex fields; main() and the
            // constructors Groovy generates for a script are not the policy's
            MethodNode run = classNode.getMethod("run", org.codehaus.groovy.ast.Parameter.EMPTY_ARRAY);
            if (run != null && run.getCode() != null) {
                run.getCode().visit(visitor);
            }
            classNode.getFields().forEach(f -> {
                if (f.getInitialExpression() != null) {
                    f.getInitialExpression().visit(visitor);
                }
            });
        }

        private static boolean allowedOwner(ClassNode type, ClassNode script) {
            if (type == null) {
                return false;
            }
            ClassNode t = type.isArray() ? type.getComponentType() : type;
            String name = t.getName();
            if (t.equals(script) || t.redirect() == script.redirect() || name.startsWith(script.getName() + "$")) {
                return true;
            }
            if (ClassHelper.isPrimitiveType(t) || ALLOWED_CLASSES.contains(name)) {
                return true;
            }
            return name.startsWith(RUNTIME_PACKAGE) && !name.equals("io.lacquer.vcl.runtime.GroovyVclProgram")
                    || GENERATED_ONLY.contains(name);
        }

        /** DGM's getAt(Object, String) and putAt(Object, String, Object): property access by a name computed at run time. */
        private static boolean dynamicPropertyAccess(MethodNode target) {
            MethodNode m = target instanceof org.codehaus.groovy.transform.stc.ExtensionMethodNode e
                    ? e.getExtensionMethodNode() : target;
            String name = m.getName();
            return m.getDeclaringClass().getName().equals("org.codehaus.groovy.runtime.DefaultGroovyMethods")
                    && (name.equals("getAt") || name.equals("putAt")) && m.getParameters().length >= 2
                    && m.getParameters()[0].getType().getName().equals("java.lang.Object")
                    && m.getParameters()[1].getType().getName().equals("java.lang.String");
        }

        /**
         * The static compiler writes comparisons and coercions as calls into Groovy's runtime
         * helpers; a policy cannot name these classes itself (no imports, and class references are
         * checked), but their dynamic entry points stay refused all the same.
         */
        private static boolean generatedOnly(ClassNode owner, String method) {
            return GENERATED_ONLY.contains(owner.getName()) && (method.startsWith("invoke") || method.contains("Property")
                    || method.contains("Field") || method.startsWith("asType") || method.startsWith("castToType"));
        }
    }
}
