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

}  // namespace reparam

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  reparam::registerConv(env, exports);
  reparam::registerElementwise(env, exports);
  reparam::registerBatchNorm(env, exports);
  reparam::registerPool(env, exports);
  reparam::registerCopy(env, exports);
  return exports;
}

NODE_API_MODULE(reparam_native, Init)
