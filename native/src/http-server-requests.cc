// NativeServer, part 2: the connection state machine — reading, parsing,
// routing, the one JS call per request, request bodies, and closing. The states
// and their transitions are ConnectionState's (connection-state.h); this file
// decides when each transition happens.
#include <unistd.h>

#include <cstring>

#include "http-server-internal.h"
#include "http-server.h"

namespace hyper {

using namespace internal;


void HttpServer::update_reading(Connection* c) {
  const ConnectionState& st = c->state;
  if (st.closed()) return;
  bool want;
  if (st.closing()) {
    want = c->deadline_kind == Deadline::Linger;  // discard what the peer still sends
  } else {
    size_t queued = c->tcp.write_queue_size;
    want = !st.peer_ended() && queued < limits_.high_water && c->in.size() < limits_.max_head_bytes + kReadChunk &&
           !st.body_paused();
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
          if (conn->state.closing()) {
            static thread_local char sink[16384];  // lingering: bytes are dropped unread
            buf->base = sink;
            buf->len = sizeof sink;
            return;
          }
          size_t want = conn->state.awaiting_head() ? kHeadChunk : kReadChunk;
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
  if (nread == 0 || c->state.closed()) return;
  if (c->state.closing()) {
    if (nread < 0) close_conn(c);
    return;
  }
  if (nread < 0) {
    if (nread != UV_EOF) {
      close_conn(c);
      return;
    }
    c->state.peer_finished();
    c->reading = false;
    uv_read_stop(reinterpret_cast<uv_stream_t*>(&c->tcp));
    Napi::HandleScope scope(env_);
    process(c);
    return;
  }
  if (c->state.awaiting_head() && c->deadline_kind == Deadline::Idle) set_deadline(c, Deadline::Head);
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
  const ConnectionState& st = c->state;
  bool throttled;
again:
  throttled = false;
  while (!st.closing()) {
    if (st.awaiting_head()) {
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
    if (st.reading_body()) {
      if (c->in.empty() || st.body_paused()) break;
      const char* p = c->in.begin();
      size_t n = c->in.size();
      if (c->head.body_kind == BodyKind::Length) {
        size_t take = n < c->body_left ? n : static_cast<size_t>(c->body_left);
        c->body_left -= take;
        deliver_body(c, p, take);
        c->in.consume(take);
        if (c->body_left == 0 && !st.closed()) body_finished(c);
        continue;
      }
      size_t consumed = 0;
      const char* data = nullptr;
      size_t data_len = 0;
      ChunkDecoder::Status step = c->chunks.step(p, n, consumed, data, data_len);
      if (step == ChunkDecoder::Status::Error) {
        c->in.consume(consumed);
        body_failed(c, 400);
        break;
      }
      if (step == ChunkDecoder::Status::Data) {
        c->body_seen += data_len;
        if (c->body_seen > limits_.max_body) {
          c->in.consume(consumed);
          body_failed(c, 413);
          break;
        }
        deliver_body(c, data, data_len);
      }
      c->in.consume(consumed);
      if (step == ChunkDecoder::Status::Done && !st.closed()) body_finished(c);
      if (step == ChunkDecoder::Status::NeedMore) break;
      continue;
    }
    break;  // awaiting the response
  }
  if (st.closed()) {
    c->in_process = false;
    return;
  }
  flush(c);
  // Throttled only by unflushed bytes that the kernel has now taken: go on.
  if (throttled && !st.closed() && c->tcp.write_queue_size <= limits_.high_water) goto again;
  c->in_process = false;
  if (st.closed()) return;
  // The peer ended its side before the body it declared: the request can never
  // complete, so it is aborted now (JS hears onBody(id, 0) and drops what it
  // spooled, such as an upload's temporary file) rather than at the body timeout.
  // Bytes held back by a paused body stream are delivered first.
  if (st.peer_ended() && st.reading_body() && !(st.body_paused() && !c->in.empty())) {
    close_conn(c);
    return;
  }
  if (c->in.empty()) c->in.shrink_if_idle(kHeadChunk);
  if (st.awaiting_head() && st.peer_ended()) {
    finish_and_close(c);
    return;
  }
  update_reading(c);
}

bool HttpServer::handle_head(Connection* c) {
  c->head_id = 0;  // parse_head writes into c->head before head_bytes is replaced
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
  c->state.begin_request(h.keep_alive && !closing_);
  c->head_only = h.is_head;
  c->chunked_response = false;
  c->stream_left = -1;
  c->body.clear();
  c->body_seen = 0;
  c->body_left = 0;
  if (h.body_kind == BodyKind::Length && h.content_length > limits_.max_body) {
    fail(c, 413);  // refused before a byte of the body is read
    return false;
  }
  if (h.expect_continue && h.version_minor == 1 && h.body_kind != BodyKind::None && c->in.empty())
    c->out.append("HTTP/1.1 100 Continue\r\n\r\n", 25);
  if (h.body_kind == BodyKind::None) {
    c->state.body_read();
    set_deadline(c, Deadline::None);
    dispatch(c, 0);
    return true;
  }
  set_deadline(c, Deadline::Body);
  if (h.body_kind == BodyKind::Length) {
    c->body_left = h.content_length;
    if (h.content_length <= limits_.body_threshold) {
      c->state.buffer_body();
    } else {
      c->state.stream_body();
      dispatch(c, 2);
    }
  } else {
    c->chunks.reset();
    c->state.buffer_body();
  }
  return true;
}

// body_mode: 0 no body, 1 the buffered body, 2 streamed body follows.
// The one JS call per request carries what nearly every request reads, so JS needs
// no further call for it: the method as its router bit (kOtherMethod: read it with
// method(id)), the raw target, the route's parameters (a string when there is one),
// and the Host and Cookie values (undefined when absent; repeated Cookie headers
// joined by "; ", as JS joins them).
void HttpServer::dispatch(Connection* c, int body_mode) {
  if (body_mode == 0 && static_ && serve_static(c)) return;  // static-files.cc
  seq_ += 1;
  c->req_id = seq_ * kSlotSpace + c->slot;
  const RequestHead& h = c->head;
  const char* base = c->head_bytes.data();
  napi_env env = env_;
  napi_value kind, route, params, body, undefined;
  napi_get_undefined(env, &undefined);
  route = params = undefined;
  uint16_t bit = method_bit(std::string_view(base + h.method.off, h.method.len));
  if (!router_) {
    napi_create_int32(env, 3, &kind);
  } else {
    percent_decode(base + h.path.off, h.path.len, decoded_);
    router_->match(decoded_, bit, match_);
    napi_create_int32(env, match_.kind, &kind);
    if (match_.kind == MatchResult::Found) {
      napi_create_uint32(env, match_.route, &route);
      if (match_.params.size() == 1) {
        napi_create_string_utf8(env, decoded_.data() + match_.params[0].off, match_.params[0].len, &params);
      } else if (!match_.params.empty()) {
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
    body = undefined;
  }
  napi_value id, method, target, host = undefined, cookie = undefined;
  napi_create_double(env, c->req_id, &id);
  napi_create_uint32(env, bit, &method);
  // The parser takes only printable ASCII in a target: latin1 makes the same string without decoding UTF-8.
  napi_create_string_latin1(env, base + h.target.off, h.target.len, &target);
  // Header values are latin1, as headerIndex() gives them.
  const HeaderField* first_cookie = nullptr;
  size_t cookies = 0;
  for (const HeaderField& f : h.headers) {
    if (f.name.len == 4 && ascii_iequals(base + f.name.off, 4, "host", 4)) {
      napi_create_string_latin1(env, base + f.value.off, f.value.len, &host);
    } else if (f.name.len == 6 && ascii_iequals(base + f.name.off, 6, "cookie", 6)) {
      if (cookies++ == 0) first_cookie = &f;
    }
  }
  if (cookies == 1) {
    napi_create_string_latin1(env, base + first_cookie->value.off, first_cookie->value.len, &cookie);
  } else if (cookies > 1) {
    std::string& joined = joined_headers_;
    joined.clear();
    for (const HeaderField& f : h.headers) {
      if (f.name.len != 6 || !ascii_iequals(base + f.name.off, 6, "cookie", 6)) continue;
      if (&f != first_cookie) joined.append("; ", 2);
      joined.append(base + f.value.off, f.value.len);
    }
    napi_create_string_latin1(env, joined.data(), joined.size(), &cookie);
  }
  c->head_id = c->req_id;
  call(on_request_, {id, kind, route, params, body, method, target, host, cookie});
  // Answered during the call: the head was readable until now, not after.
  if (c->req_id != c->head_id) c->head_id = 0;
}

void HttpServer::deliver_body(Connection* c, const char* p, size_t n) {
  if (n == 0) return;
  if (c->state.stage() == ConnectionState::Stage::BufferingBody) {
    if (c->body.size() + n <= limits_.body_threshold) {
      c->body.append(p, n);
      return;
    }
    // A chunked body outgrew the threshold: hand over what we have and stream on.
    c->state.stream_body();
    dispatch(c, 2);
    if (c->state.closed()) return;
    if (!c->body.empty()) {
      napi_value id, buf;
      napi_create_double(env_, c->req_id, &id);
      void* dst;
      napi_create_buffer_copy(env_, c->body.size(), c->body.begin(), &dst, &buf);
      c->body.clear();
      call(on_body_, {id, buf});
      if (c->state.closed()) return;
    }
  }
  if (c->state.draining()) return;  // JS answered early; the rest is discarded
  napi_value id, buf;
  napi_create_double(env_, c->req_id, &id);
  void* dst;
  napi_create_buffer_copy(env_, n, p, &dst, &buf);
  call(on_body_, {id, buf});
}

void HttpServer::body_finished(Connection* c) {
  bool buffered = c->state.stage() == ConnectionState::Stage::BufferingBody;
  c->state.body_read();
  set_deadline(c, Deadline::None);
  if (buffered) {
    dispatch(c, 1);
  } else {
    if (!c->state.answered()) {
      napi_value id, end;
      napi_create_double(env_, c->req_id, &id);
      napi_get_null(env_, &end);
      call(on_body_, {id, end});
    }
  }
  if (c->state.js_has_request() && c->state.answered()) request_complete(c);
}

void HttpServer::body_failed(Connection* c, int status) {
  if (!c->state.js_has_request()) {
    fail(c, status);
    return;
  }
  // JS already has the request: tell its body stream, and close once it answers.
  c->state.body_failed();
  set_deadline(c, Deadline::None);
  if (!c->state.answered()) {
    napi_value id, code;
    napi_create_double(env_, c->req_id, &id);
    napi_create_int32(env_, status, &code);
    call(on_body_, {id, code});
  }
  if (c->state.js_has_request() && c->state.answered()) request_complete(c);
}

// The response and the request body are both complete.
void HttpServer::request_complete(Connection* c) {
  c->req_id = 0;
  if (!c->in_process) {
    c->head_id = 0;  // answered later: nothing after the answer
    c->head_bytes.clear();
  }
  if (!c->state.keep_alive()) {
    finish_and_close(c);
    return;
  }
  c->state.request_done();
  c->scan.reset();
  set_deadline(c, c->in.empty() ? Deadline::Idle : Deadline::Head);
  if (closing_ && c->in.empty()) finish_and_close(c);
}

void HttpServer::fail(Connection* c, int status) {
  std::string bytes = error_response(status);
  c->out.append(bytes.data(), bytes.size());
  c->req_id = 0;
  finish_and_close(c);
}

// Sends what is queued, then FIN, then lingers reading (and dropping) what the
// peer still sends, so unread request bytes cannot turn our close into an RST
// that destroys the response before the client reads it.
void HttpServer::finish_and_close(Connection* c) {
  if (c->state.closing()) return;
  flush(c);
  if (c->state.closed()) return;
  c->state.start_closing();
  c->req_id = 0;
  if (c->state.peer_ended()) {
    if (c->pending_writes == 0) close_conn(c);
    else set_deadline(c, Deadline::Linger);  // closed when the last write completes
    return;
  }
  auto* req = new uv_shutdown_t;
  req->data = c;
  int rc = uv_shutdown(req, reinterpret_cast<uv_stream_t*>(&c->tcp), [](uv_shutdown_t* r, int) {
    Connection* conn = static_cast<Connection*>(r->data);
    delete r;
    if (!conn->state.closed()) conn->server->update_reading(conn);
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
  if (c->state.closed()) return;
  bool had_request = c->state.js_has_request() && !c->state.answered() && c->req_id > 0;
  c->state.close();
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
  if (c->file_fd >= 0) ::close(c->file_fd);
  slots_[c->slot] = nullptr;
  free_slots_.push_back(c->slot);
  live_--;
  delete c;
  maybe_finish_close();
}
}  // namespace hyper
