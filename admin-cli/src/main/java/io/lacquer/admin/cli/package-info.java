/**
 * The management port: Varnish's CLI protocol (framing, challenge authentication, command syntax,
 * output formats), so that Debian's {@code varnishadm} drives a Lacquer node as it drives varnishd.
 *
 * <p>Starting points: {@link io.lacquer.admin.cli.AdminServer} (the listener),
 * {@link io.lacquer.admin.cli.CliCommand} (the one table of commands),
 * {@link io.lacquer.admin.cli.CliCodec} (tokenizing requests, framing responses).
 */
package io.lacquer.admin.cli;
