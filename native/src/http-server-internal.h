// Shared by the http-server*.cc files (one class, split by role); not for JS.
#pragma once
#include <napi.h>
#include <uv.h>

#include <cstdio>
#include <cstring>

#include "byte-buffer.h"
#include "connection.h"

namespace hyper {
namespace internal {

constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kHeadChunk = 16 * 1024;
constexpr uint32_t kLingerMs = 2000;
constexpr size_t kFlushAt = 64 * 1024;  // unflushed response bytes written out even mid-batch
constexpr double kSlotSpace = 1048576.0;  // ids are seq * kSlotSpace + slot

inline Connection* from_handle(uv_handle_t* h) { return reinterpret_cast<Connection*>(h); }

struct WriteReq {
  uv_write_t req;
  Connection* conn;
  char* data;
};

// Writes n in decimal at p (room for 20 digits); returns the end.
inline char* write_decimal(char* p, uint64_t n) {
  char tmp[20];
  size_t i = sizeof tmp;
  do {
    tmp[--i] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n);
  memcpy(p, tmp + i, sizeof tmp - i);
  return p + (sizeof tmp - i);
}

inline void append_num(ByteBuffer& b, uint64_t n) {
  char tmp[20];
  b.append(tmp, static_cast<size_t>(write_decimal(tmp, n) - tmp));
}


}  // namespace internal
}  // namespace hyper
