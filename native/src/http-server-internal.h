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
constexpr double kSlotSpace = 1048576.0;  // ids are seq * kSlotSpace + slot

inline Connection* from_handle(uv_handle_t* h) { return reinterpret_cast<Connection*>(h); }

struct WriteReq {
  uv_write_t req;
  Connection* conn;
  char* data;
};

inline bool append_latin1(napi_env env, ByteBuffer& o, napi_value v) {
  char buf[512];
  size_t need = 0, len = 0;
  if (napi_get_value_string_latin1(env, v, nullptr, 0, &need) != napi_ok) return false;
  if (need < sizeof buf) {
    napi_get_value_string_latin1(env, v, buf, sizeof buf, &len);
    return o.append(buf, len);
  }
  std::string big(need + 1, '\0');
  napi_get_value_string_latin1(env, v, big.data(), need + 1, &len);
  return o.append(big.data(), len);
}

inline void append_str(ByteBuffer& b, const char* s) { b.append(s, strlen(s)); }
inline void append_num(ByteBuffer& b, uint64_t n) {
  char tmp[20];
  size_t i = sizeof tmp;
  do {
    tmp[--i] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n);
  b.append(tmp + i, sizeof tmp - i);
}


}  // namespace internal
}  // namespace hyper
