#include "chunk-decoder.h"

#include <cstring>

#include "http-parser.h"

namespace hyper {

namespace {
constexpr uint32_t kMaxOverhead = 16 * 1024;

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

void ChunkDecoder::add_name_char(unsigned char c) {
  if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
  if (name_len_ < sizeof name_) name_[name_len_] = static_cast<char>(c);
  if (name_len_ < 255) name_len_++;
}

bool ChunkDecoder::framing_name() const {
  return (name_len_ == 14 && memcmp(name_, "content-length", 14) == 0) ||
         (name_len_ == 17 && memcmp(name_, "transfer-encoding", 17) == 0);
}

void ChunkDecoder::reset() {
  state_ = State::Size;
  remaining_ = 0;
  digits_ = 0;
  sized_ = false;
  overhead_ = 0;
  name_len_ = 0;
  in_name_ = false;
}

ChunkDecoder::Status ChunkDecoder::step(const char* p, size_t n, size_t& consumed, const char*& data,
                                        size_t& data_len) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    switch (state_) {
      case State::Size: {
        int h = hex_value(c);
        if (h >= 0) {
          // 1*HEXDIG allows leading zeros: they count against the overhead bound,
          // and only significant digits against the 16 that fit in 64 bits (as
          // llhttp); a large size is then refused by the body limit, not trusted.
          bool leading_zero = remaining_ == 0 && h == 0;
          if (leading_zero ? ++overhead_ > kMaxOverhead : ++digits_ > 16) {
            consumed = i;
            return Status::Error;
          }
          sized_ = true;
          remaining_ = (remaining_ << 4) | static_cast<uint64_t>(h);
          i++;
          break;
        }
        if (!sized_ || (c != ';' && c != '\r')) {
          consumed = i;
          return Status::Error;
        }
        state_ = c == ';' ? State::Ext : State::SizeLF;
        i++;
        break;
      }
      case State::Ext:
        if (c == '\r') {
          state_ = State::SizeLF;
        } else if ((c < 0x20 && c != '\t') || c == 0x7f || ++overhead_ > kMaxOverhead) {
          consumed = i;
          return Status::Error;
        }
        i++;
        break;
      case State::SizeLF:
        if (c != '\n') {
          consumed = i;
          return Status::Error;
        }
        i++;
        digits_ = 0;
        sized_ = false;
        state_ = remaining_ == 0 ? State::TrailerStart : State::Data;
        break;
      case State::Data: {
        size_t take = n - i;
        if (take > remaining_) take = static_cast<size_t>(remaining_);
        data = p + i;
        data_len = take;
        remaining_ -= take;
        i += take;
        if (remaining_ == 0) state_ = State::DataCR;
        consumed = i;
        return Status::Data;
      }
      case State::DataCR:
        if (c != '\r') {
          consumed = i;
          return Status::Error;
        }
        state_ = State::DataLF;
        i++;
        break;
      case State::DataLF:
        if (c != '\n') {
          consumed = i;
          return Status::Error;
        }
        state_ = State::Size;
        i++;
        break;
      case State::TrailerStart:
        if (c == '\r') {
          state_ = State::EndLF;
        } else if (!is_token_char(c)) {
          consumed = i;  // trailer lines must start with a field name
          return Status::Error;
        } else {
          state_ = State::Trailer;
          in_name_ = true;
          name_len_ = 0;
          add_name_char(c);
        }
        i++;
        break;
      case State::Trailer:
        if (++overhead_ > kMaxOverhead) {
          consumed = i;
          return Status::Error;
        }
        if (in_name_) {
          if (c == ':') {
            in_name_ = false;
            if (framing_name()) {
              consumed = i;  // RFC 9110 6.5.1: framing fields never belong in a trailer
              return Status::Error;
            }
          } else if (!is_token_char(c)) {
            consumed = i;  // field-name ":" field-value, as in the head
            return Status::Error;
          } else {
            add_name_char(c);
          }
          i++;
          break;
        }
        if (c == '\r') {
          state_ = State::TrailerLF;
        } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
          consumed = i;
          return Status::Error;
        }
        i++;
        break;
      case State::TrailerLF:
        if (c != '\n') {
          consumed = i;
          return Status::Error;
        }
        state_ = State::TrailerStart;
        i++;
        break;
      case State::EndLF:
        if (c != '\n') {
          consumed = i;
          return Status::Error;
        }
        state_ = State::Done;
        consumed = i + 1;
        return Status::Done;
      case State::Done:
        consumed = i;
        return Status::Done;
    }
  }
  consumed = i;
  return Status::NeedMore;
}

}  // namespace hyper
