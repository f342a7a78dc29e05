/**
 * The machine-readable contract ({@code docs/asyncapi.yaml}, {@code docs/openapi.yaml}) against a
 * running gateway: real messages of every kind validated against the documents' schemas.
 */
package io.tickwire.system.contract;
