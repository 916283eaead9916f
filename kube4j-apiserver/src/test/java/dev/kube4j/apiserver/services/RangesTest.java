package dev.kube4j.apiserver.services;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RangesTest {

    @Test
    void serviceCidrSkipsNetworkAndBroadcastAndReservesALowerBand() {
        ServiceCidr cidr = ServiceCidr.parse("10.43.0.0/16");
        assertThat(cidr.firstAddress()).isEqualTo("10.43.0.1");
        assertThat(cidr.capacity()).isEqualTo(65534);
        assertThat(cidr.valueAt(cidr.capacity() - 1)).isEqualTo("10.43.255.254");
        assertThat(cidr.offsetOf("10.43.0.0")).isEqualTo(-1);
        assertThat(cidr.offsetOf("10.43.255.255")).isEqualTo(-1);
        assertThat(cidr.offsetOf("10.43.1.1")).isEqualTo(256);
        assertThat(cidr.dynamicOffset()).isEqualTo(256);
        assertThat(ServiceCidr.parse("10.43.0.0/24").dynamicOffset()).isEqualTo(16);
        assertThat(ServiceCidr.parse("10.43.0.0/28").dynamicOffset()).isZero();
        assertThat(ServiceCidr.parse("10.43.7.9/16").toString()).isEqualTo("10.43.0.0/16");
    }

    @Test
    void ipv6CidrsKeepTheirLastAddress() {
        ServiceCidr cidr = ServiceCidr.parse("fd00:43::/112");
        assertThat(cidr.family()).isEqualTo("IPv6");
        assertThat(cidr.firstAddress()).isEqualTo("fd00:43:0:0:0:0:0:1");
        assertThat(cidr.capacity()).isEqualTo(65535);
        assertThat(cidr.offsetOf("fd00:43::ffff")).isEqualTo(65534);
        assertThatThrownBy(() -> ServiceCidr.parse("fd00::/48")).hasMessageContaining("64");
    }

    @Test
    void badCidrsAreRefused() {
        assertThatThrownBy(() -> ServiceCidr.parse("10.43.0.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceCidr.parse("10.43.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceCidr.parse("10.43.0.0/32")).hasMessageContaining("no usable address");
    }

    @Test
    void nodePortRanges() {
        NodePortRange r = NodePortRange.parse("30000-32767");
        assertThat(r).isEqualTo(NodePortRange.DEFAULT);
        assertThat(r.toString()).isEqualTo("30000-32767");
        assertThat(r.dynamicOffset()).isEqualTo(86);
        assertThat(NodePortRange.parse("30000+100").toString()).isEqualTo("30000-30099");
        assertThat(r.offsetOf("29999")).isEqualTo(-1);
        assertThat(r.offsetOf("32767")).isEqualTo(2767);
        assertThatThrownBy(() -> NodePortRange.parse("3-2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodePortRange.parse("x")).isInstanceOf(IllegalArgumentException.class);
    }
}
