package org.virtfx.plumbing.virtnet;

import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * What a network's {@code <forward>} asks of its firewall.
 *
 * @param mode    {@code nat}, {@code route} or {@code ""} (isolated: reject all forwarding)
 * @param natIpv6 {@code <nat ipv6='yes'>}: masquerade IPv6 subnets of a NAT network too
 * @param dev     {@code <forward dev>}: the one host interface traffic may leave and come back
 *                by, as libvirt restricts its rules; empty for any
 */
record Forwarding(String mode, boolean natIpv6, Optional<String> dev) {

    static Forwarding of(XmlElement network, String mode) {
        Optional<XmlElement> forward = network.child("forward");
        boolean natIpv6 = forward.flatMap(f -> f.child("nat")).flatMap(n -> n.attribute("ipv6"))
                .filter("yes"::equals).isPresent();
        Optional<String> dev = forward.flatMap(f -> f.attribute("dev"));
        // The name is quoted into nft's rules; anything beyond a plain interface name is refused
        // rather than escaped.
        dev.filter(name -> !name.matches("[A-Za-z0-9_.:-]{1,15}")).ifPresent(name -> {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid interface name '" + name + "' in <forward dev>");
        });
        return new Forwarding(mode, natIpv6, dev);
    }

    /** As libvirt: IPv4 is masqueraded in NAT mode, IPv6 only with {@code <nat ipv6='yes'>}. */
    boolean masquerades(NetworkAddressing ip) {
        return mode.equals("nat") && (!ip.ipv6() || natIpv6);
    }

    /** {@code oifname "DEV" } when traffic must leave by {@code dev}; empty otherwise. */
    String leaving() {
        return dev.map(name -> "oifname \"" + name + "\" ").orElse("");
    }

    /** {@code iifname "DEV" } when traffic must come in by {@code dev}; empty otherwise. */
    String arriving() {
        return dev.map(name -> "iifname \"" + name + "\" ").orElse("");
    }
}
