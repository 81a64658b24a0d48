// NativeServer, part 4: file responses. The body goes from the page cache to the
// socket with sendfile(2), never through JS. When the socket is full, one chunk
// is queued through libuv instead; its completion says when to go on.
#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "http-server-internal.h"
#include "http-server.h"

namespace hyper {

using namespace internal;

namespace {
constexpr size_t kSendfileChunk = 1024 * 1024;
constexpr size_t kFallbackChunk = 64 * 1024;
}  // namespace

// sendFile(id, status, headerBlock, fd, offset, length) -> bool. The fd is
// duplicated, so the caller closes its own at once.
Napi::Value HttpServer::SendFile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c || c->state.response() != ConnectionState::Response::None || !info[1].IsNumber() || !info[2].IsString() || !info[3].IsNumber() ||
      !info[4].IsNumber() || !info[5].IsNumber())
    return Napi::Boolean::New(env, false);
  double offset = info[4].As<Napi::Number>().DoubleValue();
  double length = info[5].As<Napi::Number>().DoubleValue();
  if (!(offset >= 0) || !(length >= 0) || offset + length > 9007199254740991.0) return Napi::Boolean::New(env, false);
  int fd = fcntl(info[3].As<Napi::Number>().Int32Value(), F_DUPFD_CLOEXEC, 3);
  if (fd < 0) return Napi::Boolean::New(env, false);
  if (!c->state.body_done()) c->state.end_keep_alive();
  write_head(c, info[1].As<Napi::Number>().Int32Value(), info[2], static_cast<int64_t>(length), false);
  c->state.response_started(ConnectionState::Response::File);
  c->file_fd = fd;
  c->file_off = static_cast<uint64_t>(offset);
  c->file_left = c->head_only ? 0 : static_cast<uint64_t>(length);
  pump_file(c);
  return Napi::Boolean::New(env, true);
}

void HttpServer::pump_file(Connection* c) {
  if (c->state.closed() || c->file_fd < 0) return;
  flush(c);  // the head leaves first
  if (c->state.closed()) return;
  int sock = -1;
  uv_fileno(reinterpret_cast<uv_handle_t*>(&c->tcp), &sock);
  while (c->file_left > 0) {
    if (c->pending_writes > 0) return;  // resumed from on_write_done
    off_t off = static_cast<off_t>(c->file_off);
    size_t want = c->file_left < kSendfileChunk ? static_cast<size_t>(c->file_left) : kSendfileChunk;
    ssize_t n = sendfile(sock, c->file_fd, &off, want);
    if (n > 0) {
      c->file_off += static_cast<uint64_t>(n);
      c->file_left -= static_cast<uint64_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      // Socket full: queue one chunk through libuv and wait for it.
      want = c->file_left < kFallbackChunk ? static_cast<size_t>(c->file_left) : kFallbackChunk;
      char* buf = static_cast<char*>(malloc(want));
      ssize_t r = buf ? pread(c->file_fd, buf, want, static_cast<off_t>(c->file_off)) : -1;
      if (r <= 0) {
        free(buf);
        close_conn(c);  // shorter than declared, or unreadable: only a close can say so
        return;
      }
      c->file_off += static_cast<uint64_t>(r);
      c->file_left -= static_cast<uint64_t>(r);
      queue_owned(c, buf, static_cast<size_t>(r));
      return;
    }
    close_conn(c);  // n == 0: the file shrank; or a socket error
    return;
  }
  ::close(c->file_fd);
  c->file_fd = -1;
  finish_response(c);
}

}  // namespace hyper
