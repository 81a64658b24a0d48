// Accept-Encoding negotiation for the native static table: the C++ twin of
// src/http/accept-encoding.ts. Pure C++ (fuzzed in native/fuzz/). It handles
// the plain grammar browsers send and declines anything else, so the TS twin
// decides every case this one does not.
#pragma once
#include <cstddef>

namespace hyper {

enum StaticCoding : int { kDecline = -1, kIdentity = 0, kGzip = 1, kBrotli = 2 };

// The coding to send for an Accept-Encoding value, given which precompressed
// representations exist; kDecline when the value is outside the plain grammar
// (parameters other than q, odd q-values, characters outside tokens).
int negotiate_encoding(const char* value, size_t len, bool has_br, bool has_gzip);

}  // namespace hyper
