// libFuzzer harness for the radix router: patterns and paths both come from the
// input (patterns before an empty line, paths after), with percent-decoding.
// Captures must lie inside the decoded path, a found route must be a real index
// that allows the method, and a 405's Allow must not (or that route was missed).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "../src/router.h"

using namespace hyper;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(bytes), size);
  size_t sep = in.find("\n\n");
  std::string_view patterns = sep == std::string_view::npos ? in : in.substr(0, sep);
  std::string_view paths = sep == std::string_view::npos ? std::string_view() : in.substr(sep + 2);
  Router router;
  std::vector<uint16_t> masks;  // per route index, as added
  size_t start = 0;
  int count = 0;
  while (start <= patterns.size() && count < 64) {
    size_t nl = patterns.find('\n', start);
    std::string_view line = patterns.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    uint16_t methods = line.empty() ? kAnyMethod : static_cast<uint16_t>(1u << (line.size() % 9));
    std::string error;
    uint16_t mask = (count % 3 == 0) ? kAnyMethod : methods;
    if (router.add(line, mask, &error)) masks.push_back(mask);
    count++;
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  start = 0;
  std::string decoded;
  MatchResult m;
  while (start < paths.size()) {
    size_t nl = paths.find('\n', start);
    std::string_view raw = paths.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    percent_decode(raw.data(), raw.size(), decoded);
    if (decoded.size() > raw.size()) abort();
    for (uint16_t method : {kGet, kPost, kHead, kOtherMethod}) {
      router.match(decoded, method, m);
      uint16_t wanted = method == kHead ? kHead | kGet : method;
      if (m.kind == MatchResult::Found) {
        if (m.route >= router.size() || !(masks[m.route] & wanted)) abort();
        for (const Capture& c : m.params)
          if (static_cast<size_t>(c.off) + c.len > decoded.size() || c.len == 0) abort();
      } else if (!m.params.empty() || (m.kind == MatchResult::MethodNotAllowed && (!m.allow || (m.allow & wanted)))) {
        abort();
      }
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return 0;
}
