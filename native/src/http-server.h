// JS-visible NativeServer: an HTTP/1.x server on Node's own libuv loop. It
// parses, enforces limits and routes natively, then makes one JS call per
// request: onRequest(id, kind, routeOrAllow, params, body). JS answers through
// respond()/start()/write()/end() with the same id.
#pragma once
#include <napi.h>
#include <uv.h>

#include <memory>
#include <string>
#include <vector>

#include "connection.h"
#include "date-cache.h"
#include "router.h"
#include "static-files.h"

namespace hyper {

struct ServerLimits {
  uint32_t max_head_bytes = 16 * 1024;
  uint32_t max_headers = 100;
  uint64_t max_body = 2621440;         // Django's DATA_UPLOAD_MAX_MEMORY_SIZE default
  uint32_t body_threshold = 64 * 1024; // larger bodies are streamed to JS
  uint32_t headers_timeout = 60000;
  uint32_t body_timeout = 300000;
  uint32_t keep_alive_timeout = 5000;
  uint32_t send_timeout = 60000;       // without send progress while bytes are queued
  uint32_t send_buffer = 0;            // SO_SNDBUF of accepted sockets (tests); 0: the kernel's
  uint32_t high_water = 1024 * 1024;   // queued response bytes before backpressure
};

class HttpServer : public Napi::ObjectWrap<HttpServer> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit HttpServer(const Napi::CallbackInfo& info);
  ~HttpServer() override;

  // libuv callbacks (static trampolines live in the .cc)
  void on_connection(int status);
  void on_read(Connection* c, ssize_t nread, const uv_buf_t* buf);
  void on_write_done(Connection* c, int status);
  void on_tick();
  void on_conn_closed(Connection* c);

  // Per-request methods, installed on each server object (http-server.cc). The
  // request accessors are defined there too; the response methods in
  // http-server-responses.cc, sendFile in http-server-files.cc.
  Napi::Value Method(const Napi::CallbackInfo& info);
  Napi::Value Target(const Napi::CallbackInfo& info);
  Napi::Value Headers(const Napi::CallbackInfo& info);
  Napi::Value HeaderIndex(const Napi::CallbackInfo& info);
  Napi::Value Remote(const Napi::CallbackInfo& info);
  Napi::Value Version(const Napi::CallbackInfo& info);
  Napi::Value Respond(const Napi::CallbackInfo& info);
  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value Write(const Napi::CallbackInfo& info);
  Napi::Value End(const Napi::CallbackInfo& info);
  Napi::Value Pause(const Napi::CallbackInfo& info);
  Napi::Value SendFile(const Napi::CallbackInfo& info);

 private:
  static Napi::Value BindSocket(const Napi::CallbackInfo& info);
  Napi::Value Listen(const Napi::CallbackInfo& info);
  Napi::Value ListenFd(const Napi::CallbackInfo& info);
  Napi::Value start_listening(Napi::Env env, int fd, int backlog);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value joined_headers(const Napi::CallbackInfo& info, bool index);
  void pump_file(Connection* c);
  void queue_owned(Connection* c, char* data, size_t len);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value SetStatic(const Napi::CallbackInfo& info);
  bool serve_static(Connection* c);

  // The connection whose current request has this id (nullptr when answered, gone or invalid).
  Connection* lookup(const Napi::Value& id);
  // The connection whose head of this id may still be read (see Connection::head_id).
  Connection* lookup_head(const Napi::Value& id);
  Connection* slot_for(const Napi::Value& v, double* id);
  void process(Connection* c);
  bool handle_head(Connection* c);
  void dispatch(Connection* c, int body_mode);
  void deliver_body(Connection* c, const char* p, size_t n);
  void body_finished(Connection* c);
  void body_failed(Connection* c, int status);
  void finish_response(Connection* c);
  void request_complete(Connection* c);
  void fail(Connection* c, int status);
  void write_head(Connection* c, int status, napi_value header_block, int64_t content_length, bool chunked);
  bool value_bytes(napi_value v, const char** data, size_t* len);
  void append_body(Connection* c, const char* data, size_t len, bool chunk_frame);
  void flush(Connection* c, const char* extra = nullptr, size_t extra_len = 0);
  void update_reading(Connection* c);
  void close_conn(Connection* c);
  void finish_and_close(Connection* c);
  void set_deadline(Connection* c, Deadline kind);
  void maybe_finish_close();
  void call(Napi::FunctionReference& fn, std::initializer_list<napi_value> args);

  Napi::Env env_;
  ServerLimits limits_;
  ParseLimits parse_limits_;
  const Router* router_ = nullptr;
  Napi::ObjectReference router_ref_;
  Napi::FunctionReference on_request_, on_body_, on_drain_, on_close_;
  std::unique_ptr<Napi::AsyncContext> async_;
  uv_loop_t* loop_ = nullptr;
  uv_tcp_t* listener_ = nullptr;
  uv_timer_t* timer_ = nullptr;
  std::vector<Connection*> slots_;
  std::vector<uint32_t> free_slots_;
  size_t live_ = 0;
  double seq_ = 0;
  bool listening_ = false;
  bool closing_ = false;
  uint64_t close_deadline_ = 0;
  DateCache date_;
  std::string decoded_;
  ByteBuffer scratch_;  // a string body encoded once, until it is appended
  std::string joined_headers_;  // headers(), headerIndex(): the request's headers as one string
  MatchResult match_;
  std::unique_ptr<StaticTable> static_;
};

}  // namespace hyper
