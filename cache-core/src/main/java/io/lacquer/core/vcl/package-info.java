/**
 * The policy SPI: what a policy (VCL in Varnish, a Groovy script here) sees and decides at each
 * step of a request. Nothing here knows Groovy; the DSL implements {@link io.lacquer.core.vcl.VclProgram}.
 *
 * <p>Starting points: {@link io.lacquer.core.vcl.VclProgram}, {@link io.lacquer.core.vcl.Sub} (each
 * subroutine with its legal returns), {@link io.lacquer.core.vcl.Action},
 * {@link io.lacquer.core.vcl.BuiltinVcl} (Varnish's builtin.vcl in Java).
 */
package io.lacquer.core.vcl;
