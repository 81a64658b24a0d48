// libFuzzer harness for the HTTP request parser and the chunked-body decoder.
// Besides crashes and sanitizer findings it checks that parsing a head in two
// pieces gives the same answer as parsing it whole, and that every slice stays
// inside the input.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../src/chunk-decoder.h"
#include "../src/http-parser.h"

using namespace hyper;

namespace {

void check_slice(const Slice& s, size_t len) {
  if (static_cast<size_t>(s.off) + s.len > len) abort();
}

ParseResult parse_split(const char* data, size_t len, size_t split, const ParseLimits& limits, RequestHead& head) {
  HeadScan scan;
  if (split > 0 && split < len) {
    ParseResult first = parse_head(data, split, limits, scan, head);
    if (first.status != ParseStatus::Incomplete) return first;
  }
  return parse_head(data, len, limits, scan, head);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size < 1) return 0;
  size_t split = bytes[0];
  const char* data = reinterpret_cast<const char*>(bytes + 1);
  size_t len = size - 1;
  // Copy so reads past the end are caught by ASan.
  std::vector<char> buf(data, data + len);
  ParseLimits limits;
  limits.max_head_bytes = 4096;
  limits.max_headers = 32;

  RequestHead whole, pieces;
  HeadScan scan;
  ParseResult a = parse_head(buf.data(), len, limits, scan, whole);
  ParseResult b = parse_split(buf.data(), len, split, limits, pieces);
  if (a.status != b.status || a.error_status != b.error_status) abort();
  if (a.status != ParseStatus::Complete) return 0;
  if (whole.head_len > len || whole.head_len != pieces.head_len) abort();
  check_slice(whole.method, len);
  check_slice(whole.target, len);
  check_slice(whole.path, len);
  check_slice(whole.query, len);
  for (const HeaderField& h : whole.headers) {
    check_slice(h.name, len);
    check_slice(h.value, len);
    if (h.name.len == 0) abort();
  }
  if (whole.body_kind == BodyKind::Chunked) {
    ChunkDecoder dec;
    const char* p = buf.data() + whole.head_len;
    size_t n = len - whole.head_len;
    size_t step = split ? split : 1;
    size_t pos = 0;
    while (pos < n) {
      size_t avail = n - pos < step ? n - pos : step;
      size_t consumed = 0;
      const char* out = nullptr;
      size_t out_len = 0;
      ChunkDecoder::Status st = dec.step(p + pos, avail, consumed, out, out_len);
      if (consumed > avail) abort();
      if (st == ChunkDecoder::Status::Data && (out < p + pos || out + out_len > p + pos + avail)) abort();
      pos += consumed;
      if (st == ChunkDecoder::Status::Error || st == ChunkDecoder::Status::Done) break;
      if (st == ChunkDecoder::Status::NeedMore && consumed == 0 && avail > 0) abort();
    }
  }
  return 0;
}
