#include <malloc.h>
#include <string>
#include "common.h"

namespace reparam {

dnnl::engine& cpuEngine() {
  static dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  return eng;
}

dnnl::stream& cpuStream() {
  static dnnl::stream s(cpuEngine());
  return s;
}

// oneDnnVersion(): "major.minor.patch" of the oneDNN library the addon runs on.
Napi::Value OneDnnVersion(const Napi::CallbackInfo& info) {
  const dnnl_version_t* v = dnnl_version();
  return Napi::String::New(info.Env(), std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch));
}

}  // namespace reparam

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // Kernel outputs are large, short-lived buffers. Served from mmap, every one of them page-faults
  // on first write; kept in the heap and not trimmed, freed ones are reused warm.
  mallopt(M_MMAP_THRESHOLD, 512 << 20);
  mallopt(M_TRIM_THRESHOLD, 1024 << 20);
  reparam::registerConv(env, exports);
  reparam::registerElementwise(env, exports);
  reparam::registerBatchNorm(env, exports);
  reparam::registerPool(env, exports);
  reparam::registerCopy(env, exports);
  reparam::registerMatMul(env, exports);
  reparam::registerWeighted(env, exports);
  exports.Set("oneDnnVersion", Napi::Function::New(env, reparam::OneDnnVersion));
  return exports;
}

NODE_API_MODULE(reparam_native, Init)
