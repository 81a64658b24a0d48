// NativeServer, part 5: static files answered from the table set by JS. Called
// from dispatch() before JS for bodiless requests; returns false to let JS
// answer (which it does with the same rules: src/static/serve/responder.ts).
#include <cstring>

#include "http-server-internal.h"
#include "http-server.h"
#include "static-files.h"
#include "static-negotiate.h"

namespace hyper {

using namespace internal;

namespace {

constexpr size_t kFieldsPerEntry = 13;  // path, then (etag, 200 head, 304 head, body) x 3
constexpr size_t kInlineBody = 4096;    // larger bodies are written from the table, not copied

bool read_latin1(napi_env env, napi_value v, std::string& out) {
  size_t len = 0;
  if (napi_get_value_string_latin1(env, v, nullptr, 0, &len) != napi_ok) return false;
  out.resize(len + 1);
  size_t got = 0;
  napi_get_value_string_latin1(env, v, out.data(), len + 1, &got);
  out.resize(got);
  return true;
}

bool header_is(const char* base, const Slice& s, const char* lower_name) {
  return ascii_iequals(base + s.off, s.len, lower_name, strlen(lower_name));
}

}  // namespace

// setStatic(prefix, table[]) -> bool: replaces the table (an empty one turns it off).
// Everything was validated in TS; a type mismatch here leaves the old table as it was.
Napi::Value HttpServer::SetStatic(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsArray()) return Napi::Boolean::New(env, false);
  Napi::Array flat = info[1].As<Napi::Array>();
  uint32_t n = flat.Length();
  if (n % kFieldsPerEntry != 0) return Napi::Boolean::New(env, false);
  auto table = std::make_unique<StaticTable>();
  if (!read_latin1(env, info[0], table->prefix) || table->prefix.empty()) return Napi::Boolean::New(env, false);
  static const int kOrder[3] = {kIdentity, kBrotli, kGzip};  // the TS order: identity, br, gzip
  for (uint32_t i = 0; i < n; i += kFieldsPerEntry) {
    Napi::Value path = flat.Get(i);
    if (!path.IsString()) return Napi::Boolean::New(env, false);
    std::string key;
    read_latin1(env, path, key);
    StaticEntry entry;
    for (int r = 0; r < 3; r++) {
      uint32_t at = i + 1 + static_cast<uint32_t>(r) * 4;
      Napi::Value etag = flat.Get(at);
      if (etag.IsUndefined()) continue;
      Napi::Value ok = flat.Get(at + 1), not_modified = flat.Get(at + 2), body = flat.Get(at + 3);
      if (!etag.IsString() || !ok.IsString() || !not_modified.IsString() || !body.IsBuffer())
        return Napi::Boolean::New(env, false);
      StaticRepresentation& rep = entry.reps[kOrder[r]];
      rep.present = true;
      read_latin1(env, etag, rep.etag);
      read_latin1(env, ok, rep.head_ok);
      read_latin1(env, not_modified, rep.head_not_modified);
      Napi::Buffer<char> bytes = body.As<Napi::Buffer<char>>();
      rep.body.assign(bytes.Data(), bytes.Length());
    }
    if (!entry.reps[kIdentity].present) return Napi::Boolean::New(env, false);
    table->entries.emplace(std::move(key), std::move(entry));
  }
  static_ = table->entries.empty() ? nullptr : std::move(table);
  return Napi::Boolean::New(env, true);
}

bool HttpServer::serve_static(Connection* c) {
  const RequestHead& h = c->head;
  const char* base = c->head_bytes.data();
  std::string_view method(base + h.method.off, h.method.len);
  if (method != "GET" && method != "HEAD") return false;
  const std::string& prefix = static_->prefix;
  if (h.path.len <= prefix.size() || memcmp(base + h.path.off, prefix.data(), prefix.size()) != 0) return false;
  static_->key.assign(base + h.path.off, h.path.len);
  auto it = static_->entries.find(static_->key);
  if (it == static_->entries.end()) return false;
  const StaticEntry& entry = it->second;

  const Slice* accept = nullptr;
  const Slice* inm = nullptr;
  bool ims = false;
  for (const HeaderField& f : h.headers) {
    if (header_is(base, f.name, "accept-encoding")) {
      if (accept) return false;  // several lines: JS joins them
      accept = &f.value;
    } else if (header_is(base, f.name, "if-none-match")) {
      if (inm) return false;
      inm = &f.value;
    } else if (header_is(base, f.name, "if-modified-since")) {
      ims = true;
    } else if (header_is(base, f.name, "range") || header_is(base, f.name, "if-range")) {
      return false;
    }
  }
  if (ims && !inm) return false;  // a date comparison: JS's
  int coding = kIdentity;
  bool has_br = entry.reps[kBrotli].present, has_gzip = entry.reps[kGzip].present;
  if (accept && (has_br || has_gzip)) {
    coding = negotiate_encoding(base + accept->off, accept->len, has_br, has_gzip);
    if (coding == kDecline) return false;
  }
  const StaticRepresentation& rep = entry.reps[coding];
  bool not_modified = false;
  if (inm) {
    // Only the exact tag a client got from us; lists and weak forms are JS's.
    if (inm->len != rep.etag.size() || memcmp(base + inm->off, rep.etag.data(), inm->len) != 0) return false;
    not_modified = true;
  }

  ByteBuffer& o = c->out;
  if (not_modified) o.append("HTTP/1.1 304 Not Modified\r\n", 27);
  else o.append("HTTP/1.1 200 OK\r\n", 17);
  o.append(date_.header(), DateCache::kLen);
  const std::string& head = not_modified ? rep.head_not_modified : rep.head_ok;
  o.append(head.data(), head.size());
  if (!not_modified) {
    o.append("Content-Length: ", 16);
    append_num(o, rep.body.size());
    o.append("\r\n", 2);
  }
  if (closing_) c->state.end_keep_alive();
  if (!c->state.keep_alive()) o.append("Connection: close\r\n", 19);
  else if (h.version_minor == 0) o.append("Connection: keep-alive\r\n", 24);
  o.append("\r\n", 2);
  if (!not_modified && !c->head_only) {
    if (rep.body.size() <= kInlineBody) o.append(rep.body.data(), rep.body.size());
    else flush(c, rep.body.data(), rep.body.size());  // writev of head and body; copied only if the socket is full
    if (c->state.closed()) return true;
  }
  c->state.response_complete();
  request_complete(c);
  return true;
}

}  // namespace hyper
