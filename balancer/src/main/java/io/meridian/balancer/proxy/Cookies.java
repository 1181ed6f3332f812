package io.meridian.balancer.proxy;

/**
 * Reads one cookie's value out of a {@code Cookie} request header ({@code a=1; b=2}, RFC 6265
 * section 5.4) without building a map: the sticky and hashing paths ask for a single name.
 */
final class Cookies {

  private Cookies() {}

  /** The value of cookie {@code name} in {@code header} (quotes removed), or null. */
  static String value(String header, String name) {
    if (header == null) {
      return null;
    }
    int n = header.length();
    int i = 0;
    while (i < n) {
      while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ';')) {
        i++;
      }
      int end = header.indexOf(';', i);
      if (end < 0) {
        end = n;
      }
      int eq = header.indexOf('=', i);
      if (eq > i && eq < end && eq - i == name.length() && header.startsWith(name, i)) {
        String value = header.substring(eq + 1, end).trim();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
      i = end + 1;
    }
    return null;
  }
}
