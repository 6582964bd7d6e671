/**
 * Network address values that definitions, the application and the host plumbing share: MAC
 * addresses, IP prefixes and the RFC 5952 text of an address. Pure values, no host access; the
 * devices themselves live in the host plumbing module.
 */
package org.virtfx.core.net;
