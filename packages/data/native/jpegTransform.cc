// JPEG → normalised float input in one pass: libjpeg-turbo decodes only the rows and columns of the
// crop (jpeg_crop_scanline / jpeg_skip_scanlines, with DCT scaling when the crop is at least twice
// the output), then a separable triangle filter (bilinear, antialiased when shrinking, as PIL's
// resize) maps the crop to size × size, mirrored if asked, normalised per channel.
//
// transform(bytes: Buffer, box: Float64Array [left, top, width, height] in source pixels,
//           size: number, mirror: boolean, norm: Float32Array [m0, m1, m2, s0, s1, s2],
//           out: Float32Array, offset: number) → undefined | string
// A string is why the image was not made: "unsupported: …" (a colour space to leave to libvips) or
// "corrupt: …" (libjpeg's error or warning message).
#include <napi.h>
#include <jpeglib.h>
#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct ErrorManager {
  jpeg_error_mgr pub;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void onError(j_common_ptr c) {
  auto* e = reinterpret_cast<ErrorManager*>(c->err);
  (*c->err->format_message)(c, e->message);
  longjmp(e->jump, 1);
}

// Corrupt-data warnings (a truncated scan, bad Huffman codes) make grey rows: the image is bad, not usable.
void onWarning(j_common_ptr c, int level) {
  if (level < 0) {
    auto* e = reinterpret_cast<ErrorManager*>(c->err);
    if (e->pub.num_warnings++ == 0) (*c->err->format_message)(c, e->message);
  }
}

// Weights of each output sample over the input samples [start, start + count): a triangle of radius
// max(1, scale) around the sample's centre, normalised to sum 1.
struct Filter {
  std::vector<int> start, count;
  std::vector<float> w;
  int taps = 0;
};

Filter triangleFilter(int inSize, double in0, double inLength, int outSize) {
  Filter f;
  const double scale = inLength / outSize;
  const double support = std::max(1.0, scale);
  f.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
  f.start.assign(outSize, 0);
  f.count.assign(outSize, 0);
  f.w.assign(static_cast<size_t>(outSize) * f.taps, 0.f);
  for (int x = 0; x < outSize; x++) {
    const double centre = in0 + (x + 0.5) * scale;
    const int lo = std::max(0, static_cast<int>(std::floor(centre - support)));
    const int hi = std::min(inSize, static_cast<int>(std::ceil(centre + support)));
    double sum = 0;
    int n = 0;
    float* w = &f.w[static_cast<size_t>(x) * f.taps];
    for (int i = lo; i < hi && n < f.taps; i++, n++) {
      const double t = std::max(0.0, 1 - std::fabs((i + 0.5 - centre) / support));
      w[n] = static_cast<float>(t);
      sum += t;
    }
    if (sum <= 0) {  // a sample outside every input centre's reach: take the nearest input
      w[0] = 1;
      n = 1;
      sum = 1;
    }
    for (int k = 0; k < n; k++) w[k] = static_cast<float>(w[k] / sum);
    f.start[x] = lo;
    f.count[x] = n;
  }
  return f;
}

std::string transform(const uint8_t* bytes, size_t length, const double* box, int size, bool mirror, const float* norm, float* out) {
  jpeg_decompress_struct info;
  ErrorManager err;
  info.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = onError;
  err.pub.emit_message = onWarning;
  err.message[0] = 0;
  std::vector<uint8_t> rows;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&info);
    return std::string("corrupt: ") + err.message;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, bytes, length);
  jpeg_read_header(&info, TRUE);
  if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
    jpeg_destroy_decompress(&info);
    return "unsupported: CMYK";
  }
  info.out_color_space = JCS_RGB;
  // DCT scaling by 1/2, 1/4 or 1/8 while the crop stays at least `size` on both sides.
  int denom = 1;
  while (denom < 8 && box[2] / (denom * 2) >= size && box[3] / (denom * 2) >= size) denom *= 2;
  info.scale_num = 1;
  info.scale_denom = denom;
  jpeg_start_decompress(&info);
  const double sx = static_cast<double>(info.output_width) / info.image_width;
  const double sy = static_cast<double>(info.output_height) / info.image_height;
  const double left = box[0] * sx, top = box[1] * sy, width = box[2] * sx, height = box[3] * sy;
  // One input sample of margin on each side for the filter; crop_scanline may widen to an iMCU boundary.
  JDIMENSION x0 = static_cast<JDIMENSION>(std::max(0.0, std::floor(left) - 1));
  JDIMENSION xw = static_cast<JDIMENSION>(std::min<double>(info.output_width, std::ceil(left + width) + 1) - x0);
  jpeg_crop_scanline(&info, &x0, &xw);
  const int y0 = static_cast<int>(std::max(0.0, std::floor(top) - 1));
  const int y1 = static_cast<int>(std::min<double>(info.output_height, std::ceil(top + height) + 1));
  if (y0 > 0) jpeg_skip_scanlines(&info, y0);
  const int h = y1 - y0;
  const int stride = static_cast<int>(xw) * 3;
  rows.resize(static_cast<size_t>(h) * stride);
  for (int r = 0; r < h;) {
    JSAMPROW row = rows.data() + static_cast<size_t>(r) * stride;
    const JDIMENSION got = jpeg_read_scanlines(&info, &row, 1);
    if (got == 0) break;
    r += static_cast<int>(got);
  }
  if (err.pub.num_warnings > 0) {
    jpeg_destroy_decompress(&info);
    return std::string("corrupt: ") + err.message;
  }
  jpeg_abort_decompress(&info);
  jpeg_destroy_decompress(&info);

  const Filter fx = triangleFilter(static_cast<int>(xw), left - x0, width, size);
  const Filter fy = triangleFilter(h, top - y0, height, size);
  std::vector<float> horizontal(static_cast<size_t>(h) * size * 3);
  for (int r = 0; r < h; r++) {
    const uint8_t* src = rows.data() + static_cast<size_t>(r) * stride;
    float* dst = horizontal.data() + static_cast<size_t>(r) * size * 3;
    for (int x = 0; x < size; x++) {
      const float* w = &fx.w[static_cast<size_t>(x) * fx.taps];
      const uint8_t* p = src + fx.start[x] * 3;
      float a = 0, b = 0, c = 0;
      for (int k = 0; k < fx.count[x]; k++, p += 3) {
        a += w[k] * p[0];
        b += w[k] * p[1];
        c += w[k] * p[2];
      }
      const int o = (mirror ? size - 1 - x : x) * 3;
      dst[o] = a;
      dst[o + 1] = b;
      dst[o + 2] = c;
    }
  }
  // Normalising: (v / 255 - mean) / std = v · gain + bias.
  float gain[3], bias[3];
  for (int c = 0; c < 3; c++) {
    gain[c] = 1.f / (255.f * norm[3 + c]);
    bias[c] = -norm[c] / norm[3 + c];
  }
  const int line = size * 3;
  for (int y = 0; y < size; y++) {
    const float* w = &fy.w[static_cast<size_t>(y) * fy.taps];
    float* dst = out + static_cast<size_t>(y) * line;
    std::fill(dst, dst + line, 0.f);
    for (int k = 0; k < fy.count[y]; k++) {
      const float* src = horizontal.data() + static_cast<size_t>(fy.start[y] + k) * line;
      const float wk = w[k];
      for (int i = 0; i < line; i++) dst[i] += wk * src[i];
    }
    for (int i = 0; i < line; i++) dst[i] = dst[i] * gain[i % 3] + bias[i % 3];
  }
  return "";
}

Napi::Value Transform(const Napi::CallbackInfo& args) {
  Napi::Env env = args.Env();
  auto bytes = args[0].As<Napi::Uint8Array>();
  auto box = args[1].As<Napi::Float64Array>();
  const int size = args[2].As<Napi::Number>().Int32Value();
  const bool mirror = args[3].As<Napi::Boolean>().Value();
  auto norm = args[4].As<Napi::Float32Array>();
  auto out = args[5].As<Napi::Float32Array>();
  const size_t offset = args[6].As<Napi::Number>().Int64Value();
  if (box.ElementLength() != 4 || norm.ElementLength() != 6 || size <= 0 || offset + static_cast<size_t>(size) * size * 3 > out.ElementLength()) {
    Napi::TypeError::New(env, "jpegTransform: bad arguments").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const std::string why = transform(bytes.Data(), bytes.ByteLength(), box.Data(), size, mirror, norm.Data(), out.Data() + offset);
  return why.empty() ? env.Undefined() : Napi::String::New(env, why);
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("transform", Napi::Function::New(env, Transform));
  return exports;
}

NODE_API_MODULE(reparam_jpeg, Init)
