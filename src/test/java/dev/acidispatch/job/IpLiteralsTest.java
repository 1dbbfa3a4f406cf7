package dev.acidispatch.job;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpLiteralsTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.4", "0.0.0.0", "255.255.255.255", "::1", "fe80::1", "2001:db8::8a2e:370:7334",
            "::ffff:10.0.0.1"})
    void acceptsIpv4AndIpv6Literals(String literal) {
        assertTrue(IpLiterals.isIpAddress(literal), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "01.2.3.4", "1.2.3", "10.0.0.4 ", "localhost", "dns.example.com", "1:2:3",
            "::g", ":::", ""})
    void refusesEverythingElseWithoutResolvingNames(String value) {
        assertFalse(IpLiterals.isIpAddress(value), value);
    }
}
