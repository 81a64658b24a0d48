// NativeServer, part 3: responses — the response head and body, streaming with
// backpressure, and the write path.
#include <cstring>
#include <string>

#include "http-server-internal.h"
#include "http-server.h"

namespace hyper {

using namespace internal;


void HttpServer::flush(Connection* c, const char* extra, size_t extra_len) {
  if (c->state.closed()) return;
  size_t n1 = c->out.size();
  if (n1 + extra_len == 0) return;
  uv_stream_t* s = reinterpret_cast<uv_stream_t*>(&c->tcp);
  uv_buf_t bufs[2] = {uv_buf_init(const_cast<char*>(c->out.begin()), static_cast<unsigned>(n1)),
                      uv_buf_init(const_cast<char*>(extra), static_cast<unsigned>(extra_len))};
  size_t written = 0;
  if (c->pending_writes == 0) {
    int r = uv_try_write(s, n1 ? bufs : bufs + 1, n1 ? (extra_len ? 2 : 1) : 1);
    if (r > 0) written = static_cast<size_t>(r);
    else if (r < 0 && r != UV_EAGAIN && r != UV_ENOSYS) {
      c->out.clear();
      close_conn(c);
      return;
    }
  }
  size_t total = n1 + extra_len;
  if (written < total) {
    // What the socket did not take now is copied into a buffer of its own, which
    // libuv writes (and frees) when it can.
    size_t left = total - written;
    char* data = static_cast<char*>(malloc(left));
    if (written < n1) {
      memcpy(data, c->out.begin() + written, n1 - written);
      if (extra_len) memcpy(data + (n1 - written), extra, extra_len);
    } else {
      memcpy(data, extra + (written - n1), left);
    }
    c->out.clear();
    queue_owned(c, data, left);
    if (c->state.closed()) return;
  }
  c->out.clear();
  c->out.shrink_if_idle(256 * 1024);
}

// Hands libuv a malloc'd buffer it frees when written (no copy).
void HttpServer::queue_owned(Connection* c, char* data, size_t len) {
  auto* w = new WriteReq;
  w->conn = c;
  w->data = data;
  uv_buf_t b = uv_buf_init(data, static_cast<unsigned>(len));
  if (c->pending_writes == 0) {
    // The send clock starts with the first queued byte.
    c->progress_at = uv_now(loop_);
    c->sent_mark = c->queued_total;
  }
  c->queued_total += len;
  c->pending_writes++;
  int rc = uv_write(&w->req, reinterpret_cast<uv_stream_t*>(&c->tcp), &b, 1, [](uv_write_t* req, int status) {
    WriteReq* wr = reinterpret_cast<WriteReq*>(req);
    Connection* conn = wr->conn;
    free(wr->data);
    delete wr;
    conn->pending_writes--;
    conn->server->on_write_done(conn, status);
  });
  if (rc != 0) {
    c->pending_writes--;
    free(data);
    delete w;
    close_conn(c);
  }
}

void HttpServer::on_write_done(Connection* c, int status) {
  if (c->state.closed()) return;
  if (status != 0) {
    close_conn(c);
    return;
  }
  // The clocks that waited for the write start now.
  if (c->pending_writes == 0 &&
      (c->deadline_kind == Deadline::Idle || c->deadline_kind == Deadline::Linger || c->deadline_kind == Deadline::Head))
    set_deadline(c, c->deadline_kind);
  if (c->state.response() == ConnectionState::Response::File && !c->state.closing()) {
    if (c->pending_writes == 0) {
      Napi::HandleScope scope(env_);
      pump_file(c);
    }
    return;
  }
  if (c->state.closing()) {
    if (c->state.peer_ended() && c->pending_writes == 0) close_conn(c);
    return;
  }
  if (c->tcp.write_queue_size <= limits_.high_water / 2) {
    Napi::HandleScope scope(env_);
    if (c->state.take_drain()) {
      napi_value id;
      napi_create_double(env_, c->req_id, &id);
      call(on_drain_, {id});
      if (c->state.closed()) return;
    }
    if (c->state.awaiting_head() && !c->in.empty()) process(c);
    else update_reading(c);
  }
}

// A body value's bytes: a Buffer's own memory, or a string encoded as UTF-8 in
// one pass into scratch_ (valid until the next call). False for anything else.
bool HttpServer::value_bytes(napi_value v, const char** data, size_t* len) {
  bool is_buffer = false;
  napi_is_buffer(env_, v, &is_buffer);
  if (is_buffer) {
    void* p;
    napi_get_buffer_info(env_, v, &p, len);
    *data = static_cast<const char*>(p);
    return true;
  }
  // The UTF-16 length needs no scan, and no unit takes more than 3 bytes of UTF-8;
  // above 1 MiB the exact length is worth a pass rather than reserving three times it.
  size_t units = 0;
  if (napi_get_value_string_utf16(env_, v, nullptr, 0, &units) != napi_ok) return false;
  size_t cap = units * 3 + 1;
  if (units > (1u << 20)) {
    napi_get_value_string_utf8(env_, v, nullptr, 0, &cap);
    cap += 1;
  }
  char* dst;
  size_t room;
  scratch_.clear();
  scratch_.shrink_if_idle(1 << 20);
  if (!scratch_.reserve_tail(cap, &dst, &room)) return false;
  napi_get_value_string_utf8(env_, v, dst, cap, len);
  *data = dst;
  return true;
}

// Appends body bytes; with chunk_frame, as one chunk.
void HttpServer::append_body(Connection* c, const char* data, size_t len, bool chunk_frame) {
  if (len == 0 || c->head_only) return;
  if (chunk_frame) {
    char size[20];
    int n = snprintf(size, sizeof size, "%zx\r\n", len);
    c->out.append(size, static_cast<size_t>(n));
  }
  if (len >= 64 * 1024 && !chunk_frame) {
    flush(c, data, len);  // large bodies skip the copy into the output buffer
  } else {
    c->out.append(data, len);
    if (chunk_frame) c->out.append("\r\n", 2);
  }
}

// Writes the status line, Date, the handler's header block ("Name: value\r\n"
// lines, validated in TS: token names, no CR/LF/NUL in values; written as
// latin1), the framing and Connection headers. The head is sized once up front,
// so it costs one reservation instead of an append per piece.
void HttpServer::write_head(Connection* c, int status, napi_value header_block, int64_t content_length, bool chunked) {
  size_t units = 0;
  if (header_block && napi_get_value_string_utf16(env_, header_block, nullptr, 0, &units) != napi_ok) header_block = nullptr;
  const char* reason = status_reason(status);
  size_t reason_len = strlen(reason);
  // "HTTP/1.1 " + status + " " + reason + CRLF, Date, the block, the longest
  // framing line (28), the longest Connection line (24), the final CRLF.
  size_t need = 9 + 20 + 1 + reason_len + 2 + DateCache::kLen + units + 1 + 36 + 24 + 2;
  char* p;
  size_t room;
  if (!c->out.reserve_tail(need, &p, &room)) return;
  char* const start = p;
  const auto put = [&p](const char* s, size_t n) {
    memcpy(p, s, n);
    p += n;
  };
  put("HTTP/1.1 ", 9);
  p = write_decimal(p, static_cast<uint64_t>(status));
  *p++ = ' ';
  put(reason, reason_len);
  put("\r\n", 2);
  put(date_.header(), DateCache::kLen);
  if (header_block) {
    size_t len = 0;
    napi_get_value_string_latin1(env_, header_block, p, units + 1, &len);
    p += len;
  }
  bool bodiless_status = status == 204 || status == 304 || status < 200;
  if (!bodiless_status) {
    if (chunked) {
      put("Transfer-Encoding: chunked\r\n", 28);
    } else if (content_length >= 0) {
      put("Content-Length: ", 16);
      p = write_decimal(p, static_cast<uint64_t>(content_length));
      put("\r\n", 2);
    }
  }
  if (closing_) c->state.end_keep_alive();
  if (!c->state.keep_alive()) put("Connection: close\r\n", 19);
  else if (c->head.version_minor == 0) put("Connection: keep-alive\r\n", 24);
  put("\r\n", 2);
  c->out.commit(static_cast<size_t>(p - start));
  if (bodiless_status) c->head_only = true;
}

// The response is whole (respond(), end(), the last of a file): the exchange ends
// once the request body is read too; answered before that, the connection closes
// after the answer, unless process() is on the stack, which then reads and drops
// the rest of the body first (it ends the exchange in body_finished()).
void HttpServer::finish_response(Connection* c) {
  c->state.response_complete();
  if (c->state.body_done()) request_complete(c);
  else if (!c->in_process) finish_and_close(c);
  if (!c->in_process && !c->state.closed()) process(c);
}

// respond(id, status, headerBlock, body?) -> true, or false when the id is stale
Napi::Value HttpServer::Respond(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c || c->state.response() != ConnectionState::Response::None || !info[1].IsNumber() || !info[2].IsString())
    return Napi::Boolean::New(env, false);
  int status = info[1].As<Napi::Number>().Int32Value();
  const char* data = nullptr;
  size_t len = 0;
  bool has_body = info.Length() > 3 && !info[3].IsUndefined() && !info[3].IsNull();
  if (has_body && !value_bytes(info[3], &data, &len)) return Napi::Boolean::New(env, false);
  if (!c->state.body_done()) c->state.end_keep_alive();  // answered before the body was read
  write_head(c, status, info[2], static_cast<int64_t>(len), false);
  if (has_body) append_body(c, data, len, false);
  finish_response(c);
  return Napi::Boolean::New(env, true);
}

// start(id, status, headerBlock, contentLength) -> true | false; contentLength -1
// streams with chunked encoding (or, for HTTP/1.0, until close).
Napi::Value HttpServer::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c || c->state.response() != ConnectionState::Response::None || !info[1].IsNumber() || !info[2].IsString() ||
      !info[3].IsNumber())
    return Napi::Boolean::New(env, false);
  int status = info[1].As<Napi::Number>().Int32Value();
  double cl = info[3].As<Napi::Number>().DoubleValue();
  bool chunked = cl < 0 && c->head.version_minor == 1;
  if (cl < 0 && !chunked) c->state.end_keep_alive();  // the body ends when the connection does
  write_head(c, status, info[2], cl >= 0 ? static_cast<int64_t>(cl) : -1, chunked);
  c->state.response_started(ConnectionState::Response::Streaming);
  c->chunked_response = chunked && !c->head_only;
  c->stream_left = cl >= 0 ? static_cast<int64_t>(cl) : -1;
  if (!c->in_process) flush(c);
  return Napi::Boolean::New(env, true);
}

// write(id, chunk) -> 1 written, 0 written but over the high-water mark (wait for
// onDrain), -1 stale id or too many bytes for the declared length.
Napi::Value HttpServer::Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c || c->state.response() != ConnectionState::Response::Streaming) return Napi::Number::New(env, -1);
  const char* data = nullptr;
  size_t len = 0;
  if (!value_bytes(info[1], &data, &len)) return Napi::Number::New(env, -1);
  if (c->stream_left >= 0) {
    if (static_cast<int64_t>(len) > c->stream_left) return Napi::Number::New(env, -1);
    c->stream_left -= static_cast<int64_t>(len);
  }
  append_body(c, data, len, c->chunked_response);
  // Inside the request's own call (a producer that yields without awaiting I/O
  // runs in its microtasks) writes would otherwise pile up unflushed and never
  // see backpressure; past kFlushAt they leave now (in order: earlier pipelined
  // answers are ahead of them in `out`).
  if (!c->in_process || c->out.size() >= kFlushAt) flush(c);
  if (c->state.closed()) return Napi::Number::New(env, -1);
  if (c->tcp.write_queue_size + c->out.size() > limits_.high_water) {
    c->state.want_drain();
    update_reading(c);
    return Napi::Number::New(env, 0);
  }
  return Napi::Number::New(env, 1);
}

Napi::Value HttpServer::End(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c || c->state.response() != ConnectionState::Response::Streaming) return Napi::Boolean::New(env, false);
  if (c->chunked_response) c->out.append("0\r\n\r\n", 5);
  if (c->stream_left > 0 && !c->head_only) c->state.end_keep_alive();  // short body: only a close can say so
  if (!c->state.body_done()) c->state.end_keep_alive();
  finish_response(c);
  return Napi::Boolean::New(env, true);
}

// pause(id, paused): stop or resume reading the request body.
Napi::Value HttpServer::Pause(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c) return Napi::Boolean::New(env, false);
  bool paused = info[1].ToBoolean().Value();
  if (c->state.pause_requested() == paused) return Napi::Boolean::New(env, true);
  c->state.set_paused(paused);
  if (!paused && !c->in_process) process(c);
  else update_reading(c);
  return Napi::Boolean::New(env, true);
}
}  // namespace hyper
