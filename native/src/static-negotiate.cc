// See static-negotiate.h. q-values are kept in thousandths, so the comparison
// is exact and equals the TS twin's on every input accepted here.
#include "static-negotiate.h"

namespace hyper {

namespace {

bool is_name_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '*' || c == '_' ||
         c == '.';
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c; }

bool name_is(const char* p, size_t n, const char* want) {
  size_t i = 0;
  for (; i < n; i++) {
    if (want[i] == '\0' || lower(static_cast<unsigned char>(p[i])) != static_cast<unsigned char>(want[i])) return false;
  }
  return want[i] == '\0';
}

// "0", "0.d{0,3}", "1", "1.0{0,3}" -> thousandths; -1 otherwise.
int parse_q(const char* p, size_t n) {
  if (n == 0 || (p[0] != '0' && p[0] != '1')) return -1;
  int whole = p[0] - '0';
  if (n == 1) return whole * 1000;
  if (p[1] != '.' || n > 5) return -1;
  int frac = 0, scale = 100;
  for (size_t i = 2; i < n; i++, scale /= 10) {
    if (p[i] < '0' || p[i] > '9') return -1;
    frac += (p[i] - '0') * scale;
  }
  if (whole == 1 && frac != 0) return -1;
  return whole * 1000 + frac;
}

}  // namespace

int negotiate_encoding(const char* value, size_t len, bool has_br, bool has_gzip) {
  int q_br = -1, q_gzip = -1, q_star = -1;  // -1: not named
  size_t i = 0;
  while (i <= len) {
    size_t end = i;
    while (end < len && value[end] != ',') end++;
    size_t a = i, b = end;
    while (a < b && is_ows(value[a])) a++;
    while (b > a && is_ows(value[b - 1])) b--;
    if (a < b) {
      size_t name_end = a;
      while (name_end < b && is_name_char(static_cast<unsigned char>(value[name_end]))) name_end++;
      if (name_end == a) return kDecline;
      int q = 1000;
      size_t p = name_end;
      while (p < b && is_ows(value[p])) p++;
      if (p < b) {
        // Exactly one parameter, q=<qvalue>, with no spaces around '='.
        if (value[p] != ';') return kDecline;
        p++;
        while (p < b && is_ows(value[p])) p++;
        if (b - p < 3 || (value[p] != 'q' && value[p] != 'Q') || value[p + 1] != '=') return kDecline;
        q = parse_q(value + p + 2, b - p - 2);
        if (q < 0) return kDecline;
      }
      const char* name = value + a;
      size_t name_len = name_end - a;
      int* slot = nullptr;
      if (name_is(name, name_len, "br")) slot = &q_br;
      else if (name_is(name, name_len, "gzip") || name_is(name, name_len, "x-gzip")) slot = &q_gzip;
      else if (name_is(name, name_len, "*")) slot = &q_star;
      if (slot && q > *slot) *slot = q;
    }
    i = end + 1;
  }
  int star = q_star < 0 ? 0 : q_star;
  int br = has_br ? (q_br >= 0 ? q_br : star) : 0;
  int gzip = has_gzip ? (q_gzip >= 0 ? q_gzip : star) : 0;
  if (br > 0 && br >= gzip) return kBrotli;
  if (gzip > 0) return kGzip;
  return kIdentity;
}

}  // namespace hyper
