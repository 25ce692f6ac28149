// NHWC average pooling (valid windows; callers pad explicitly) forward and backward on oneDNN.
#include <map>
#include <memory>
#include <tuple>
#include "common.h"

namespace reparam {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

using PoolKey = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t>;

struct PoolPlan {
  memory::desc src, dst;
  dnnl::pooling_forward::primitive_desc fwdPd;
  dnnl::pooling_forward fwd;
  dnnl::pooling_backward bwd;
};

PoolPlan& planFor(int64_t n, int64_t h, int64_t w, int64_t c, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t oh, int64_t ow) {
  static std::map<PoolKey, std::unique_ptr<PoolPlan>> cache;
  PoolKey key{n, h, w, c, kh, kw, sh, sw, oh, ow};
  auto it = cache.find(key);
  if (it != cache.end()) return *it->second;
  auto& eng = cpuEngine();
  auto p = std::make_unique<PoolPlan>();
  p->src = memory::desc({n, c, h, w}, dt::f32, tag::nhwc);
  p->dst = memory::desc({n, c, oh, ow}, dt::f32, tag::nhwc);
  // Padding on the bottom/right only makes oneDNN's size equation hold when the last window
  // does not reach the edge; no window ever reads it.
  int64_t pb = (oh - 1) * sh + kh - h, pr = (ow - 1) * sw + kw - w;
  memory::dims strides{sh, sw}, kernel{kh, kw}, padL{0, 0}, padR{pb > 0 ? pb : 0, pr > 0 ? pr : 0};
  auto fd = dnnl::pooling_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::pooling_avg_exclude_padding, p->src,
                                        p->dst, strides, kernel, padL, padR);
  p->fwdPd = dnnl::pooling_forward::primitive_desc(fd, eng);
  p->fwd = dnnl::pooling_forward(p->fwdPd);
  auto bd = dnnl::pooling_backward::desc(dnnl::algorithm::pooling_avg_exclude_padding, p->src, p->dst, strides, kernel, padL, padR);
  p->bwd = dnnl::pooling_backward(dnnl::pooling_backward::primitive_desc(bd, eng, p->fwdPd));
  auto& ref = *p;
  cache.emplace(key, std::move(p));
  return ref;
}

PoolPlan& planFrom(const Napi::CallbackInfo& info) {
  return planFor(i64(info[2]), i64(info[3]), i64(info[4]), i64(info[5]), i64(info[6]), i64(info[7]), i64(info[8]), i64(info[9]),
                 i64(info[10]), i64(info[11]));
}

// avgPoolForward(x, y, n, h, w, c, kh, kw, sh, sw, oh, ow)
Napi::Value Forward(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  auto& p = planFrom(info);
  memory src(p.src, cpuEngine(), f32(info[0])), dst(p.dst, cpuEngine(), f32(info[1]));
  p.fwd.execute(cpuStream(), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
  cpuStream().wait();
  });
}

// avgPoolBackward(dy, dx, n, h, w, c, kh, kw, sh, sw, oh, ow)
Napi::Value Backward(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  auto& p = planFrom(info);
  memory diffDst(p.dst, cpuEngine(), f32(info[0])), diffSrc(p.src, cpuEngine(), f32(info[1]));
  p.bwd.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_SRC, diffSrc}});
  cpuStream().wait();
  });
}

}  // namespace

void registerPool(Napi::Env env, Napi::Object exports) {
  exports.Set("avgPoolForward", Napi::Function::New(env, Forward));
  exports.Set("avgPoolBackward", Napi::Function::New(env, Backward));
}

}  // namespace reparam
