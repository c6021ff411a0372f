/**
 * Testing policies without sockets: a request and a backend response in, what the policy decided
 * out, following the engine's state machines.
 *
 * <p>Starting points: {@link io.lacquer.vcl.testing.PolicyTester}, {@link io.lacquer.vcl.testing.TestRequest},
 * {@link io.lacquer.vcl.testing.TestResponse}, {@link io.lacquer.vcl.testing.Outcome}.
 */
package io.lacquer.vcl.testing;
