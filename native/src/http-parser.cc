#include "http-parser.h"

#include <cstring>

namespace hyper {

namespace {

// RFC 9110 tchar.
struct TokenTable {
  bool t[256] = {};
  constexpr TokenTable() {
    for (int c = '0'; c <= '9'; c++) t[c] = true;
    for (int c = 'a'; c <= 'z'; c++) t[c] = true;
    for (int c = 'A'; c <= 'Z'; c++) t[c] = true;
    for (const char* p = "!#$%&'*+-.^_`|~"; *p; p++) t[static_cast<unsigned char>(*p)] = true;
  }
};
constexpr TokenTable kToken;

inline bool is_value_char(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }
inline bool is_target_char(unsigned char c) { return c > 0x20 && c < 0x7f; }

ParseResult error(uint16_t status) { return {ParseStatus::Error, status}; }

// Parses a comma-separated list value and reports whether `token` is present.
bool list_contains(const char* v, size_t n, const char* token, size_t tlen) {
  size_t i = 0;
  while (i < n) {
    while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) i++;
    size_t start = i;
    while (i < n && v[i] != ',') i++;
    size_t end = i;
    while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t')) end--;
    if (ascii_iequals(v + start, end - start, token, tlen)) return true;
  }
  return false;
}

// Transfer-Encoding: accepted only when the last coding is exactly "chunked";
// returns 0 on success, else the status to answer with.
uint16_t check_transfer_encoding(const char* v, size_t n, bool& chunked_last, bool& saw_any) {
  size_t i = 0;
  while (i < n) {
    while (i < n && (v[i] == ' ' || v[i] == '\t')) i++;
    size_t start = i;
    while (i < n && v[i] != ',') i++;
    size_t end = i;
    while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t')) end--;
    if (i < n) i++;  // skip ','
    if (end == start) return 400;  // empty element
    if (chunked_last) return 400;  // chunked must be the final coding, applied once
    saw_any = true;
    if (ascii_iequals(v + start, end - start, "chunked", 7)) {
      chunked_last = true;
    } else {
      for (size_t k = start; k < end; k++)
        if (!kToken.t[static_cast<unsigned char>(v[k])]) return 400;
      return 501;  // only chunked is implemented; gzip etc. would reach the app encoded
    }
  }
  return 0;
}

// The methods Node's parser (llhttp) recognises for HTTP, i.e. http.METHODS:
// the two adapters must recognise the same ones (test/security/parity.test.ts
// sends every one). Anything else on a well-formed request line is 501.
bool known_method(const char* m, size_t n) {
  static constexpr const char* kMethods[] = {
      "GET",       "HEAD",        "POST",       "PUT",         "DELETE",    "OPTIONS", "PATCH",
      "TRACE",     "CONNECT",     "ACL",        "BIND",        "CHECKOUT",  "COPY",    "LINK",
      "LOCK",      "M-SEARCH",    "MERGE",      "MKACTIVITY",  "MKCALENDAR", "MKCOL",  "MOVE",
      "NOTIFY",    "PROPFIND",    "PROPPATCH",  "PURGE",       "QUERY",     "REBIND",  "REPORT",
      "SEARCH",    "SOURCE",      "SUBSCRIBE",  "UNBIND",      "UNLINK",    "UNLOCK",  "UNSUBSCRIBE"};
  for (const char* k : kMethods)
    if (strlen(k) == n && memcmp(k, m, n) == 0) return true;
  return false;
}

}  // namespace

bool is_token_char(unsigned char c) { return kToken.t[c]; }

bool ascii_iequals(const char* a, size_t alen, const char* lower_b, size_t blen) {
  if (alen != blen) return false;
  for (size_t i = 0; i < alen; i++) {
    unsigned char c = static_cast<unsigned char>(a[i]);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    if (c != static_cast<unsigned char>(lower_b[i])) return false;
  }
  return true;
}

ParseResult parse_head(const char* data, size_t len, const ParseLimits& limits, HeadScan& scan,
                       RequestHead& out) {
  // Phase 1: find the empty line that ends the head; every LF must follow a CR.
  size_t pos = scan.pos;
  size_t limit = len;
  bool complete = false;
  while (pos < limit) {
    const void* hit = memchr(data + pos, '\n', limit - pos);
    if (!hit) {
      pos = limit;
      break;
    }
    size_t lf = static_cast<const char*>(hit) - data;
    if (lf == 0 || data[lf - 1] != '\r') return error(400);  // bare LF
    if (lf - 1 == scan.line_start) {
      if (scan.line_start == scan.skip) {
        // Empty line before the request line: tolerated (RFC 9112 2.2), bounded.
        scan.skip = static_cast<uint32_t>(lf + 1);
        scan.line_start = scan.skip;
        if (scan.skip > 1024) return error(400);
        pos = lf + 1;
        continue;
      }
      pos = lf + 1;
      complete = true;
      break;
    }
    scan.line_start = static_cast<uint32_t>(lf + 1);
    pos = lf + 1;
  }
  if (!complete) {
    scan.pos = static_cast<uint32_t>(pos);
    if (len - scan.skip > limits.max_head_bytes) return error(431);
    return {ParseStatus::Incomplete, 0};
  }
  if (pos - scan.skip > limits.max_head_bytes) return error(431);

  // Phase 2: the head is data[skip, pos). Parse it in one pass.
  out.headers.clear();
  out.body_kind = BodyKind::None;
  out.content_length = 0;
  out.expect_continue = false;
  out.skip = scan.skip;
  out.head_len = static_cast<uint32_t>(pos);
  const char* p = data;
  size_t i = scan.skip;

  // request-line = method SP request-target SP HTTP-version CRLF
  size_t start = i;
  while (kToken.t[static_cast<unsigned char>(p[i])]) i++;
  if (i == start || p[i] != ' ') return error(400);
  out.method = {static_cast<uint32_t>(start), static_cast<uint32_t>(i - start)};
  i++;
  start = i;
  size_t qmark = 0;
  while (is_target_char(static_cast<unsigned char>(p[i]))) {
    if (p[i] == '?' && !qmark) qmark = i;
    if (p[i] == '#') return error(400);
    i++;
  }
  if (i == start || p[i] != ' ') return error(400);
  out.target = {static_cast<uint32_t>(start), static_cast<uint32_t>(i - start)};
  if (p[start] != '/' && !(i - start == 1 && p[start] == '*')) return error(400);
  if (qmark) {
    out.path = {static_cast<uint32_t>(start), static_cast<uint32_t>(qmark - start)};
    out.query = {static_cast<uint32_t>(qmark + 1), static_cast<uint32_t>(i - qmark - 1)};
  } else {
    out.path = out.target;
    out.query = {static_cast<uint32_t>(i), 0};
  }
  i++;
  if (pos - i < 10 || memcmp(p + i, "HTTP/", 5) != 0) return error(400);
  char major = p[i + 5], dot = p[i + 6], minor = p[i + 7];
  if (major < '0' || major > '9' || dot != '.' || minor < '0' || minor > '9' || p[i + 8] != '\r' ||
      p[i + 9] != '\n')
    return error(400);
  if (major != '1') return error(505);
  if (minor != '0' && minor != '1') return error(505);
  out.version_minor = static_cast<uint8_t>(minor - '0');
  i += 10;
  out.is_head = out.method.len == 4 && memcmp(p + out.method.off, "HEAD", 4) == 0;
  // Methods are case-sensitive (RFC 9110 9.1): "get" is not GET. CONNECT asks for
  // a tunnel to an authority-form target, which an origin server does not offer.
  if (out.method.len == 7 && memcmp(p + out.method.off, "CONNECT", 7) == 0) return error(400);
  if (!out.is_head && !known_method(p + out.method.off, out.method.len)) return error(501);

  bool saw_cl = false, saw_te = false, te_chunked = false, saw_host = false;
  bool conn_close = false, conn_keep_alive = false, saw_expect = false, expect_failed = false;
  while (i < pos - 2) {
    // header-field = field-name ":" OWS field-value OWS
    if (p[i] == ' ' || p[i] == '\t') return error(400);  // obs-fold or leading whitespace
    start = i;
    while (kToken.t[static_cast<unsigned char>(p[i])]) i++;
    if (i == start || p[i] != ':') return error(400);
    Slice name{static_cast<uint32_t>(start), static_cast<uint32_t>(i - start)};
    i++;
    while (p[i] == ' ' || p[i] == '\t') i++;
    start = i;
    while (p[i] != '\r') {
      if (!is_value_char(static_cast<unsigned char>(p[i]))) return error(400);
      i++;
    }
    size_t end = i;
    while (end > start && (p[end - 1] == ' ' || p[end - 1] == '\t')) end--;
    if (p[i + 1] != '\n') return error(400);  // bare CR
    i += 2;
    if (out.headers.size() >= limits.max_headers) return error(431);
    Slice value{static_cast<uint32_t>(start), static_cast<uint32_t>(end - start)};
    out.headers.push_back({name, value});

    const char* n = p + name.off;
    const char* v = p + value.off;
    switch (name.len) {
      case 4:
        if (ascii_iequals(n, 4, "host", 4)) {
          if (saw_host) return error(400);
          saw_host = true;
        }
        break;
      case 6:
        if (ascii_iequals(n, 6, "expect", 6)) {
          // 100-continue is the only expectation there is; any other (or a second
          // one) is 417 in HTTP/1.1 (RFC 9110 10.1.1). HTTP/1.0 ignores Expect.
          if (saw_expect || !ascii_iequals(v, value.len, "100-continue", 12)) expect_failed = true;
          else out.expect_continue = true;
          saw_expect = true;
        }
        break;
      case 10:
        if (ascii_iequals(n, 10, "connection", 10)) {
          if (list_contains(v, value.len, "close", 5)) conn_close = true;
          if (list_contains(v, value.len, "keep-alive", 10)) conn_keep_alive = true;
        }
        break;
      case 14:
        if (ascii_iequals(n, 14, "content-length", 14)) {
          if (saw_cl) return error(400);  // duplicates are ambiguous even when equal
          saw_cl = true;
          if (value.len == 0) return error(400);
          uint64_t cl = 0;
          for (uint32_t k = 0; k < value.len; k++) {
            unsigned char c = static_cast<unsigned char>(v[k]);
            if (c < '0' || c > '9') return error(400);
            if (cl > (UINT64_MAX - 9) / 10) return error(413);
            cl = cl * 10 + (c - '0');
          }
          out.content_length = cl;
        }
        break;
      case 17:
        if (ascii_iequals(n, 17, "transfer-encoding", 17)) {
          uint16_t st = check_transfer_encoding(v, value.len, te_chunked, saw_te);
          if (st) return error(st);
          saw_te = true;
        }
        break;
      default:
        break;
    }
  }
  if (saw_te) {
    if (saw_cl) return error(400);
    if (out.version_minor == 0) return error(400);
    if (!te_chunked) return error(400);
    out.body_kind = BodyKind::Chunked;
  } else if (saw_cl && out.content_length > 0) {
    out.body_kind = BodyKind::Length;
  }
  if (out.version_minor == 1 && !saw_host) return error(400);
  if (out.version_minor == 1 && expect_failed) return error(417);
  out.keep_alive = out.version_minor == 1 ? !conn_close : (conn_keep_alive && !conn_close);
  scan.reset();
  return {ParseStatus::Complete, 0};
}

}  // namespace hyper
