#include <malloc.h>
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
  return exports;
}

NODE_API_MODULE(reparam_native, Init)
