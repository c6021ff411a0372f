/**
 * The sample cluster's layout: its ports on one machine and the shipped policy and front
 * configuration rendered for them.
 */
package io.lacquer.samples.cluster;
