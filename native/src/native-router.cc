#include "native-router.h"

#include <chrono>

namespace hyper {

namespace {
// Per-environment (main thread or worker thread), never shared between them.
struct RouterData {
  Napi::FunctionReference constructor;
};
}  // namespace

Napi::Function NativeRouter::Init(Napi::Env env) {
  Napi::Function fn = DefineClass(env, "NativeRouter",
                                  {InstanceMethod<&NativeRouter::Add>("add"),
                                   InstanceMethod<&NativeRouter::Match>("match"),
                                   InstanceMethod<&NativeRouter::Bench>("bench")});
  auto* data = new RouterData{Napi::Persistent(fn)};
  env.SetInstanceData<RouterData>(data);
  return fn;
}

NativeRouter* NativeRouter::Unwrap(Napi::Value value) {
  RouterData* data = value.Env().GetInstanceData<RouterData>();
  if (!data || !value.IsObject()) return nullptr;
  Napi::Object obj = value.As<Napi::Object>();
  bool is = false;
  if (napi_instanceof(value.Env(), obj, data->constructor.Value(), &is) != napi_ok || !is) return nullptr;
  return Napi::ObjectWrap<NativeRouter>::Unwrap(obj);
}

NativeRouter::NativeRouter(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeRouter>(info) {}

// add(pattern: string, methods: number) -> undefined | error string
Napi::Value NativeRouter::Add(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsNumber()) {
    Napi::TypeError::New(env, "add(pattern, methods)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string pattern = info[0].As<Napi::String>().Utf8Value();
  uint32_t mask = info[1].As<Napi::Number>().Uint32Value() & 0xffff;
  std::string error;
  if (!router_.add(pattern, static_cast<uint16_t>(mask), &error)) return Napi::String::New(env, error);
  return env.Undefined();
}

// match(method, rawPath) -> [0, routeId, ...params] | [1] | [2, allow]
Napi::Value NativeRouter::Match(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsString()) {
    Napi::TypeError::New(env, "match(method, path)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string method = info[0].As<Napi::String>().Utf8Value();
  std::string raw = info[1].As<Napi::String>().Utf8Value();
  std::string decoded;
  percent_decode(raw.data(), raw.size(), decoded);
  MatchResult m;
  router_.match(decoded, method_bit(method), m);
  Napi::Array out = Napi::Array::New(env);
  out.Set(0u, Napi::Number::New(env, m.kind));
  if (m.kind == MatchResult::Found) {
    out.Set(1u, Napi::Number::New(env, m.route));
    uint32_t k = 2;
    for (const Capture& c : m.params) out.Set(k++, Napi::String::New(env, decoded.data() + c.off, c.len));
  } else if (m.kind == MatchResult::MethodNotAllowed) {
    out.Set(1u, Napi::String::New(env, allow_header(m.allow)));
  }
  return out;
}

// bench(method, paths[], iterations) -> nanoseconds per lookup (decode + match),
// measured inside native code so the JS boundary is not counted.
Napi::Value NativeRouter::Bench(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsString() || !info[1].IsArray() || !info[2].IsNumber()) {
    Napi::TypeError::New(env, "bench(method, paths, iterations)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  uint16_t method = method_bit(info[0].As<Napi::String>().Utf8Value());
  Napi::Array arr = info[1].As<Napi::Array>();
  std::vector<std::string> paths;
  for (uint32_t i = 0; i < arr.Length(); i++) {
    Napi::Value v = arr.Get(i);
    if (v.IsString()) paths.push_back(v.As<Napi::String>().Utf8Value());
  }
  int64_t iterations = info[2].As<Napi::Number>().Int64Value();
  if (paths.empty() || iterations <= 0) return Napi::Number::New(env, 0);
  MatchResult m;
  std::string decoded;
  uint64_t sink = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < iterations; i++) {
    const std::string& p = paths[static_cast<size_t>(i) % paths.size()];
    percent_decode(p.data(), p.size(), decoded);
    router_.match(decoded, method, m);
    sink += m.route + m.params.size();
  }
  auto t1 = std::chrono::steady_clock::now();
  double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(iterations);
  if (sink == 0xffffffffffffull) ns += 0;  // keeps the loop from being optimised away
  return Napi::Number::New(env, ns);
}

}  // namespace hyper
