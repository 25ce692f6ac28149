// Shared helpers of the reparam native kernels: argument access and the oneDNN engine.
#pragma once
#include <napi.h>
#include <dnnl.hpp>
#include <cstdint>
#include <vector>

namespace reparam {

// One CPU engine and stream for the process; oneDNN parallelises inside each primitive.
dnnl::engine& cpuEngine();
dnnl::stream& cpuStream();

inline float* f32(const Napi::Value& v) { return v.As<Napi::Float32Array>().Data(); }
inline int64_t i64(const Napi::Value& v) { return static_cast<int64_t>(v.As<Napi::Number>().Int64Value()); }
inline size_t len(const Napi::Value& v) { return v.As<Napi::Float32Array>().ElementLength(); }

// Runs a kernel body, turning a oneDNN or C++ error into a JS exception instead of an abort.
template <typename F>
Napi::Value guarded(const Napi::CallbackInfo& info, F body) {
  try {
    body();
  } catch (const std::exception& e) {
    Napi::Error::New(info.Env(), e.what()).ThrowAsJavaScriptException();
  }
  return info.Env().Undefined();
}

void registerConv(Napi::Env env, Napi::Object exports);
void registerElementwise(Napi::Env env, Napi::Object exports);
void registerBatchNorm(Napi::Env env, Napi::Object exports);
void registerPool(Napi::Env env, Napi::Object exports);
void registerCopy(Napi::Env env, Napi::Object exports);
void registerMatMul(Napi::Env env, Napi::Object exports);
void registerWeighted(Napi::Env env, Napi::Object exports);

}  // namespace reparam
