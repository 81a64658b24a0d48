// Incremental HTTP/1.x request-head parser. Pure C++ (no N-API) so the fuzz
// harness and the server share it. Strict by design: anything that two HTTP
// implementations could read differently (request smuggling) is an error.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hyper {

struct Slice {
  uint32_t off = 0;
  uint32_t len = 0;
};

struct HeaderField {
  Slice name;
  Slice value;
};

enum class BodyKind : uint8_t { None, Length, Chunked };

struct ParseLimits {
  uint32_t max_head_bytes = 16 * 1024;
  uint32_t max_headers = 100;
};

struct RequestHead {
  Slice method;
  Slice target;  // raw request-target
  Slice path;    // target up to '?'
  Slice query;   // after '?', without it
  uint8_t version_minor = 1;
  std::vector<HeaderField> headers;
  BodyKind body_kind = BodyKind::None;
  uint64_t content_length = 0;
  bool keep_alive = true;
  bool expect_continue = false;
  bool is_head = false;
  uint32_t head_len = 0;  // bytes of the head including the final CRLFCRLF
  uint32_t skip = 0;      // leading empty lines ignored before the request line
};

// Where the search for the end of the head resumes, so a head arriving in many
// small reads is scanned once.
struct HeadScan {
  uint32_t pos = 0;
  uint32_t line_start = 0;
  uint32_t skip = 0;
  void reset() { pos = line_start = skip = 0; }
};

enum class ParseStatus : uint8_t { Incomplete, Complete, Error };

struct ParseResult {
  ParseStatus status;
  uint16_t error_status;  // HTTP status to answer with on Error
};

// Parses the head at data[0..len). On Complete, `out` is filled with slices
// relative to data. On Incomplete, call again with more bytes (same prefix).
ParseResult parse_head(const char* data, size_t len, const ParseLimits& limits, HeadScan& scan,
                       RequestHead& out);

bool is_token_char(unsigned char c);
bool ascii_iequals(const char* a, size_t alen, const char* lower_b, size_t blen);

}  // namespace hyper
