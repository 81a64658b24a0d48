#include "byte-buffer.h"

#include <cstring>

namespace hyper {

void ByteBuffer::consume(size_t n) {
  start_ += n;
  if (start_ >= end_) start_ = end_ = 0;
}

bool ByteBuffer::reserve_tail(size_t want, char** out, size_t* out_len) {
  if (cap_ - end_ < want && start_ > 0) {
    memmove(data_, data_ + start_, end_ - start_);
    end_ -= start_;
    start_ = 0;
  }
  if (cap_ - end_ < want) {
    size_t ncap = cap_ ? cap_ : 4096;
    while (ncap - end_ < want) ncap *= 2;
    char* nd = static_cast<char*>(realloc(data_, ncap));
    if (!nd) return false;
    data_ = nd;
    cap_ = ncap;
  }
  *out = data_ + end_;
  *out_len = cap_ - end_;
  return true;
}

bool ByteBuffer::append(const char* p, size_t n) {
  char* dst;
  size_t len;
  if (!reserve_tail(n, &dst, &len)) return false;
  memcpy(dst, p, n);
  end_ += n;
  return true;
}

void ByteBuffer::shrink_if_idle(size_t keep) {
  if (start_ == end_ && cap_ > keep) {
    free(data_);
    data_ = nullptr;
    cap_ = start_ = end_ = 0;
  }
}

}  // namespace hyper
