// JS-visible NativeRouter: wraps hyper::Router. The server borrows the Router of
// the NativeRouter it is given; match() and bench() exist for tests and the
// router micro-benchmark.
#pragma once
#include <napi.h>

#include "router.h"

namespace hyper {

class NativeRouter : public Napi::ObjectWrap<NativeRouter> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit NativeRouter(const Napi::CallbackInfo& info);
  const Router& router() const { return router_; }
  static NativeRouter* Unwrap(Napi::Value value);

 private:
  Napi::Value Add(const Napi::CallbackInfo& info);
  Napi::Value Match(const Napi::CallbackInfo& info);
  Napi::Value Bench(const Napi::CallbackInfo& info);
  Router router_;
};

}  // namespace hyper
