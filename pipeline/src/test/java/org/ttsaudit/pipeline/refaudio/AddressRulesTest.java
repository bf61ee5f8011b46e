package org.ttsaudit.pipeline.refaudio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRulesTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback", "127.255.0.9, loopback", "::1, loopback",
        "10.0.0.1, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.20, private",
        "fc00::1, private", "fd00:ec2::254, private",
        "100.64.0.1, carrier-grade NAT", "100.100.100.200, carrier-grade NAT",
        "169.254.169.254, link-local", "169.254.0.1, link-local", "fe80::1, link-local",
        "0.0.0.0, unspecified", "::, unspecified",
        "224.0.0.1, multicast", "239.255.255.250, multicast", "ff02::1, multicast",
        "255.255.255.255, reserved", "192.0.0.192, reserved",
        // IPv6 forms that lead to an IPv4 address are judged by it
        "::ffff:127.0.0.1, loopback", "::ffff:169.254.169.254, link-local", "::10.0.0.1, private",
        "64:ff9b::a9fe:a9fe, link-local", "2002:7f00:1::1, loopback",
    })
    void shouldNameTheInternalRangeAnAddressLiesIn(String literal, String kind) throws Exception {
        assertThat(AddressRules.blockedKind(InetAddress.getByName(literal))).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255",
            "100.128.0.1", "169.253.255.255", "11.0.0.1", "2606:4700::1111", "64:ff9b::808:808", "2002:808:808::1"})
    void shouldLetPublicAddressesThrough(String literal) throws Exception {
        assertThat(AddressRules.blockedKind(InetAddress.getByName(literal))).isEmpty();
    }
}
