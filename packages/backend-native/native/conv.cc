// NHWC convolutions (forward, backward data, backward weights) on oneDNN 2.x (v2 API: op::desc then
// primitive_desc). Primitives are cached per shape: creating one costs far more than running it.
#include <algorithm>
#include <map>
#include <memory>
#include <tuple>
#include <unordered_map>
#include "common.h"

namespace reparam {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

struct ConvShape {
  int64_t n, h, w, c, kh, kw, oc, sh, sw, pt, pb, pl, pr, oh, ow;
  auto key() const { return std::make_tuple(n, h, w, c, kh, kw, oc, sh, sw, pt, pb, pl, pr, oh, ow); }
  bool operator<(const ConvShape& o) const { return key() < o.key(); }
};

ConvShape readShape(const Napi::CallbackInfo& info, size_t first) {
  ConvShape s;
  int64_t* f[] = {&s.n, &s.h, &s.w, &s.c, &s.kh, &s.kw, &s.oc, &s.sh, &s.sw, &s.pt, &s.pb, &s.pl, &s.pr, &s.oh, &s.ow};
  for (size_t i = 0; i < 15; i++) *f[i] = i64(info[first + i]);
  return s;
}

// What every plan of a shape starts from: NHWC activations, the caller's HWIO weights, weights in
// whatever layout a primitive prefers, and the geometry.
struct ConvDescs {
  memory::desc src, dst, userWeights, anyWeights;
  memory::dims strides, padL, padR;
  explicit ConvDescs(const ConvShape& s)
      : src({s.n, s.c, s.h, s.w}, dt::f32, tag::nhwc),
        dst({s.n, s.oc, s.oh, s.ow}, dt::f32, tag::nhwc),
        userWeights({s.oc, s.c, s.kh, s.kw}, dt::f32, tag::hwio),
        anyWeights({s.oc, s.c, s.kh, s.kw}, dt::f32, tag::any),
        strides({s.sh, s.sw}),
        padL({s.pt, s.pl}),
        padR({s.pb, s.pr}) {}
};

// Everything cached for one shape: the three primitive descriptors and primitives.
struct ConvPlan : ConvDescs {
  using ConvDescs::ConvDescs;
  dnnl::convolution_forward::primitive_desc fwdPd;
  dnnl::convolution_forward fwd;
  dnnl::convolution_backward_data::primitive_desc bwdDataPd;
  dnnl::convolution_backward_data bwdData;
  dnnl::convolution_backward_weights::primitive_desc bwdWeightsPd;
  dnnl::convolution_backward_weights bwdWeights;
};

ConvPlan& planFor(const ConvShape& s) {
  static std::map<ConvShape, std::unique_ptr<ConvPlan>> cache;
  auto it = cache.find(s);
  if (it != cache.end()) return *it->second;
  auto& eng = cpuEngine();
  auto plan = std::make_unique<ConvPlan>(s);
  auto fd = dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, plan->src,
                                            plan->anyWeights, plan->dst, plan->strides, plan->padL, plan->padR);
  plan->fwdPd = dnnl::convolution_forward::primitive_desc(fd, eng);
  plan->fwd = dnnl::convolution_forward(plan->fwdPd);
  auto bd = dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, plan->src, plan->anyWeights, plan->dst, plan->strides,
                                                  plan->padL, plan->padR);
  plan->bwdDataPd = dnnl::convolution_backward_data::primitive_desc(bd, eng, plan->fwdPd);
  plan->bwdData = dnnl::convolution_backward_data(plan->bwdDataPd);
  auto bw = dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, plan->src, plan->anyWeights, plan->dst,
                                                     plan->strides, plan->padL, plan->padR);
  plan->bwdWeightsPd = dnnl::convolution_backward_weights::primitive_desc(bw, eng, plan->fwdPd);
  plan->bwdWeights = dnnl::convolution_backward_weights(plan->bwdWeightsPd);
  auto& ref = *plan;
  cache.emplace(s, std::move(plan));
  return ref;
}

// User HWIO weights in the layout a primitive wants (a reorder only when they differ).
memory weightsFor(const memory::desc& want, const memory::desc& user, float* data) {
  auto& eng = cpuEngine();
  memory userMem(user, eng, data);
  if (want == user) return userMem;
  memory m(want, eng);
  dnnl::reorder(userMem, m).execute(cpuStream(), userMem, m);
  return m;
}

// conv2dForward(x, w, y, ...shape)
Napi::Value Forward(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  ConvShape s = readShape(info, 3);
  auto& p = planFor(s);
  auto& eng = cpuEngine();
  memory src(p.src, eng, f32(info[0]));
  memory wei = weightsFor(p.fwdPd.weights_desc(), p.userWeights, f32(info[1]));
  memory dst(p.dst, eng, f32(info[2]));
  p.fwd.execute(cpuStream(), {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}});
  cpuStream().wait();
  });
}

// conv2dBackwardData(dy, w, dx, ...shape)
Napi::Value BackwardData(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  ConvShape s = readShape(info, 3);
  auto& p = planFor(s);
  auto& eng = cpuEngine();
  memory diffDst(p.dst, eng, f32(info[0]));
  memory wei = weightsFor(p.bwdDataPd.weights_desc(), p.userWeights, f32(info[1]));
  memory diffSrc(p.src, eng, f32(info[2]));
  p.bwdData.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DIFF_SRC, diffSrc}});
  cpuStream().wait();
  });
}

// Weight gradient of a 1×1 conv with stride > 1: the same as a stride-1 conv on the input sampled
// at the output positions. oneDNN 2.6's strided 1×1 backward-weights kernel gives wrong results
// for NHWC with few channels on even sizes, so we never ask it to.
void strided1x1BackwardWeights(const ConvShape& s, const float* x, const float* dy, float* dw) {
  std::vector<float> sub(static_cast<size_t>(s.n * s.oh * s.ow * s.c));
  const int64_t rows = s.n * s.oh * s.ow;
#pragma omp parallel for schedule(static) if (rows * s.c >= 32768)
  for (int64_t r = 0; r < rows; r++) {
    int64_t ox = r % s.ow, oy = (r / s.ow) % s.oh, b = r / (s.ow * s.oh);
    const float* src = x + ((b * s.h + oy * s.sh) * s.w + ox * s.sw) * s.c;
    std::copy(src, src + s.c, sub.data() + r * s.c);
  }
  ConvShape unit = s;
  unit.h = s.oh;
  unit.w = s.ow;
  unit.sh = unit.sw = 1;
  auto& p = planFor(unit);
  auto& eng = cpuEngine();
  memory src(p.src, eng, sub.data());
  memory diffDst(p.dst, eng, const_cast<float*>(dy));
  memory userDiffW(p.userWeights, eng, dw);
  auto want = p.bwdWeightsPd.diff_weights_desc();
  memory diffW = want == p.userWeights ? userDiffW : memory(want, eng);
  p.bwdWeights.execute(cpuStream(), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_WEIGHTS, diffW}});
  if (!(want == p.userWeights)) dnnl::reorder(diffW, userDiffW).execute(cpuStream(), diffW, userDiffW);
  cpuStream().wait();
}

// conv2dBackwardWeights(x, dy, dw, ...shape)
Napi::Value BackwardWeights(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  ConvShape s = readShape(info, 3);
  if (s.kh == 1 && s.kw == 1 && (s.sh > 1 || s.sw > 1) && s.pt == 0 && s.pb == 0 && s.pl == 0 && s.pr == 0) {
    strided1x1BackwardWeights(s, f32(info[0]), f32(info[1]), f32(info[2]));
    return;
  }
  auto& p = planFor(s);
  auto& eng = cpuEngine();
  memory src(p.src, eng, f32(info[0]));
  memory diffDst(p.dst, eng, f32(info[1]));
  memory userDiffW(p.userWeights, eng, f32(info[2]));
  auto want = p.bwdWeightsPd.diff_weights_desc();
  if (want == p.userWeights) {
    p.bwdWeights.execute(cpuStream(), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_WEIGHTS, userDiffW}});
  } else {
    memory diffW(want, eng);
    p.bwdWeights.execute(cpuStream(), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_WEIGHTS, diffW}});
    dnnl::reorder(diffW, userDiffW).execute(cpuStream(), diffW, userDiffW);
  }
  cpuStream().wait();
  });
}

// An inference convolution with its epilogue as oneDNN post-ops, in this order: × scale per output
// channel, + shift per output channel, + a residual of the output's shape, ReLU. Each part is
// optional. One primitive writes the output once: separate passes for BN's affine, the residual add
// and the ReLU each read and write the whole activation again.
struct EpilogueKey {
  ConvShape s;
  bool scale, shift, residual, relu;
  auto key() const { return std::make_tuple(s.key(), scale, shift, residual, relu); }
  bool operator<(const EpilogueKey& o) const { return key() < o.key(); }
};

struct EpiloguePlan : ConvDescs {
  using ConvDescs::ConvDescs;
  memory::desc channel;
  dnnl::convolution_forward::primitive_desc pd;
  dnnl::convolution_forward prim;
};

EpiloguePlan& epiloguePlanFor(const EpilogueKey& k) {
  static std::map<EpilogueKey, std::unique_ptr<EpiloguePlan>> cache;
  auto it = cache.find(k);
  if (it != cache.end()) return *it->second;
  const ConvShape& s = k.s;
  auto plan = std::make_unique<EpiloguePlan>(s);
  plan->channel = memory::desc({1, s.oc, 1, 1}, dt::f32, tag::nhwc);
  dnnl::post_ops po;
  if (k.scale) po.append_binary(dnnl::algorithm::binary_mul, plan->channel);
  if (k.shift) po.append_binary(dnnl::algorithm::binary_add, plan->channel);
  if (k.residual) po.append_binary(dnnl::algorithm::binary_add, plan->dst);
  if (k.relu) po.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
  dnnl::primitive_attr attr;
  attr.set_post_ops(po);
  auto fd = dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, plan->src,
                                            plan->anyWeights, plan->dst, plan->strides, plan->padL, plan->padR);
  plan->pd = dnnl::convolution_forward::primitive_desc(fd, attr, cpuEngine());
  plan->prim = dnnl::convolution_forward(plan->pd);
  auto& ref = *plan;
  cache.emplace(k, std::move(plan));
  return ref;
}

// A Float32Array argument, or nullptr for null/undefined.
float* optionalF32(const Napi::Value& v) { return v.IsNull() || v.IsUndefined() ? nullptr : f32(v); }

// conv2dForwardEpilogue(x, w, y, scale|null, shift|null, residual|null, relu, ...shape)
Napi::Value ForwardEpilogue(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
  float* scale = optionalF32(info[3]);
  float* shift = optionalF32(info[4]);
  float* residual = optionalF32(info[5]);
  bool relu = info[6].As<Napi::Boolean>().Value();
  EpilogueKey k{readShape(info, 7), scale != nullptr, shift != nullptr, residual != nullptr, relu};
  auto& p = epiloguePlanFor(k);
  auto& eng = cpuEngine();
  memory src(p.src, eng, f32(info[0]));
  memory wei = weightsFor(p.pd.weights_desc(), p.userWeights, f32(info[1]));
  memory dst(p.dst, eng, f32(info[2]));
  std::unordered_map<int, memory> args = {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}};
  int idx = 0;
  if (scale) args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(idx++) | DNNL_ARG_SRC_1, memory(p.channel, eng, scale));
  if (shift) args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(idx++) | DNNL_ARG_SRC_1, memory(p.channel, eng, shift));
  if (residual) args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(idx++) | DNNL_ARG_SRC_1, memory(p.dst, eng, residual));
  p.prim.execute(cpuStream(), args);
  cpuStream().wait();
  });
}

}  // namespace

void registerConv(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2dForward", Napi::Function::New(env, Forward));
  exports.Set("conv2dForwardEpilogue", Napi::Function::New(env, ForwardEpilogue));
  exports.Set("conv2dBackwardData", Napi::Function::New(env, BackwardData));
  exports.Set("conv2dBackwardWeights", Napi::Function::New(env, BackwardWeights));
}

}  // namespace reparam
