/**
 * Checks of what {@code mvn install} publishes for the libraries users depend on: their jars, sources
 * and javadoc, and poms that carry the project's version, not the property that sets it.
 */
package io.tickwire.client.release;
