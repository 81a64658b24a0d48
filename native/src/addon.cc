// The table of exports; each type lives in its own .h/.cc pair.
#include <napi.h>

#include "http-server.h"
#include "native-router.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeRouter", hyper::NativeRouter::Init(env));
  exports.Set("NativeServer", hyper::HttpServer::Init(env));
  exports.Set("abiVersion", Napi::Number::New(env, 2));
  return exports;
}

}  // namespace

NODE_API_MODULE(hyper_native, Init)
