package io.mcpauthz.pdp.mcp;

/**
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Jackson's
 * decoder accepts some of these, which would let the policy judge other text than a strict
 * upstream server reads (RFC 3629 §10). Checked in place, without decoding or copying.
 */
final class Utf8 {

  private Utf8() {}

  static boolean isValid(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        i++;
        continue;
      }
      int length;
      int min;
      int max = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        length = 2;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        length = 3;
        min = b == 0xE0 ? 0xA0 : 0x80; // E0: no overlong; ED: no surrogates
        max = b == 0xED ? 0x9F : 0xBF;
      } else if (b >= 0xF0 && b <= 0xF4) {
        length = 4;
        min = b == 0xF0 ? 0x90 : 0x80; // F0: no overlong; F4: nothing above U+10FFFF
        max = b == 0xF4 ? 0x8F : 0xBF;
      } else {
        return false; // continuation byte first, C0/C1 overlong lead, or F5..FF
      }
      if (i + length > bytes.length) {
        return false;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < min || second > max) {
        return false;
      }
      for (int k = 2; k < length; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += length;
    }
    return true;
  }
}
