// libFuzzer harness for the native Accept-Encoding negotiation: the first byte
// says which variants exist, the rest is the header value. The answer must be a
// known coding, one that exists, and never depend on bytes past the value.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../src/static-negotiate.h"

using namespace hyper;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  bool has_br = bytes[0] & 1, has_gzip = bytes[0] & 2;
  // An exact-size copy, so ASan sees any read past the value.
  std::vector<char> value(bytes + 1, bytes + size);
  int coding = negotiate_encoding(value.data(), value.size(), has_br, has_gzip);
  if (coding < kDecline || coding > kBrotli) abort();
  if ((coding == kBrotli && !has_br) || (coding == kGzip && !has_gzip)) abort();
  if (coding != kDecline && coding != kIdentity && !has_br && !has_gzip) abort();
  return 0;
}
