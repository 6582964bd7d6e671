package org.virtfx.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5952's short form, which libvirt, ip, nft and dnsmasq all print. */
class IpTextTest {

    @ParameterizedTest
    @CsvSource({
        "fd00:1:0:0:0:0:0:100, fd00:1::100",
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "FD00:AB:0:0:0:0:0:0, fd00:ab::",
        "192.168.122.1, 192.168.122.1",
    })
    void printsTheShortFormWithTheLongestZeroRunFirst(String literal, String expected) throws Exception {
        assertEquals(expected, IpText.of(InetAddress.getByName(literal)));
    }
}
