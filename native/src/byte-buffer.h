// A growable byte buffer with a consumed prefix; unlike std::string it never
// zero-fills the space handed to libuv for reads.
#pragma once
#include <cstddef>
#include <cstdlib>

namespace hyper {

class ByteBuffer {
 public:
  ByteBuffer() = default;
  ~ByteBuffer() { free(data_); }
  ByteBuffer(const ByteBuffer&) = delete;
  ByteBuffer& operator=(const ByteBuffer&) = delete;

  const char* begin() const { return data_ + start_; }
  size_t size() const { return end_ - start_; }
  bool empty() const { return end_ == start_; }
  void consume(size_t n);
  void clear() { start_ = end_ = 0; }
  // Space for at least `want` more bytes at the end; returns false on OOM.
  bool reserve_tail(size_t want, char** out, size_t* out_len);
  void commit(size_t n) { end_ += n; }
  bool append(const char* p, size_t n);
  // Gives up a large allocation once the connection is idle again.
  void shrink_if_idle(size_t keep);

 private:
  char* data_ = nullptr;
  size_t cap_ = 0;
  size_t start_ = 0;
  size_t end_ = 0;
};

}  // namespace hyper
