/**
 * The policy compiler: the front end that reads declarations and subroutines and checks them
 * against the subroutine table ({@link io.lacquer.core.vcl.Sub}) and the variable table
 * ({@link io.lacquer.vcl.compile.Variable}), the rewrite into typed lambdas, the sandbox, and the
 * linker that makes declarations live.
 *
 * <p>Starting points: {@link io.lacquer.vcl.compile.Compilation}, {@link io.lacquer.vcl.compile.Variable},
 * {@link io.lacquer.vcl.compile.Linker}; inside, PolicyTransform, SubChecker, SubRewriter, NameCheck and
 * Sandbox in the order they run.
 */
package io.lacquer.vcl.compile;
