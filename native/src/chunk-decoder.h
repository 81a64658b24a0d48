// Decoder for chunked request bodies (RFC 9112 7.1). Strict: hex sizes only, no
// whitespace, bounded extensions and trailers, CRLF everywhere, no framing
// fields (Content-Length, Transfer-Encoding) in trailers.
#pragma once
#include <cstddef>
#include <cstdint>

namespace hyper {

class ChunkDecoder {
 public:
  enum class Status : uint8_t { NeedMore, Data, Done, Error };

  void reset();
  // Consumes from p[0..n). Returns Data with one span of body bytes (data,
  // data_len), Done at the end of the body, NeedMore when n is used up, or Error.
  // `consumed` is always set to the bytes used.
  Status step(const char* p, size_t n, size_t& consumed, const char*& data, size_t& data_len);

 private:
  enum class State : uint8_t { Size, Ext, SizeLF, Data, DataCR, DataLF, TrailerStart, Trailer, TrailerLF, EndLF, Done };
  State state_ = State::Size;
  uint64_t remaining_ = 0;
  uint8_t digits_ = 0;     // significant digits of the size
  bool sized_ = false;     // at least one digit seen
  uint32_t overhead_ = 0;  // leading zeros, extension and trailer bytes, bounded
  char name_[17] = {};     // a trailer's field name, lower-cased (long enough for the framing fields)
  uint8_t name_len_ = 0;
  bool in_name_ = false;

  void add_name_char(unsigned char c);
  bool framing_name() const;
};

}  // namespace hyper
