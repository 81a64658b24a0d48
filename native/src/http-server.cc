// NativeServer, part 1: construction and the per-request methods it installs,
// listening (own socket, inherited socket), accepting, timeouts, graceful close,
// and the request accessors JS reads lazily (method, target, headers, ...), next
// to the id lookups they use. Parts 2, 3 and 4 are the request state machine
// (http-server-requests.cc, its states in connection-state.h), the response path
// (http-server-responses.cc) and file responses (http-server-files.cc).
#include "http-server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "http-server-internal.h"
#include "listen-socket.h"
#include "native-router.h"

namespace hyper {

using namespace internal;

namespace {

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

}  // namespace

// A per-request method reached through its function's data: unwrapping `this`
// (a private-symbol lookup) costs more than most of these methods themselves.
template <Napi::Value (HttpServer::*M)(const Napi::CallbackInfo&)>
napi_value call_bound(napi_env env, napi_callback_info cbinfo) {
  Napi::CallbackInfo info(env, cbinfo);
  return (static_cast<HttpServer*>(info.Data())->*M)(info);
}

struct BoundMethod {
  const char* name;
  napi_callback fn;
};

// Called once per request or more: installed on each server as own properties.
constexpr BoundMethod kBoundMethods[] = {
    {"method", call_bound<&HttpServer::Method>},
    {"target", call_bound<&HttpServer::Target>},
    {"headers", call_bound<&HttpServer::Headers>},
    {"headerIndex", call_bound<&HttpServer::HeaderIndex>},
    {"remote", call_bound<&HttpServer::Remote>},
    {"version", call_bound<&HttpServer::Version>},
    {"respond", call_bound<&HttpServer::Respond>},
    {"start", call_bound<&HttpServer::Start>},
    {"write", call_bound<&HttpServer::Write>},
    {"end", call_bound<&HttpServer::End>},
    {"pause", call_bound<&HttpServer::Pause>},
    {"sendFile", call_bound<&HttpServer::SendFile>},
};

Napi::Function HttpServer::Init(Napi::Env env) {
  return DefineClass(env, "NativeServer",
                     {InstanceMethod<&HttpServer::Listen>("listen"), InstanceMethod<&HttpServer::Close>("close"),
                      InstanceMethod<&HttpServer::Stats>("stats"), InstanceMethod<&HttpServer::ListenFd>("listenFd"),
                      InstanceMethod<&HttpServer::SetStatic>("setStatic"),
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
  limits_.send_timeout = opt_u32(o, "sendTimeout", limits_.send_timeout);
  limits_.send_buffer = opt_u32(o, "sendBufferSize", limits_.send_buffer);
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
  // The functions hold this server as data; they are only reached through the
  // object that owns it (the adapter never takes them off it).
  napi_value self = info.This();
  for (const BoundMethod& m : kBoundMethods) {
    napi_value fn;
    napi_create_function(env, m.name, NAPI_AUTO_LENGTH, m.fn, this, &fn);
    napi_property_descriptor d = {m.name, nullptr, nullptr, nullptr, nullptr, fn, napi_default_method, nullptr};
    napi_define_properties(env, self, 1, &d);
  }
}

HttpServer::~HttpServer() {
  // The JS object is only collectable once close() finished (listen() holds a
  // reference until then), so no handle can still point here.
}

// Calls into JS with the server's async context, so promises and ticks the
// callback queued run before control returns to the loop. Raw N-API: the
// wrapper's escapable scope and `this` lookup are per-request costs for nothing
// (the caller's handle scope is open, and the callbacks do not use `this`;
// napi_make_callback wants an object for it, so it gets the global one).
void HttpServer::call(Napi::FunctionReference& fn, std::initializer_list<napi_value> args) {
  napi_value f, recv, result;
  napi_get_reference_value(env_, fn, &f);
  napi_get_global(env_, &recv);
  if (napi_make_callback(env_, *async_, recv, f, args.size(), args.begin(), &result) == napi_ok) return;
  // The TS layer catches handler errors; one reaching here is a bug in it. Surface
  // it like any uncaught exception instead of swallowing it. (Without one pending,
  // the environment is going away and there is nobody left to call.)
  bool pending = false;
  napi_is_exception_pending(env_, &pending);
  if (!pending) return;
  napi_value err;
  napi_get_and_clear_last_exception(env_, &err);
  napi_fatal_exception(env_, err);
}

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
  // Close-on-exec stays set: children get the socket only where the supervisor
  // puts it in their stdio (dup2 there clears the flag). A copy leaked into every
  // child under its own number would keep the port accepting after all the
  // intended holders had closed it.
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
  uint32_t smallest =
      std::min({limits_.headers_timeout, limits_.body_timeout, limits_.keep_alive_timeout, limits_.send_timeout, 4000u});
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
  if (limits_.send_buffer > 0) {
    int size = static_cast<int>(limits_.send_buffer);
    uv_send_buffer_size(reinterpret_cast<uv_handle_t*>(&c->tcp), &size);
  }
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

void HttpServer::on_tick() {
  uint64_t now = uv_now(loop_);
  date_.header();
  bool force = closing_ && close_deadline_ && now >= close_deadline_;
  Napi::HandleScope scope(env_);
  for (size_t i = 0; i < slots_.size(); i++) {
    Connection* c = slots_[i];
    if (!c || c->state.closed()) continue;
    if (force) {
      close_conn(c);
      continue;
    }
    if (c->pending_writes > 0) {
      // A response is still leaving: only a reader that takes nothing for
      // send_timeout is dropped. The idle, linger and head clocks wait for the
      // write (they restart when it completes), so a slow reader is not cut.
      uint64_t sent = c->queued_total - c->tcp.write_queue_size;
      if (sent != c->sent_mark) {
        c->sent_mark = sent;
        c->progress_at = now;
      } else if (now - c->progress_at >= limits_.send_timeout) {
        close_conn(c);
        continue;
      }
      if (c->deadline_kind != Deadline::Body) continue;
    }
    if (c->deadline_kind == Deadline::None || c->deadline == 0 || now < c->deadline) continue;
    switch (c->deadline_kind) {
      case Deadline::Head:
        if (c->in.empty() && !c->state.js_has_request()) close_conn(c);  // nothing started: just close
        else fail(c, 408);
        break;
      case Deadline::Body:
        if (c->state.js_has_request()) body_failed(c, 408);
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
    if (!c || c->state.closed()) continue;
    c->state.end_keep_alive();
    // Idle between requests: close now. A connection accepted but not yet heard
    // from may have its request in flight, so it gets to send that one. One whose
    // last answer is still being written gets FIN after it (up to the deadline).
    if (c->state.awaiting_head() && c->in.empty() && c->deadline_kind == Deadline::Idle) {
      if (c->pending_writes > 0) finish_and_close(c);
      else close_conn(c);
    }
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

Connection* HttpServer::slot_for(const Napi::Value& v, double* id) {
  if (!v.IsNumber()) return nullptr;
  *id = v.As<Napi::Number>().DoubleValue();
  if (!(*id > 0)) return nullptr;
  double slot = *id - static_cast<double>(static_cast<uint64_t>(*id / kSlotSpace)) * kSlotSpace;
  if (slot < 0 || slot >= static_cast<double>(slots_.size())) return nullptr;
  return slots_[static_cast<size_t>(slot)];
}

Connection* HttpServer::lookup(const Napi::Value& v) {
  double id = 0;
  Connection* c = slot_for(v, &id);
  if (!c || c->state.closed() || c->req_id != id) return nullptr;
  return c;
}

// A closed connection's head is still here until uv_close's callback frees the
// slot, so a handler that answered with Connection: close can read it too.
Connection* HttpServer::lookup_head(const Napi::Value& v) {
  double id = 0;
  Connection* c = slot_for(v, &id);
  if (!c || c->head_id != id) return nullptr;
  return c;
}

Napi::Value HttpServer::Method(const Napi::CallbackInfo& info) {
  Connection* c = lookup_head(info[0]);
  if (!c) return info.Env().Undefined();
  return Napi::String::New(info.Env(), c->head_bytes.data() + c->head.method.off, c->head.method.len);
}

Napi::Value HttpServer::Target(const Napi::CallbackInfo& info) {
  Connection* c = lookup_head(info[0]);
  if (!c) return info.Env().Undefined();
  return Napi::String::New(info.Env(), c->head_bytes.data() + c->head.target.off, c->head.target.len);
}

Napi::Value HttpServer::Version(const Napi::CallbackInfo& info) {
  Connection* c = lookup_head(info[0]);
  if (!c) return info.Env().Undefined();
  return Napi::String::New(info.Env(), c->head.version_minor ? "1.1" : "1.0");
}

// headers(id) -> "name\0value\0name\0value..." (latin1: bytes above 0x7f are
// obs-text, as node:http reads them), which JS splits into rawHeaders. One string
// crosses N-API instead of two strings and two element stores per header; NUL
// cannot occur in a header (the parser refuses it), nor can LF.
Napi::Value HttpServer::Headers(const Napi::CallbackInfo& info) { return joined_headers(info, false); }

// headerIndex(id) -> "\nname\0value\nname\0value..." with lower-case names, in
// which JS finds one header with indexOf("\nname\0") instead of building a record
// of all of them (a string-table lookup and two substrings per header).
Napi::Value HttpServer::HeaderIndex(const Napi::CallbackInfo& info) { return joined_headers(info, true); }

Napi::Value HttpServer::joined_headers(const Napi::CallbackInfo& info, bool index) {
  Napi::Env env = info.Env();
  Connection* c = lookup_head(info[0]);
  if (!c) return env.Undefined();
  const auto& hs = c->head.headers;
  const char* base = c->head_bytes.data();
  std::string& out = joined_headers_;
  out.clear();
  for (size_t i = 0; i < hs.size(); i++) {
    if (index) out.push_back('\n');
    else if (i) out.push_back('\0');
    size_t at = out.size();
    out.append(base + hs[i].name.off, hs[i].name.len);
    if (index) {
      for (size_t k = at; k < out.size(); k++)
        if (out[k] >= 'A' && out[k] <= 'Z') out[k] = static_cast<char>(out[k] + 32);
    }
    out.push_back('\0');
    out.append(base + hs[i].value.off, hs[i].value.len);
  }
  napi_value result;
  napi_create_string_latin1(env, out.data(), out.size(), &result);
  return Napi::Value(env, result);
}

Napi::Value HttpServer::Remote(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Connection* c = lookup_head(info[0]);
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

Napi::Value HttpServer::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("connections", Napi::Number::New(env, static_cast<double>(live_)));
  o.Set("listening", Napi::Boolean::New(env, listening_ && !closing_));
  return o;
}

}  // namespace hyper
