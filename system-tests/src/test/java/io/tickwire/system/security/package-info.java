/**
 * Abuse that needs a process of its own: thousands of connections held by another JVM and reset
 * by the kernel at once.
 */
package io.tickwire.system.security;
