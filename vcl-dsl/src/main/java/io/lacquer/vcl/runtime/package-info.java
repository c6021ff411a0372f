/**
 * What a compiled policy runs on: the scopes its bodies see ({@code req}, {@code beresp},
 * actions, functions), the variables as typed objects over the engine's views, and the program
 * that chains the user's bodies before the builtin ones. Nothing here is reached by reflection.
 *
 * <p>Starting points: {@link io.lacquer.vcl.runtime.GroovyVclProgram},
 * {@link io.lacquer.vcl.runtime.ClientScope}, {@link io.lacquer.vcl.runtime.BackendScope},
 * {@link io.lacquer.vcl.runtime.VclScript} (the declarations a script may make).
 */
package io.lacquer.vcl.runtime;
