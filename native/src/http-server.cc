#include "http-server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "native-router.h"

namespace hyper {

namespace {

constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kHeadChunk = 16 * 1024;
constexpr uint32_t kLingerMs = 2000;
constexpr double kSlotSpace = 1048576.0;  // ids are seq * kSlotSpace + slot

Connection* from_handle(uv_handle_t* h) { return reinterpret_cast<Connection*>(h); }

struct WriteReq {
  uv_write_t req;
  Connection* conn;
  char* data;
};

uint32_t opt_u32(Napi::Object o, const char* key, uint32_t def) {
  Napi::Value v = o.Get(key);
  if (!v.IsNumber()) return def;
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d > 4294967295.0) return def;
  return static_cast<uint32_t>(d);
}

uint64_t opt_u64(Napi::Object o, const char* key, uint64_t def) {
  Napi::Value v = o.Get(key);
  if (!v.IsNumber()) return def;
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d > 9007199254740991.0) return def;
  return static_cast<uint64_t>(d);
}

bool append_latin1(napi_env env, ByteBuffer& o, napi_value v) {
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

void append_str(ByteBuffer& b, const char* s) { b.append(s, strlen(s)); }
void append_num(ByteBuffer& b, uint64_t n) {
  char tmp[24];
  int len = snprintf(tmp, sizeof tmp, "%llu", static_cast<unsigned long long>(n));
  b.append(tmp, static_cast<size_t>(len));
}

}  // namespace

Napi::Function HttpServer::Init(Napi::Env env) {
  return DefineClass(env, "NativeServer",
                     {InstanceMethod<&HttpServer::Listen>("listen"), InstanceMethod<&HttpServer::Close>("close"),
                      InstanceMethod<&HttpServer::Method>("method"), InstanceMethod<&HttpServer::Target>("target"),
                      InstanceMethod<&HttpServer::Headers>("headers"), InstanceMethod<&HttpServer::Remote>("remote"),
                      InstanceMethod<&HttpServer::Version>("version"),
                      InstanceMethod<&HttpServer::Respond>("respond"), InstanceMethod<&HttpServer::Start>("start"),
                      InstanceMethod<&HttpServer::Write>("write"), InstanceMethod<&HttpServer::End>("end"),
                      InstanceMethod<&HttpServer::Pause>("pause"), InstanceMethod<&HttpServer::Stats>("stats"),
                      InstanceMethod<&HttpServer::ListenFd>("listenFd"),
                      StaticMethod<&HttpServer::BindSocket>("bindSocket")});
}

// new NativeServer(router | null, limits, { onRequest, onBody, onDrain, onClose })
HttpServer::HttpServer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<HttpServer>(info), env_(info.Env()) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[1].IsObject() || !info[2].IsObject()) {
    Napi::TypeError::New(env, "NativeServer(router, limits, callbacks)").ThrowAsJavaScriptException();
    return;
  }
  if (!info[0].IsNull() && !info[0].IsUndefined()) {
    NativeRouter* r = NativeRouter::Unwrap(info[0]);
    if (!r) {
      Napi::TypeError::New(env, "router must be a NativeRouter").ThrowAsJavaScriptException();
      return;
    }
    router_ = &r->router();
    router_ref_ = Napi::Persistent(info[0].As<Napi::Object>());
  }
  Napi::Object o = info[1].As<Napi::Object>();
  limits_.max_head_bytes = opt_u32(o, "maxHeadBytes", limits_.max_head_bytes);
  limits_.max_headers = opt_u32(o, "maxHeaders", limits_.max_headers);
  limits_.max_body = opt_u64(o, "maxBodySize", limits_.max_body);
  limits_.body_threshold = opt_u32(o, "bodyThreshold", limits_.body_threshold);
  limits_.headers_timeout = opt_u32(o, "headersTimeout", limits_.headers_timeout);
  limits_.body_timeout = opt_u32(o, "bodyTimeout", limits_.body_timeout);
  limits_.keep_alive_timeout = opt_u32(o, "keepAliveTimeout", limits_.keep_alive_timeout);
  limits_.high_water = opt_u32(o, "highWaterMark", limits_.high_water);
  parse_limits_.max_head_bytes = limits_.max_head_bytes;
  parse_limits_.max_headers = limits_.max_headers;
  Napi::Object cb = info[2].As<Napi::Object>();
  const char* names[] = {"onRequest", "onBody", "onDrain", "onClose"};
  Napi::FunctionReference* refs[] = {&on_request_, &on_body_, &on_drain_, &on_close_};
  for (int i = 0; i < 4; i++) {
    Napi::Value f = cb.Get(names[i]);
    if (!f.IsFunction()) {
      Napi::TypeError::New(env, std::string("callbacks.") + names[i] + " must be a function")
          .ThrowAsJavaScriptException();
      return;
    }
    *refs[i] = Napi::Persistent(f.As<Napi::Function>());
  }
  async_ = std::make_unique<Napi::AsyncContext>(env, "HyperNativeServer", info.This().As<Napi::Object>());
  napi_get_uv_event_loop(env, &loop_);
}

HttpServer::~HttpServer() {
  // The JS object is only collectable once close() finished (listen() holds a
  // reference until then), so no handle can still point here.
}

Napi::Value HttpServer::call(Napi::FunctionReference& fn, std::initializer_list<napi_value> args) {
  Napi::Value result = fn.MakeCallback(Value(), args, *async_);
  if (env_.IsExceptionPending()) {
    // The TS layer catches handler errors; reaching here is a bug in it. Surface
    // it like any uncaught exception instead of swallowing it.
    Napi::Error err = env_.GetAndClearPendingException();
    napi_fatal_exception(env_, err.Value());
    return Napi::Value();
  }
  return result;
}

namespace {

// socket + SO_REUSEADDR (+ SO_REUSEPORT) + bind + listen; returns the fd, or -1
// with `error` set. Made by hand because libuv 1.46 has no SO_REUSEPORT flag.
int bind_socket(const std::string& host, int port, bool reuse_port, int backlog, std::string& error) {
  sockaddr_storage addr{};
  if (uv_ip4_addr(host.c_str(), port, reinterpret_cast<sockaddr_in*>(&addr)) != 0 &&
      uv_ip6_addr(host.c_str(), port, reinterpret_cast<sockaddr_in6*>(&addr)) != 0) {
    error = "invalid host address: " + host;
    return -1;
  }
  int fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("socket: ") + strerror(errno);
    return -1;
  }
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (reuse_port && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
    error = std::string("SO_REUSEPORT: ") + strerror(errno);
    ::close(fd);
    return -1;
  }
  socklen_t alen = addr.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), alen) != 0 || ::listen(fd, backlog) != 0) {
    error = std::string("bind ") + host + ":" + std::to_string(port) + ": " + strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

// NativeServer.bindSocket(host, port, reusePort, backlog) -> fd | error string.
// A supervisor holds this socket and hands it to its workers (listenFd), so a
// worker that closes during a reload drops nothing from the accept queue.
Napi::Value HttpServer::BindSocket(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[0].IsString() || !info[1].IsNumber() || !info[2].IsBoolean() || !info[3].IsNumber())
    return Napi::String::New(env, "bindSocket(host, port, reusePort, backlog)");
  std::string error;
  int fd = bind_socket(info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::Number>().Int32Value(),
                       info[2].As<Napi::Boolean>().Value(), info[3].As<Napi::Number>().Int32Value(), error);
  if (fd < 0) return Napi::String::New(env, error);
  // The supervisor passes it on to children: it must survive exec.
  int flags = fcntl(fd, F_GETFD);
  if (flags >= 0) fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
  return Napi::Number::New(env, fd);
}

// listen(host, port, reusePort, backlog) -> port | error string
Napi::Value HttpServer::Listen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[0].IsString() || !info[1].IsNumber() || !info[2].IsBoolean() || !info[3].IsNumber())
    return Napi::String::New(env, "listen(host, port, reusePort, backlog)");
  if (listening_ || closing_) return Napi::String::New(env, "server already started");
  std::string error;
  int fd = bind_socket(info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::Number>().Int32Value(),
                       info[2].As<Napi::Boolean>().Value(), info[3].As<Napi::Number>().Int32Value(), error);
  if (fd < 0) return Napi::String::New(env, error);
  return start_listening(env, fd, info[3].As<Napi::Number>().Int32Value());
}

// listenFd(fd, backlog) -> port | error string: serve on an inherited listening
// socket (a duplicate is used, so the owner's copy stays open).
Napi::Value HttpServer::ListenFd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsNumber()) return Napi::String::New(env, "listenFd(fd, backlog)");
  if (listening_ || closing_) return Napi::String::New(env, "server already started");
  int fd = fcntl(info[0].As<Napi::Number>().Int32Value(), F_DUPFD_CLOEXEC, 3);
  if (fd < 0) return Napi::String::New(env, std::string("fd: ") + strerror(errno));
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  return start_listening(env, fd, info[1].As<Napi::Number>().Int32Value());
}

Napi::Value HttpServer::start_listening(Napi::Env env, int fd, int backlog) {
  listener_ = new uv_tcp_t;
  uv_tcp_init(loop_, listener_);
  listener_->data = this;
  int rc = uv_tcp_open(listener_, fd);
  if (rc == 0) {
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(listener_), backlog, [](uv_stream_t* s, int status) {
      static_cast<HttpServer*>(s->data)->on_connection(status);
    });
  }
  if (rc != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(listener_), [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
    listener_ = nullptr;
    return Napi::String::New(env, std::string("listen: ") + uv_strerror(rc));
  }
  sockaddr_storage bound{};
  int blen = sizeof bound;
  uv_tcp_getsockname(listener_, reinterpret_cast<sockaddr*>(&bound), &blen);
  int actual = ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                                : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  timer_ = new uv_timer_t;
  uv_timer_init(loop_, timer_);
  timer_->data = this;
  uint32_t smallest = std::min({limits_.headers_timeout, limits_.body_timeout, limits_.keep_alive_timeout, 4000u});
  uint64_t interval = std::max<uint64_t>(10, std::min<uint64_t>(1000, smallest / 4));
  uv_timer_start(timer_, [](uv_timer_t* t) { static_cast<HttpServer*>(t->data)->on_tick(); }, interval, interval);
  uv_unref(reinterpret_cast<uv_handle_t*>(timer_));
  listening_ = true;
  Ref();  // kept alive by its handles until close() completes
  return Napi::Number::New(env, actual);
}

void HttpServer::on_connection(int status) {
  if (status != 0 || closing_) return;
  auto* c = new Connection();
  c->server = this;
  uv_tcp_init(loop_, &c->tcp);
  if (uv_accept(reinterpret_cast<uv_stream_t*>(listener_), reinterpret_cast<uv_stream_t*>(&c->tcp)) != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), [](uv_handle_t* h) { delete from_handle(h); });
    return;
  }
  if (free_slots_.empty()) {
    if (slots_.size() >= static_cast<size_t>(kSlotSpace) - 1) {
      uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), [](uv_handle_t* h) { delete from_handle(h); });
      return;
    }
    slots_.push_back(nullptr);
    c->slot = static_cast<uint32_t>(slots_.size() - 1);
  } else {
    c->slot = free_slots_.back();
    free_slots_.pop_back();
  }
  slots_[c->slot] = c;
  live_++;
  uv_tcp_nodelay(&c->tcp, 1);
  set_deadline(c, Deadline::Head);
  update_reading(c);
}

void HttpServer::set_deadline(Connection* c, Deadline kind) {
  uint64_t now = uv_now(loop_);
  c->deadline_kind = kind;
  switch (kind) {
    case Deadline::Head: c->deadline = now + limits_.headers_timeout; break;
    case Deadline::Idle: c->deadline = now + limits_.keep_alive_timeout; break;
    case Deadline::Body: c->deadline = now + limits_.body_timeout; break;
    case Deadline::Linger: c->deadline = now + kLingerMs; break;
    default: c->deadline = 0; break;
  }
}

void HttpServer::update_reading(Connection* c) {
  if (c->closed) return;
  bool want;
  if (c->phase == Phase::Closing) {
    want = c->deadline_kind == Deadline::Linger;  // discard what the peer still sends
  } else {
    size_t queued = c->tcp.write_queue_size;
    want = !c->peer_ended && queued < limits_.high_water && c->in.size() < limits_.max_head_bytes + kReadChunk &&
           !(c->phase == Phase::BodyStream && c->paused);
  }
  if (want == c->reading) return;
  c->reading = want;
  uv_stream_t* s = reinterpret_cast<uv_stream_t*>(&c->tcp);
  if (want) {
    uv_read_start(
        s,
        [](uv_handle_t* h, size_t, uv_buf_t* buf) {
          Connection* conn = from_handle(h);
          char* p = nullptr;
          size_t len = 0;
          if (conn->phase == Phase::Closing) {
            static thread_local char sink[16384];  // lingering: bytes are dropped unread
            buf->base = sink;
            buf->len = sizeof sink;
            return;
          }
          size_t want = conn->phase == Phase::Head ? kHeadChunk : kReadChunk;
          if (!conn->in.reserve_tail(want, &p, &len)) len = 0;
          buf->base = p;
          buf->len = len;
        },
        [](uv_stream_t* st, ssize_t nread, const uv_buf_t* buf) {
          Connection* conn = reinterpret_cast<Connection*>(st);
          conn->server->on_read(conn, nread, buf);
        });
  } else {
    uv_read_stop(s);
  }
}

void HttpServer::on_read(Connection* c, ssize_t nread, const uv_buf_t* buf) {
  if (nread == 0 || c->closed) return;
  if (c->phase == Phase::Closing) {
    if (nread < 0) close_conn(c);
    return;
  }
  if (nread < 0) {
    if (nread != UV_EOF) {
      close_conn(c);
      return;
    }
    c->peer_ended = true;
    c->reading = false;
    uv_read_stop(reinterpret_cast<uv_stream_t*>(&c->tcp));
    Napi::HandleScope scope(env_);
    process(c);
    return;
  }
  if (c->phase == Phase::Head && c->deadline_kind == Deadline::Idle) set_deadline(c, Deadline::Head);
  c->in.commit(static_cast<size_t>(nread));
  Napi::HandleScope scope(env_);
  process(c);
}

// Runs the connection forward as far as the buffered bytes allow. JS may answer
// synchronously inside dispatch(), so pipelined requests are handled in one go
// and their responses leave in one write.
void HttpServer::process(Connection* c) {
  if (c->in_process) return;
  c->in_process = true;
  bool throttled;
again:
  throttled = false;
  while (!c->closed && c->phase != Phase::Closing) {
    if (c->phase == Phase::Head) {
      if (c->dispatched) break;  // previous response still pending
      if (c->in.empty()) break;
      // A pipelining client that does not read: stop answering until it drains,
      // so queued responses stay bounded (resumed from on_write_done).
      if (c->tcp.write_queue_size + c->out.size() > limits_.high_water) {
        throttled = true;
        break;
      }
      if (!handle_head(c)) break;
      continue;
    }
    if (c->phase == Phase::BodyBuffered || c->phase == Phase::BodyStream) {
      if (c->in.empty() || (c->phase == Phase::BodyStream && c->paused)) break;
      const char* p = c->in.begin();
      size_t n = c->in.size();
      if (c->head.body_kind == BodyKind::Length) {
        size_t take = n < c->body_left ? n : static_cast<size_t>(c->body_left);
        c->body_left -= take;
        deliver_body(c, p, take);
        c->in.consume(take);
        if (c->body_left == 0 && !c->closed) body_finished(c);
        continue;
      }
      size_t consumed = 0;
      const char* data = nullptr;
      size_t data_len = 0;
      ChunkDecoder::Status st = c->chunks.step(p, n, consumed, data, data_len);
      if (st == ChunkDecoder::Status::Error) {
        c->in.consume(consumed);
        body_failed(c, 400);
        break;
      }
      if (st == ChunkDecoder::Status::Data) {
        c->body_seen += data_len;
        if (c->body_seen > limits_.max_body) {
          c->in.consume(consumed);
          body_failed(c, 413);
          break;
        }
        deliver_body(c, data, data_len);
      }
      c->in.consume(consumed);
      if (st == ChunkDecoder::Status::Done && !c->closed) body_finished(c);
      if (st == ChunkDecoder::Status::NeedMore) break;
      continue;
    }
    if (c->phase == Phase::Waiting) break;
  }
  if (c->closed) {
    c->in_process = false;
    return;
  }
  flush(c);
  // Throttled only by unflushed bytes that the kernel has now taken: go on.
  if (throttled && !c->closed && c->tcp.write_queue_size <= limits_.high_water) goto again;
  c->in_process = false;
  if (c->closed) return;
  if (c->in.empty()) c->in.shrink_if_idle(kHeadChunk);
  if (c->phase == Phase::Head && !c->dispatched && c->peer_ended) {
    finish_and_close(c);
    return;
  }
  update_reading(c);
}

bool HttpServer::handle_head(Connection* c) {
  ParseResult r = parse_head(c->in.begin(), c->in.size(), parse_limits_, c->scan, c->head);
  if (r.status == ParseStatus::Incomplete) return false;
  if (r.status == ParseStatus::Error) {
    fail(c, r.error_status);
    return false;
  }
  // Keep a private copy of the head: JS reads it lazily, after the read buffer
  // has moved on.
  c->head_bytes.assign(c->in.begin(), c->head.head_len);
  c->in.consume(c->head.head_len);
  RequestHead& h = c->head;
  c->keep_alive = h.keep_alive && !closing_;
  c->head_only = h.is_head;
  c->responded = false;
  c->response_started = false;
  c->chunked_response = false;
  c->stream_left = -1;
  c->paused = false;
  c->want_drain = false;
  c->body.clear();
  c->body_seen = 0;
  c->body_left = 0;
  c->body_done = h.body_kind == BodyKind::None;
  if (h.body_kind == BodyKind::Length && h.content_length > limits_.max_body) {
    fail(c, 413);  // refused before a byte of the body is read
    return false;
  }
  if (h.expect_continue && h.version_minor == 1 && h.body_kind != BodyKind::None && c->in.empty())
    c->out.append("HTTP/1.1 100 Continue\r\n\r\n", 25);
  if (h.body_kind == BodyKind::None) {
    c->phase = Phase::Waiting;
    set_deadline(c, Deadline::None);
    dispatch(c, 0);
    return true;
  }
  set_deadline(c, Deadline::Body);
  if (h.body_kind == BodyKind::Length) {
    c->body_left = h.content_length;
    if (h.content_length <= limits_.body_threshold) {
      c->phase = Phase::BodyBuffered;
    } else {
      c->phase = Phase::BodyStream;
      dispatch(c, 2);
    }
  } else {
    c->chunks.reset();
    c->phase = Phase::BodyBuffered;
  }
  return true;
}

// body_mode: 0 no body, 1 the buffered body, 2 streamed body follows.
void HttpServer::dispatch(Connection* c, int body_mode) {
  seq_ += 1;
  c->req_id = seq_ * kSlotSpace + c->slot;
  c->dispatched = true;
  const RequestHead& h = c->head;
  napi_env env = env_;
  napi_value kind, route, params, body;
  napi_get_undefined(env, &route);
  napi_get_undefined(env, &params);
  if (!router_) {
    napi_create_int32(env, 3, &kind);
  } else {
    percent_decode(c->head_bytes.data() + h.path.off, h.path.len, decoded_);
    router_->match(decoded_, method_bit(std::string_view(c->head_bytes.data() + h.method.off, h.method.len)), match_);
    napi_create_int32(env, match_.kind, &kind);
    if (match_.kind == MatchResult::Found) {
      napi_create_uint32(env, match_.route, &route);
      if (!match_.params.empty()) {
        napi_create_array_with_length(env, match_.params.size(), &params);
        for (size_t i = 0; i < match_.params.size(); i++) {
          napi_value s;
          napi_create_string_utf8(env, decoded_.data() + match_.params[i].off, match_.params[i].len, &s);
          napi_set_element(env, params, static_cast<uint32_t>(i), s);
        }
      }
    } else if (match_.kind == MatchResult::MethodNotAllowed) {
      std::string allow = allow_header(match_.allow);
      napi_create_string_utf8(env, allow.data(), allow.size(), &route);
    }
  }
  if (body_mode == 1) {
    void* dst = nullptr;
    napi_create_buffer_copy(env, c->body.size(), c->body.begin(), &dst, &body);
    c->body.clear();
    c->body.shrink_if_idle(64 * 1024);
  } else if (body_mode == 2) {
    napi_get_null(env, &body);
  } else {
    napi_get_undefined(env, &body);
  }
  napi_value id;
  napi_create_double(env, c->req_id, &id);
  call(on_request_, {id, kind, route, params, body});
}

void HttpServer::deliver_body(Connection* c, const char* p, size_t n) {
  if (n == 0) return;
  if (c->phase == Phase::BodyBuffered) {
    if (c->body.size() + n <= limits_.body_threshold) {
      c->body.append(p, n);
      return;
    }
    // A chunked body outgrew the threshold: hand over what we have and stream on.
    c->phase = Phase::BodyStream;
    dispatch(c, 2);
    if (c->closed) return;
    if (!c->body.empty()) {
      napi_value id, buf;
      napi_create_double(env_, c->req_id, &id);
      void* dst;
      napi_create_buffer_copy(env_, c->body.size(), c->body.begin(), &dst, &buf);
      c->body.clear();
      call(on_body_, {id, buf});
      if (c->closed) return;
    }
  }
  if (c->responded) return;  // JS answered early; the rest is discarded
  napi_value id, buf;
  napi_create_double(env_, c->req_id, &id);
  void* dst;
  napi_create_buffer_copy(env_, n, p, &dst, &buf);
  call(on_body_, {id, buf});
}

void HttpServer::body_finished(Connection* c) {
  c->body_done = true;
  if (c->phase == Phase::BodyBuffered) {
    c->phase = Phase::Waiting;
    set_deadline(c, Deadline::None);
    dispatch(c, 1);
  } else {
    c->phase = Phase::Waiting;
    set_deadline(c, Deadline::None);
    if (!c->responded) {
      napi_value id, end;
      napi_create_double(env_, c->req_id, &id);
      napi_get_null(env_, &end);
      call(on_body_, {id, end});
    }
  }
  if (!c->closed && c->dispatched && c->responded) request_complete(c);
}

void HttpServer::body_failed(Connection* c, int status) {
  if (c->phase == Phase::BodyBuffered || !c->dispatched) {
    fail(c, status);
    return;
  }
  // JS already has the request: tell its body stream, and close once it answers.
  c->keep_alive = false;
  c->phase = Phase::Waiting;
  c->body_done = true;
  set_deadline(c, Deadline::None);
  if (!c->responded) {
    napi_value id, code;
    napi_create_double(env_, c->req_id, &id);
    napi_create_int32(env_, status, &code);
    call(on_body_, {id, code});
  }
  if (!c->closed && c->dispatched && c->responded) request_complete(c);
}

// The response and the request body are both complete.
void HttpServer::request_complete(Connection* c) {
  c->dispatched = false;
  c->req_id = 0;
  c->head_bytes.clear();
  if (!c->keep_alive) {
    finish_and_close(c);
    return;
  }
  c->phase = Phase::Head;
  c->scan.reset();
  set_deadline(c, c->in.empty() ? Deadline::Idle : Deadline::Head);
  if (closing_ && c->in.empty()) finish_and_close(c);
}

void HttpServer::fail(Connection* c, int status) {
  std::string bytes = error_response(status);
  c->out.append(bytes.data(), bytes.size());
  c->keep_alive = false;
  c->dispatched = false;
  c->req_id = 0;
  finish_and_close(c);
}

// Sends what is queued, then FIN, then lingers reading (and dropping) what the
// peer still sends, so unread request bytes cannot turn our close into an RST
// that destroys the response before the client reads it.
void HttpServer::finish_and_close(Connection* c) {
  if (c->closed || c->phase == Phase::Closing) return;
  flush(c);
  if (c->closed) return;
  c->phase = Phase::Closing;
  c->dispatched = false;
  c->req_id = 0;
  if (c->peer_ended) {
    if (c->pending_writes == 0) close_conn(c);
    else set_deadline(c, Deadline::Linger);  // closed when the last write completes
    return;
  }
  auto* req = new uv_shutdown_t;
  req->data = c;
  int rc = uv_shutdown(req, reinterpret_cast<uv_stream_t*>(&c->tcp), [](uv_shutdown_t* r, int) {
    Connection* conn = static_cast<Connection*>(r->data);
    delete r;
    if (!conn->closed) conn->server->update_reading(conn);
  });
  if (rc != 0) {
    delete req;
    close_conn(c);
    return;
  }
  set_deadline(c, Deadline::Linger);
  c->reading = false;
  uv_read_stop(reinterpret_cast<uv_stream_t*>(&c->tcp));
}

void HttpServer::close_conn(Connection* c) {
  if (c->closed) return;
  c->closed = true;
  c->phase = Phase::Closing;
  bool had_request = c->dispatched && !c->responded && c->req_id > 0;
  double id = c->req_id;
  c->req_id = 0;
  uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), [](uv_handle_t* h) {
    Connection* conn = from_handle(h);
    conn->server->on_conn_closed(conn);
  });
  if (had_request) {
    // JS holds a request whose connection is gone: tell it (onBody with 0), so a
    // pending upload or a streamed response waiting for drain does not hang.
    Napi::HandleScope scope(env_);
    napi_value jid, code;
    napi_create_double(env_, id, &jid);
    napi_create_int32(env_, 0, &code);
    call(on_body_, {jid, code});
  }
}

void HttpServer::on_conn_closed(Connection* c) {
  slots_[c->slot] = nullptr;
  free_slots_.push_back(c->slot);
  live_--;
  delete c;
  maybe_finish_close();
}

void HttpServer::flush(Connection* c, const char* extra, size_t extra_len) {
  if (c->closed) return;
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
    size_t left = total - written;
    auto* w = new WriteReq;
    w->conn = c;
    w->data = static_cast<char*>(malloc(left));
    size_t pos = 0;
    if (written < n1) {
      memcpy(w->data, c->out.begin() + written, n1 - written);
      pos = n1 - written;
      if (extra_len) memcpy(w->data + pos, extra, extra_len);
    } else {
      memcpy(w->data, extra + (written - n1), left);
    }
    uv_buf_t b = uv_buf_init(w->data, static_cast<unsigned>(left));
    c->pending_writes++;
    int rc = uv_write(&w->req, s, &b, 1, [](uv_write_t* req, int status) {
      WriteReq* wr = reinterpret_cast<WriteReq*>(req);
      Connection* conn = wr->conn;
      free(wr->data);
      delete wr;
      conn->pending_writes--;
      conn->server->on_write_done(conn, status);
    });
    if (rc != 0) {
      c->pending_writes--;
      free(w->data);
      delete w;
      c->out.clear();
      close_conn(c);
      return;
    }
  }
  c->out.clear();
  c->out.shrink_if_idle(256 * 1024);
}

void HttpServer::on_write_done(Connection* c, int status) {
  if (c->closed) return;
  if (status != 0) {
    close_conn(c);
    return;
  }
  if (c->phase == Phase::Closing) {
    if (c->peer_ended && c->pending_writes == 0) close_conn(c);
    return;
  }
  if (c->tcp.write_queue_size <= limits_.high_water / 2) {
    Napi::HandleScope scope(env_);
    if (c->want_drain && c->dispatched) {
      c->want_drain = false;
      napi_value id;
      napi_create_double(env_, c->req_id, &id);
      call(on_drain_, {id});
      if (c->closed) return;
    }
    if (c->phase == Phase::Head && !c->dispatched && !c->in.empty()) process(c);
    else update_reading(c);
  }
}

void HttpServer::on_tick() {
  uint64_t now = uv_now(loop_);
  date_.header();
  bool force = closing_ && close_deadline_ && now >= close_deadline_;
  Napi::HandleScope scope(env_);
  for (size_t i = 0; i < slots_.size(); i++) {
    Connection* c = slots_[i];
    if (!c || c->closed) continue;
    if (force) {
      close_conn(c);
      continue;
    }
    if (c->deadline_kind == Deadline::None || c->deadline == 0 || now < c->deadline) continue;
    switch (c->deadline_kind) {
      case Deadline::Head:
        if (c->in.empty() && !c->dispatched) close_conn(c);  // nothing started: just close
        else fail(c, 408);
        break;
      case Deadline::Body:
        if (c->dispatched) body_failed(c, 408);
        else fail(c, 408);
        break;
      default:
        close_conn(c);
        break;
    }
  }
}

// close(deadlineMs): stop accepting now; idle connections close at once, busy
// ones after their response; whatever is left at the deadline is cut.
Napi::Value HttpServer::Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!listening_ || closing_) return Napi::Boolean::New(env, false);
  double deadline = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : 0;
  closing_ = true;
  close_deadline_ = uv_now(loop_) + static_cast<uint64_t>(deadline > 0 ? deadline : 0) + (deadline > 0 ? 0 : 1);
  uv_close(reinterpret_cast<uv_handle_t*>(listener_), [](uv_handle_t* h) {
    auto* server = static_cast<HttpServer*>(h->data);
    delete reinterpret_cast<uv_tcp_t*>(h);
    server->listener_ = nullptr;
    server->maybe_finish_close();
  });
  uv_ref(reinterpret_cast<uv_handle_t*>(timer_));
  // Tick often enough to honour the deadline.
  uint64_t interval = std::max<uint64_t>(10, std::min<uint64_t>(uv_timer_get_repeat(timer_), static_cast<uint64_t>(deadline) / 4));
  uv_timer_start(timer_, [](uv_timer_t* t) { static_cast<HttpServer*>(t->data)->on_tick(); }, interval, interval);
  for (Connection* c : slots_) {
    if (!c || c->closed) continue;
    c->keep_alive = false;
    // Idle between requests: close now. A connection accepted but not yet heard
    // from may have its request in flight, so it gets to send that one.
    if (c->phase == Phase::Head && !c->dispatched && c->in.empty() && c->deadline_kind == Deadline::Idle) close_conn(c);
  }
  return Napi::Boolean::New(env, true);
}

void HttpServer::maybe_finish_close() {
  if (!closing_ || listener_ || live_ > 0 || !timer_) return;
  uv_timer_stop(timer_);
  uv_close(reinterpret_cast<uv_handle_t*>(timer_), [](uv_handle_t* h) {
    auto* server = static_cast<HttpServer*>(h->data);
    delete reinterpret_cast<uv_timer_t*>(h);
    server->listening_ = false;
    Napi::HandleScope scope(server->env_);
    server->call(server->on_close_, {});
    server->Unref();
  });
  timer_ = nullptr;
}

Connection* HttpServer::lookup(const Napi::Value& v) {
  if (!v.IsNumber()) return nullptr;
  double id = v.As<Napi::Number>().DoubleValue();
  if (!(id > 0)) return nullptr;
  double slot = id - static_cast<double>(static_cast<uint64_t>(id / kSlotSpace)) * kSlotSpace;
  if (slot < 0 || slot >= static_cast<double>(slots_.size())) return nullptr;
  Connection* c = slots_[static_cast<size_t>(slot)];
  if (!c || c->closed || c->req_id != id) return nullptr;
  return c;
}

Napi::Value HttpServer::Method(const Napi::CallbackInfo& info) {
  Connection* c = lookup(info[0]);
  if (!c) return info.Env().Undefined();
  return Napi::String::New(info.Env(), c->head_bytes.data() + c->head.method.off, c->head.method.len);
}

Napi::Value HttpServer::Target(const Napi::CallbackInfo& info) {
  Connection* c = lookup(info[0]);
  if (!c) return info.Env().Undefined();
  return Napi::String::New(info.Env(), c->head_bytes.data() + c->head.target.off, c->head.target.len);
}

Napi::Value HttpServer::Version(const Napi::CallbackInfo& info) {
  Connection* c = lookup(info[0]);
  if (!c) return info.Env().Undefined();
  return Napi::String::New(info.Env(), c->head.version_minor ? "1.1" : "1.0");
}

// headers(id) -> [name, value, name, value, ...] as received (names not folded).
Napi::Value HttpServer::Headers(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c) return env.Undefined();
  const auto& hs = c->head.headers;
  Napi::Array out = Napi::Array::New(env, hs.size() * 2);
  const char* base = c->head_bytes.data();
  for (size_t i = 0; i < hs.size(); i++) {
    // Header bytes above 0x7f are latin1 (obs-text), as node:http reads them.
    napi_value n, v;
    napi_create_string_latin1(env, base + hs[i].name.off, hs[i].name.len, &n);
    napi_create_string_latin1(env, base + hs[i].value.off, hs[i].value.len, &v);
    napi_set_element(env, out, static_cast<uint32_t>(i * 2), n);
    napi_set_element(env, out, static_cast<uint32_t>(i * 2 + 1), v);
  }
  return out;
}

Napi::Value HttpServer::Remote(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c) return env.Undefined();
  sockaddr_storage addr{};
  int len = sizeof addr;
  if (uv_tcp_getpeername(&c->tcp, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return env.Undefined();
  char ip[INET6_ADDRSTRLEN] = {};
  int port = 0;
  if (addr.ss_family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    uv_ip4_name(a, ip, sizeof ip);
    port = ntohs(a->sin_port);
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    uv_ip6_name(a, ip, sizeof ip);
    port = ntohs(a->sin6_port);
  }
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::String::New(env, ip));
  out.Set(1u, Napi::Number::New(env, port));
  return out;
}

// Appends a string (UTF-8) or Buffer body; with chunk_frame, as one chunk.
bool HttpServer::append_value(Connection* c, napi_value v, bool chunk_frame) {
  napi_env env = env_;
  bool is_buffer = false;
  napi_is_buffer(env, v, &is_buffer);
  const char* data = nullptr;
  size_t len = 0;
  std::string tmp;
  if (is_buffer) {
    void* p;
    napi_get_buffer_info(env, v, &p, &len);
    data = static_cast<const char*>(p);
  } else {
    napi_valuetype t;
    napi_typeof(env, v, &t);
    if (t != napi_string) return false;
    size_t need = 0;
    napi_get_value_string_utf8(env, v, nullptr, 0, &need);
    tmp.resize(need + 1);
    napi_get_value_string_utf8(env, v, tmp.data(), need + 1, &len);
    data = tmp.data();
  }
  if (len == 0 || c->head_only) return true;
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
  return true;
}

void HttpServer::write_head(Connection* c, int status, const Napi::Array* headers, int64_t content_length,
                            bool chunked) {
  ByteBuffer& o = c->out;
  o.append("HTTP/1.1 ", 9);
  append_num(o, static_cast<uint64_t>(status));
  o.append(" ", 1);
  append_str(o, status_reason(status));
  o.append("\r\n", 2);
  o.append(date_.header(), DateCache::kLen);
  if (headers) {
    uint32_t n = headers->Length();
    napi_value arr = *headers;
    for (uint32_t i = 0; i + 1 < n; i += 2) {
      napi_value k, v;
      // Validated in TS (token names, no CR/LF/NUL in values); written as latin1.
      if (napi_get_element(env_, arr, i, &k) != napi_ok || napi_get_element(env_, arr, i + 1, &v) != napi_ok)
        break;
      if (!append_latin1(env_, o, k)) continue;
      o.append(": ", 2);
      append_latin1(env_, o, v);
      o.append("\r\n", 2);
    }
  }
  bool bodiless_status = status == 204 || status == 304 || status < 200;
  if (!bodiless_status) {
    if (chunked) {
      o.append("Transfer-Encoding: chunked\r\n", 28);
    } else if (content_length >= 0) {
      o.append("Content-Length: ", 16);
      append_num(o, static_cast<uint64_t>(content_length));
      o.append("\r\n", 2);
    }
  }
  if (closing_) c->keep_alive = false;
  if (!c->keep_alive) o.append("Connection: close\r\n", 19);
  else if (c->head.version_minor == 0) o.append("Connection: keep-alive\r\n", 24);
  o.append("\r\n", 2);
  if (bodiless_status) c->head_only = true;
}

// respond(id, status, headers[], body?) -> true, or false when the id is stale
Napi::Value HttpServer::Respond(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c || c->responded || c->response_started || !info[1].IsNumber() || !info[2].IsArray())
    return Napi::Boolean::New(env, false);
  int status = info[1].As<Napi::Number>().Int32Value();
  Napi::Array headers = info[2].As<Napi::Array>();
  napi_value body = info.Length() > 3 ? static_cast<napi_value>(info[3]) : nullptr;
  size_t len = 0;
  bool has_body = info.Length() > 3 && !info[3].IsUndefined() && !info[3].IsNull();
  if (has_body) {
    if (info[3].IsBuffer()) {
      len = info[3].As<Napi::Buffer<char>>().Length();
    } else if (info[3].IsString()) {
      napi_get_value_string_utf8(env, body, nullptr, 0, &len);
    } else {
      return Napi::Boolean::New(env, false);
    }
  }
  if (!c->body_done) c->keep_alive = false;  // answered before the body was read
  write_head(c, status, &headers, static_cast<int64_t>(len), false);
  if (has_body) append_value(c, body, false);
  c->responded = true;
  if (c->body_done) {
    request_complete(c);
  } else if (!c->in_process) {
    finish_and_close(c);
  }
  if (!c->in_process && !c->closed) process(c);
  return Napi::Boolean::New(env, true);
}

// start(id, status, headers[], contentLength) -> true | false; contentLength -1
// streams with chunked encoding (or, for HTTP/1.0, until close).
Napi::Value HttpServer::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c || c->responded || c->response_started || !info[1].IsNumber() || !info[2].IsArray() ||
      !info[3].IsNumber())
    return Napi::Boolean::New(env, false);
  int status = info[1].As<Napi::Number>().Int32Value();
  Napi::Array headers = info[2].As<Napi::Array>();
  double cl = info[3].As<Napi::Number>().DoubleValue();
  bool chunked = cl < 0 && c->head.version_minor == 1;
  if (cl < 0 && !chunked) c->keep_alive = false;
  write_head(c, status, &headers, cl >= 0 ? static_cast<int64_t>(cl) : -1, chunked);
  c->response_started = true;
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
  if (!c || !c->response_started || c->responded) return Napi::Number::New(env, -1);
  if (c->stream_left >= 0) {
    size_t len = 0;
    if (info[1].IsBuffer()) len = info[1].As<Napi::Buffer<char>>().Length();
    else if (info[1].IsString()) napi_get_value_string_utf8(env, info[1], nullptr, 0, &len);
    if (static_cast<int64_t>(len) > c->stream_left) return Napi::Number::New(env, -1);
    c->stream_left -= static_cast<int64_t>(len);
  }
  if (!append_value(c, info[1], c->chunked_response)) return Napi::Number::New(env, -1);
  if (!c->in_process) flush(c);
  if (c->closed) return Napi::Number::New(env, -1);
  if (c->tcp.write_queue_size > limits_.high_water) {
    c->want_drain = true;
    update_reading(c);
    return Napi::Number::New(env, 0);
  }
  return Napi::Number::New(env, 1);
}

Napi::Value HttpServer::End(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c || !c->response_started || c->responded) return Napi::Boolean::New(env, false);
  if (c->chunked_response) c->out.append("0\r\n\r\n", 5);
  if (c->stream_left > 0 && !c->head_only) c->keep_alive = false;  // short body: only a close can say so
  if (!c->body_done) c->keep_alive = false;
  c->responded = true;
  if (c->body_done) request_complete(c);
  else if (!c->in_process) finish_and_close(c);
  if (!c->in_process && !c->closed) process(c);
  return Napi::Boolean::New(env, true);
}

// pause(id, paused): stop or resume reading the request body.
Napi::Value HttpServer::Pause(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup(info[0]);
  if (!c) return Napi::Boolean::New(env, false);
  bool paused = info[1].ToBoolean().Value();
  if (c->paused == paused) return Napi::Boolean::New(env, true);
  c->paused = paused;
  if (!paused && !c->in_process) process(c);
  else update_reading(c);
  return Napi::Boolean::New(env, true);
}

Napi::Value HttpServer::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("connections", Napi::Number::New(env, static_cast<double>(live_)));
  o.Set("listening", Napi::Boolean::New(env, listening_ && !closing_));
  return o;
}

}  // namespace hyper
