package dev.todomesh.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void freePortIsBelowOutgoingRange() {
    int port = Ports.findFree();

    assertThat(port).isBetween(Ports.LOWEST, Ports.ephemeralLow() - 1);
    assertThat(Ports.isFree(port)).isTrue();
  }

  @Test
  void portsAreNeverHandedOutTwice() {
    Set<Integer> ports = new HashSet<>();

    for (int i = 0; i < 200; i++) {
      ports.add(Ports.findFree());
    }

    assertThat(ports).hasSize(200);
  }
}
