// One accepted TCP connection of the native server: its read buffer, the
// request in progress and its write queue. Not visible to JS; JS names the
// request in progress by an id that the server maps back here.
#pragma once
#include <uv.h>

#include <cstdint>
#include <string>

#include "byte-buffer.h"
#include "chunk-decoder.h"
#include "connection-state.h"
#include "http-parser.h"

namespace hyper {

class HttpServer;

enum class Deadline : uint8_t { None, Head, Idle, Body, Linger, Force };

struct Connection {
  uv_tcp_t tcp;  // first member: handle pointers convert back to Connection
  HttpServer* server = nullptr;
  uint32_t slot = 0;
  double req_id = 0;  // id of the request JS may act on; 0 when none
  // id of the request whose head JS may still read: req_id until the response is
  // complete, and after it until the handler's synchronous call returns. 0 before
  // the next head is parsed, so `head` and `head_bytes` always belong to it.
  double head_id = 0;

  ByteBuffer in;
  ByteBuffer out;
  HeadScan scan;
  RequestHead head;
  std::string head_bytes;  // copy of the current head; slices of `head` point here
  ByteBuffer body;         // small bodies, handed over whole
  ChunkDecoder chunks;
  uint64_t body_left = 0;  // Content-Length bytes still to read
  uint64_t body_seen = 0;  // decoded body bytes so far

  ConnectionState state;
  Deadline deadline_kind = Deadline::Head;
  uint64_t deadline = 0;  // uv_now() ms

  // Framing of the response being written, set with its head.
  bool head_only = false;        // HEAD, or a status without a body: headers only
  bool chunked_response = false;
  int64_t stream_left = -1;      // declared Content-Length left of a streamed response

  bool reading = false;          // uv_read_start is in effect
  bool in_process = false;       // process() is on the stack: it sees what JS did when it returns
  uint32_t pending_writes = 0;
  // Send progress, for the send timeout: bytes ever handed to uv_write, how many of
  // them had left (total minus libuv's queue) when progress was last seen, and when.
  uint64_t queued_total = 0;
  uint64_t sent_mark = 0;
  uint64_t progress_at = 0;
  int file_fd = -1;              // a file response in progress (owned)
  uint64_t file_off = 0;
  uint64_t file_left = 0;
};

}  // namespace hyper

namespace hyper {
// Reason phrase for a status code ("" when unknown).
const char* status_reason(int status);
// The exact bytes both adapters send when a request is refused before JS sees
// it: status line, Content-Length: 0, Connection: close.
std::string error_response(int status);
}  // namespace hyper
