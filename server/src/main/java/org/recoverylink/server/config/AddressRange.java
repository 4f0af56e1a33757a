package org.recoverylink.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP address or a range of them in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32},
 * {@code 127.0.0.1}). Only literal addresses: a name would be looked up, and trust must not
 * depend on what a name server answers.
 *
 * @param network the range's first address, its host bits zero
 * @param bits    how many leading bits an address must share with it
 */
public record AddressRange(InetAddress network, int bits) {

  public AddressRange {
    int most = network.getAddress().length * 8;
    if (bits < 0 || bits > most) {
      throw new IllegalArgumentException("a range of " + network.getHostAddress() + " has 0 to "
          + most + " bits, not " + bits);
    }
  }

  /**
   * Reads {@code ADDRESS} or {@code ADDRESS/BITS}.
   *
   * @throws IllegalArgumentException if it is neither, naming it
   */
  public static AddressRange parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    // Digits, dots and colons (and hex for IPv6) only, so InetAddress never asks a name server.
    if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      throw new IllegalArgumentException(text + " is not an IP address or ADDRESS/BITS range");
    }
    InetAddress network;
    try {
      network = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text + " is not an IP address or ADDRESS/BITS range");
    }
    int most = network.getAddress().length * 8;
    int bits = most;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > most) {
        throw new IllegalArgumentException(text + ": the range's bits must be 0 to " + most);
      }
    }
    return new AddressRange(masked(network, bits), bits);
  }

  /** Whether the address is in this range (an IPv4 address is never in an IPv6 range). */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.getAddress().length
        && Arrays.equals(masked(address, bits).getAddress(), network.getAddress());
  }

  private static InetAddress masked(InetAddress address, int bits) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - 8 * i));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four or sixteen bytes, always an address
    }
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + bits;
  }
}
