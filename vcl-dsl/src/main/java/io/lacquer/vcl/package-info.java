/**
 * The policy language: Groovy scripts whose blocks mirror VCL, compiled once at load into
 * statically typed code that the cache engine calls through {@link io.lacquer.core.vcl.VclProgram}.
 *
 * <p>Starting points: {@link io.lacquer.vcl.VclCompiler} (source in, program or
 * {@link io.lacquer.vcl.VclCompileException} with file, line and column out),
 * {@link io.lacquer.vcl.registry.VclRegistry} (the policies of a node),
 * {@link io.lacquer.vcl.testing.PolicyTester} (a policy's decisions in plain JUnit). The language
 * itself is described in {@code docs/policy-language.md}.
 */
package io.lacquer.vcl;
