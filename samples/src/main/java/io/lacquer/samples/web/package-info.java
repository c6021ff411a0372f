/**
 * The sample web servers behind the sample cluster: a static file server and a dynamic server
 * that behaves like WordPress where it matters to a cache.
 *
 * <p>Starting points: {@link io.lacquer.samples.web.StaticServer}, {@link io.lacquer.samples.web.DynamicServer},
 * {@link io.lacquer.samples.web.SampleContent}.
 */
package io.lacquer.samples.web;
