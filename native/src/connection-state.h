// Where one connection of the native server stands in its HTTP/1.1 exchange: how
// far the request has been read, how far JS has answered it, and whether the
// connection outlives the answer. One stage and one response value instead of a
// dozen booleans, changed only through the named transitions below, so that a
// combination no code path should produce (answered and still streaming, JS
// holding a request that is still being buffered, a pause or a drain wait
// outliving its request) cannot be written down. The server (http-server-*.cc)
// drives the transitions; timers, buffers and ids stay on Connection.
#pragma once
#include <cstdint>

namespace hyper {

class ConnectionState {
 public:
  enum class Stage : uint8_t {
    AwaitingHead,      // waiting for (more of) a request head
    BufferingBody,     // reading a small body before the JS call
    StreamingBody,     // JS has the request; body chunks follow as they arrive
    AwaitingResponse,  // JS has the request and all of its body (or it had none)
    Closing,           // FIN sent or the close decided: no more requests
    Closed,            // uv_close called; the slot is freed in its callback
  };
  enum class Response : uint8_t {
    None,       // JS has not answered yet
    Streaming,  // start() wrote the head; write() and end() follow
    File,       // sendFile(): the body leaves with sendfile(2)
    Complete,   // the whole response is queued
  };

  Stage stage() const { return stage_; }
  bool awaiting_head() const { return stage_ == Stage::AwaitingHead; }
  bool reading_body() const { return stage_ == Stage::BufferingBody || stage_ == Stage::StreamingBody; }
  // JS was handed the request and has not finished with it (the old `dispatched`).
  bool js_has_request() const { return stage_ == Stage::StreamingBody || stage_ == Stage::AwaitingResponse; }
  // The request's body is all read (or failed): nothing left to wait for but the response.
  bool body_done() const { return stage_ == Stage::AwaitingResponse; }
  bool closing() const { return stage_ == Stage::Closing || stage_ == Stage::Closed; }
  bool closed() const { return stage_ == Stage::Closed; }

  Response response() const { return response_; }
  bool answered() const { return response_ == Response::Complete; }
  // JS answered before the body ended: the rest of the body is read and dropped.
  bool draining() const { return stage_ == Stage::StreamingBody && answered(); }
  // Whether the connection takes another request after this one.
  bool keep_alive() const { return keep_alive_; }
  // The peer sent FIN: no more bytes will arrive.
  bool peer_ended() const { return peer_ended_; }
  // JS asked to stop the request body (only a streamed body can be paused).
  bool body_paused() const { return paused_ && stage_ == Stage::StreamingBody; }
  bool pause_requested() const { return paused_; }
  // A write() went over the high-water mark: JS waits for onDrain.
  bool drain_wanted() const { return want_drain_ && js_has_request(); }

  // A request head was parsed: a new exchange, answered by nobody yet.
  void begin_request(bool keep_alive) {
    stage_ = Stage::AwaitingHead;
    response_ = Response::None;
    keep_alive_ = keep_alive;
    paused_ = false;
    want_drain_ = false;
  }
  void buffer_body() { stage_ = Stage::BufferingBody; }
  // The body is too large (or a chunked one grew too large) to hold: JS gets the request now.
  void stream_body() { stage_ = Stage::StreamingBody; }
  void body_read() { stage_ = Stage::AwaitingResponse; }
  // A body that broke (bad framing, too large, too slow) after JS got the request:
  // JS hears of it, answers, and the connection closes after that answer.
  void body_failed() {
    stage_ = Stage::AwaitingResponse;
    keep_alive_ = false;
  }
  void response_started(Response how) { response_ = how; }
  void response_complete() { response_ = Response::Complete; }
  // Request and response are both done: the connection waits for the next head.
  void request_done() { stage_ = Stage::AwaitingHead; }
  // No request after this one (HTTP/1.0 without keep-alive, an early or unframed
  // answer, a failure, the server closing).
  void end_keep_alive() { keep_alive_ = false; }
  void peer_finished() { peer_ended_ = true; }
  void set_paused(bool paused) { paused_ = paused; }
  void want_drain() { want_drain_ = true; }
  // Whether JS was waiting for onDrain; it is not any more.
  bool take_drain() {
    bool wanted = drain_wanted();
    want_drain_ = false;
    return wanted;
  }
  void start_closing() {
    stage_ = Stage::Closing;
    keep_alive_ = false;
  }
  void close() {
    stage_ = Stage::Closed;
    keep_alive_ = false;
  }

 private:
  Stage stage_ = Stage::AwaitingHead;
  Response response_ = Response::None;
  bool keep_alive_ = true;
  bool peer_ended_ = false;
  bool paused_ = false;
  bool want_drain_ = false;
};

}  // namespace hyper
