/**
 * The README's publishing recipes run as written, with curl, Python and Node, against a real
 * gateway that takes quotes over HTTP.
 */
package io.tickwire.system.publish;
